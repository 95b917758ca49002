//! The Cluster Samples Operator's `Config`: read as the cluster holds it, written as the
//! catalog rules need it.

use super::template::bad_input;
use crate::error::Error;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The Cluster Samples Operator's `Config` (`samples.operator.openshift.io/v1`, name `cluster`)
/// that carries out the catalog rules: the streams and templates it must stop managing. Fields
/// of the current `Config`'s spec other than the two lists are kept as they were.
///
/// # Example
/// ```
/// let config = imagecurator::SamplesConfig::default();
/// let json = serde_json::to_value(&config)?;
/// assert_eq!(json["kind"], "Config");
/// assert_eq!(json["metadata"]["name"], "cluster");
/// assert_eq!(json["spec"]["skippedImagestreams"], serde_json::json!([]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SamplesConfig {
    /// `spec.skippedImagestreams`, sorted.
    pub skipped_imagestreams: Vec<String>,
    /// `spec.skippedTemplates`, sorted.
    pub skipped_templates: Vec<String>,
    /// The rest of the current `spec` (`managementState`, `architectures`, ...).
    pub other_spec: Map<String, Value>,
}

impl SamplesConfig {
    /// Reads the current `Config` (`oc get configs.samples.operator.openshift.io cluster -o json`).
    ///
    /// # Errors
    /// `invalid_input` when it is not an object, or the skipped lists are not lists of strings.
    ///
    /// # Example
    /// ```
    /// let json = serde_json::json!({"kind": "Config", "spec": {"managementState": "Managed",
    ///     "skippedImagestreams": ["php"]}});
    /// let current = imagecurator::SamplesConfig::from_json(&json)?;
    /// assert_eq!(current.skipped_imagestreams, ["php"]);
    /// assert_eq!(current.other_spec["managementState"], "Managed");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<SamplesConfig, Error> {
        if !value.is_object() {
            return Err(bad_input("", "the samples Config must be an object"));
        }
        let mut other_spec = value["spec"].as_object().cloned().unwrap_or_default();
        let mut list = |key: &str| -> Result<Vec<String>, Error> {
            match other_spec.remove(key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => {
                    items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().ok_or_else(|| {
                        bad_input(&format!("spec.{key}"), &format!("input at spec.{key} must be strings"))
                    })
                }
                Some(_) => Err(bad_input(&format!("spec.{key}"), &format!("input at spec.{key} must be an array"))),
            }
        };
        let (mut skipped_imagestreams, mut skipped_templates) =
            (list("skippedImagestreams")?, list("skippedTemplates")?);
        skipped_imagestreams.sort();
        skipped_templates.sort();
        Ok(SamplesConfig { skipped_imagestreams, skipped_templates, other_spec })
    }
}

impl Serialize for SamplesConfig {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut spec: BTreeMap<&str, Value> = self.other_spec.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        spec.insert("skippedImagestreams", self.skipped_imagestreams.iter().map(|s| Value::from(s.as_str())).collect());
        spec.insert("skippedTemplates", self.skipped_templates.iter().map(|s| Value::from(s.as_str())).collect());
        let document = serde_json::json!({
            "apiVersion": "samples.operator.openshift.io/v1",
            "kind": "Config",
            "metadata": {"name": "cluster"},
            "spec": spec,
        });
        document.serialize(serializer)
    }
}
