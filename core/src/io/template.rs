//! Templates as the catalog rules read them: a name, a namespace and the image streams their
//! objects refer to.

use crate::error::{Error, ErrorCode};
use crate::names::Reference;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A Template as the catalog rules see it: its name and namespace, and the image streams its
/// objects refer to, with `${PARAMETER}`s replaced by their default values.
///
/// # Example
/// ```
/// let json = serde_json::json!({"kind": "Template", "metadata": {"name": "rails", "namespace": "openshift"},
///     "parameters": [{"name": "NAMESPACE", "value": "openshift"}],
///     "objects": [{"kind": "BuildConfig", "spec": {"strategy": {"sourceStrategy": {"from":
///         {"kind": "ImageStreamTag", "name": "ruby:${RUBY_VERSION}", "namespace": "${NAMESPACE}"}}}}}]});
/// let templates = imagecurator::Template::from_json(&json)?;
/// assert_eq!(templates[0].name(), "rails");
/// assert_eq!(templates[0].streams(), [("openshift".to_owned(), "ruby".to_owned())]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    name: String,
    namespace: Option<String>,
    /// (namespace, stream) pairs, sorted; references without a namespace are to the namespace
    /// the template is processed in, and are not listed.
    streams: Vec<(String, String)>,
}

impl Template {
    /// Reads Templates from `oc get templates -o json` output: a `Template`, a `TemplateList`,
    /// or a `List` (whose items of other kinds are skipped).
    ///
    /// # Errors
    /// `invalid_input`, naming the path, when the document or an item is not an object or a
    /// template has no `metadata.name`.
    ///
    /// # Example
    /// ```
    /// let list = serde_json::json!({"kind": "List", "items": [
    ///     {"kind": "Template", "metadata": {"name": "t"}}, {"kind": "ImageStream", "metadata": {"name": "s"}}]});
    /// assert_eq!(imagecurator::Template::from_json(&list)?.len(), 1);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<Vec<Template>, Error> {
        let object = value.as_object().ok_or_else(|| bad_input("", "templates must be an object"))?;
        match object.get("items") {
            Some(Value::Array(items)) => {
                let list_of_templates = value["kind"] == "TemplateList";
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let kind = item.get("kind").and_then(Value::as_str);
                    if kind == Some("Template") || (kind.is_none() && list_of_templates) {
                        out.push(Template::read(item, &format!("items[{i}]"))?);
                    }
                }
                Ok(out)
            }
            Some(_) => Err(bad_input("items", "input at items must be an array")),
            None => Ok(vec![Template::read(value, "")?]),
        }
    }

    fn read(value: &Value, path: &str) -> Result<Template, Error> {
        let at = |field: &str| if path.is_empty() { field.to_owned() } else { format!("{path}.{field}") };
        let object = value.as_object().ok_or_else(|| bad_input(path, &format!("input at {path} must be an object")))?;
        let name = value["metadata"]["name"]
            .as_str()
            .ok_or_else(|| bad_input(&at("metadata.name"), &format!("input at {} is missing", at("metadata.name"))))?;
        let namespace = value["metadata"]["namespace"].as_str().map(str::to_owned);
        let parameters = parameter_defaults(&value["parameters"]);
        let mut streams = BTreeSet::new();
        if let Some(objects) = object.get("objects") {
            collect_streams(objects, &parameters, &mut streams);
        }
        // Image references in parameter defaults, such as Jenkins' agent images
        // `image-registry.openshift-image-registry.svc:5000/openshift/java:latest`.
        for default in parameters.values() {
            let Ok(reference) = Reference::parse(default) else { continue };
            if let Some(internal) = reference.internal_image() {
                streams.insert((internal.namespace().to_owned(), internal.stream().to_owned()));
            }
        }
        Ok(Template { name: name.to_owned(), namespace, streams: streams.into_iter().collect() })
    }

    /// The template's name.
    ///
    /// # Example
    /// ```
    /// let t = imagecurator::Template::from_json(&serde_json::json!({"metadata": {"name": "t"}}))?;
    /// assert_eq!(t[0].name(), "t");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The template's namespace, when the input names one.
    ///
    /// # Example
    /// ```
    /// let t = imagecurator::Template::from_json(&serde_json::json!({"metadata": {"name": "t", "namespace": "openshift"}}))?;
    /// assert_eq!(t[0].namespace(), Some("openshift"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The (namespace, image stream) pairs the template refers to, sorted. References that
    /// name no namespace are to the namespace the template is processed in and are left out.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"metadata": {"name": "t"}, "objects": [
    ///     {"from": {"kind": "ImageStreamTag", "name": "app:latest"}},
    ///     {"from": {"kind": "ImageStreamTag", "name": "nginx:1.20", "namespace": "openshift"}}]});
    /// let t = &imagecurator::Template::from_json(&json)?[0];
    /// assert_eq!(t.streams(), [("openshift".to_owned(), "nginx".to_owned())]);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn streams(&self) -> &[(String, String)] {
        &self.streams
    }
}

fn parameter_defaults(parameters: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for p in parameters.as_array().map(Vec::as_slice).unwrap_or_default() {
        if let (Some(name), Some(value)) = (p["name"].as_str(), p["value"].as_str()) {
            out.insert(name.to_owned(), value.to_owned());
        }
    }
    out
}

/// `${NAME}` replaced by its default; `None` when a parameter has no default.
fn substitute(text: &str, parameters: &BTreeMap<String, String>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let end = rest[start..].find('}')? + start;
        out.push_str(&rest[..start]);
        out.push_str(parameters.get(&rest[start + 2..end])?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn collect_streams(value: &Value, parameters: &BTreeMap<String, String>, out: &mut BTreeSet<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(from) = map.get("from") {
                if let Some(pair) = stream_of(from, parameters) {
                    out.insert(pair);
                }
            }
            map.values().for_each(|v| collect_streams(v, parameters, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_streams(v, parameters, out)),
        _ => {}
    }
}

/// The (namespace, stream) a `from` names, when it names both.
fn stream_of(from: &Value, parameters: &BTreeMap<String, String>) -> Option<(String, String)> {
    let separator = match from["kind"].as_str()? {
        "ImageStreamTag" => ':',
        "ImageStreamImage" => '@',
        "ImageStream" => '\0',
        _ => return None,
    };
    // Parameters fill the stream part alone, so a tag parameter without a default
    // (`ruby:${RUBY_VERSION}`) still names its stream; `${TAG_PARAM}` may hold `stream:tag`.
    let raw = from["name"].as_str()?;
    let raw_stream = if raw.starts_with("${") && raw.ends_with('}') { raw } else { raw.split(separator).next()? };
    let name = substitute(raw_stream, parameters)?;
    let stream = name.split_once(separator).map_or(name.as_str(), |(s, _)| s);
    let namespace = substitute(from["namespace"].as_str()?, parameters)?;
    (!stream.is_empty() && !stream.contains("${") && !namespace.is_empty()).then(|| (namespace, stream.to_owned()))
}

#[cold]
pub(crate) fn bad_input(path: &str, message: &str) -> Error {
    if path.is_empty() {
        Error::new(ErrorCode::InvalidInput, message)
    } else {
        Error::in_document(ErrorCode::InvalidInput, path, message)
    }
}
