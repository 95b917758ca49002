//! `imagecurator describe`: what each text reads as, by each of the library's readers. A text
//! that one reader refuses is not an error: most texts are only one of the three.

use imagecurator::bindings::{NamespaceView, ReferenceView, TagView};
use imagecurator::{Error, Namespace, NamespacePattern, Reference, Tag};
use serde_json::{json, Value};

/// Every text described, as a table or as JSON (one object per text).
pub fn describe(texts: &[String], as_json: bool) -> String {
    if as_json {
        let all: Vec<Value> = texts.iter().map(|t| as_value(t)).collect();
        return serde_json::to_string_pretty(&all).unwrap_or_default() + "\n";
    }
    texts.iter().map(|t| as_table(t)).collect()
}

fn as_table(text: &str) -> String {
    format!(
        "{text}\n  reference: {}\n  tag:       {}\n  namespace: {}\n",
        reference_line(text),
        tag_line(text),
        namespace_line(text)
    )
}

fn as_value(text: &str) -> Value {
    let refused = |e: Error| json!({"error": {"code": e.code().as_str(), "message": e.to_string()}});
    let reference = Reference::parse(text).map(|r| json!(ReferenceView::from(&r))).unwrap_or_else(refused);
    let tag = Tag::parse(text).map(|t| json!(TagView::from(&t))).unwrap_or_else(refused);
    let namespace = Namespace::parse(text).map(|n| json!(NamespaceView::from(&n))).unwrap_or_else(refused);
    json!({"input": text, "reference": reference, "tag": tag, "namespace": namespace})
}

fn reference_line(text: &str) -> String {
    match Reference::parse(text) {
        Ok(r) => {
            let mut line = format!("{r} (familiar {})", r.familiar());
            if let Some(internal) = r.internal_image() {
                line += &format!(", image stream {}/{}", internal.namespace(), internal.stream());
            }
            if let Some(tag) = r.tag() {
                line += &format!("; its tag: {}", tag_line(tag));
            }
            line
        }
        Err(e) => format!("no: {e} [{}]", e.code()),
    }
}

fn tag_line(text: &str) -> String {
    match Tag::parse(text) {
        Ok(t) => {
            let mut parts = vec![t.kind().to_string()];
            if let Some(scheme) = t.scheme() {
                parts.push(format!("scheme {scheme}"));
            }
            if t.is_version() {
                let release: Vec<String> = t.release().iter().map(u64::to_string).collect();
                parts.push(format!("release {}", release.join(".")));
            }
            let labelled = [
                ("pre-release", t.prerelease()),
                ("revision", t.revision()),
                ("variant line", t.variant()),
                ("qualifier", t.qualifier()),
            ];
            parts.extend(labelled.iter().filter_map(|(label, v)| v.map(|v| format!("{label} {v}"))));
            parts.join(", ")
        }
        Err(e) => format!("no: {e} [{}]", e.code()),
    }
}

fn namespace_line(text: &str) -> String {
    match Namespace::parse(text) {
        Ok(ns) => {
            let plate = match (ns.plate(), ns.environment()) {
                (Some(plate), Some(env)) => format!("licence plate {plate}, environment {env}"),
                _ => "a namespace with no licence plate".to_owned(),
            };
            let prod = NamespacePattern::glob("*-prod").map(|p| p.matches(text)).unwrap_or(false);
            format!("{plate}; {} `*-prod`", if prod { "matches" } else { "does not match" })
        }
        Err(e) => format!("no: {e} [{}]", e.code()),
    }
}
