//! What imagecurator makes of each argument: read as an image reference, a tag and a namespace.
//!
//!     cargo run -q --example describe -- nginx:1.25 13-el8 a1b2c3-prod
//!
//! With no arguments it describes a built-in list of real-world names.

use imagecurator::{Namespace, NamespacePattern, Reference, Tag};

const DEFAULTS: &[&str] = &[
    "nginx:1.25-alpine",
    "image-registry.openshift-image-registry.svc:5000/openshift/python:3.9-ubi8",
    "quay.io/prometheus/node-exporter@sha256:4cb2b9019f1757be8482419002cb7afe028fdba35d47958829e4cfeaf6246d80",
    "registry.example.com@evil.io/x",
    "13-el8",
    "2.9.0.GA",
    "1.0.0-rc10",
    "latest",
    "a1b2c3-prod",
    "a1b2c3-production",
];

fn as_reference(text: &str) -> String {
    match Reference::parse(text) {
        Ok(r) => {
            let mut line = format!("{r} (familiar {})", r.familiar());
            if let Some(internal) = r.internal_image() {
                line += &format!(", image stream {}/{}", internal.namespace(), internal.stream());
            }
            if let Some(tag) = r.tag() {
                line += &format!(", tag: {}", as_tag(tag));
            }
            line
        }
        Err(e) => format!("not a reference [{}] {e}", e.code()),
    }
}

fn as_tag(text: &str) -> String {
    match Tag::parse(text) {
        Ok(t) => {
            let mut parts = vec![t.kind().to_string()];
            if t.is_version() {
                let release: Vec<String> = t.release().iter().map(u64::to_string).collect();
                parts.push(format!("release {}", release.join(".")));
            }
            let labelled =
                [("pre-release", t.prerelease()), ("variant line", t.variant()), ("qualifier", t.qualifier())];
            parts.extend(labelled.iter().filter_map(|(label, v)| v.map(|v| format!("{label} {v}"))));
            parts.join(", ")
        }
        Err(e) => format!("not a tag [{}]", e.code()),
    }
}

fn as_namespace(text: &str, prod: &NamespacePattern) -> String {
    match Namespace::parse(text) {
        Ok(ns) => {
            let plate = match (ns.plate(), ns.environment()) {
                (Some(plate), Some(env)) => format!("licence plate {plate}, environment {env}"),
                _ => "no licence plate".to_owned(),
            };
            format!("{plate}; {prod} matches: {}", prod.matches(text))
        }
        Err(e) => format!("not a namespace [{}]", e.code()),
    }
}

fn main() -> Result<(), imagecurator::Error> {
    let prod = NamespacePattern::glob("*-prod")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs: Vec<&str> = if args.is_empty() { DEFAULTS.to_vec() } else { args.iter().map(String::as_str).collect() };
    for text in inputs {
        println!("{text}");
        println!("  reference: {}", as_reference(text));
        println!("  tag:       {}", as_tag(text));
        println!("  namespace: {}", as_namespace(text, &prod));
    }
    Ok(())
}
