//! The policy document: the strategy as data a team can read, change and run. One versioned
//! JSON document with a section per rule family; every section has defaults, and the default
//! document is the strategy itself (`../shared/spec/image-management-strategy.txt`).

use crate::error::{join_path, Error, ErrorCode};
use crate::names::Namespace;
use crate::rules::catalog::{CatalogRules, PolicyConflict};
use crate::rules::curated::CuratedRules;
use crate::rules::gates::GateRules;
use crate::rules::naming::NamingRules;
use crate::rules::retention::RetentionPolicy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The policy document version this library reads and writes.
///
/// # Example
/// ```
/// assert_eq!(imagecurator::Policy::default().version, imagecurator::POLICY_VERSION);
/// ```
pub const POLICY_VERSION: u32 = 1;

/// The whole policy. `Policy::default()` is the strategy; a document read with
/// [`Policy::from_json`] starts from the same defaults, section by section.
///
/// # Example
/// ```
/// use imagecurator::Policy;
///
/// let strategy = Policy::default();
/// assert_eq!(strategy.retention.keep, 3);
/// assert!(strategy.catalog["openshift"].required.iter().any(|r| r == "must-gather"));
///
/// // A team's own document: only what differs from the defaults.
/// let ours = Policy::from_json(&serde_json::json!({"version": 1, "retention": {"keep": 5}}))?;
/// assert_eq!((ours.retention.keep, ours.catalog.len()), (5, 1));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// The document version; this library reads [`POLICY_VERSION`].
    pub version: u32,
    /// Catalog rules per curated shared namespace (the strategy has one: `openshift`).
    pub catalog: BTreeMap<String, CatalogRules>,
    /// How many versions of each image to keep, and what protects a tag.
    pub retention: RetentionPolicy,
    /// Naming conventions for namespaces, image streams and tags.
    pub naming: NamingRules,
    /// The curated namespaces (`bcgov`): owners, champions, rebuilds, versions.
    pub curated: CuratedRules,
    /// What images in prod namespaces must pass: origin and scans.
    pub gates: GateRules,
}

/// The policy document's JSON Schema (draft 7), generated from the policy types (never written
/// by hand; `core/tests/schema.rs` fails when it is stale). Editors use it to complete and
/// check YAML and JSON policies; `imagecurator policy schema` prints it. The reader
/// ([`Policy::from_json`]) checks more than a schema can say: names, patterns, and that a
/// stream is not both approved and removed.
///
/// # Example
/// ```
/// let schema: serde_json::Value = serde_json::from_str(imagecurator::POLICY_SCHEMA)?;
/// assert_eq!(schema["title"], "imagecurator policy document");
/// assert!(schema["properties"]["retention"].is_object());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub const POLICY_SCHEMA: &str = include_str!("../policy.schema.json");

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            version: POLICY_VERSION,
            catalog: BTreeMap::from([("openshift".to_owned(), CatalogRules::strategy())]),
            retention: RetentionPolicy::default(),
            naming: NamingRules::default(),
            curated: CuratedRules::default(),
            gates: GateRules::default(),
        }
    }
}

impl Policy {
    /// Reads a policy document, checking it strictly.
    ///
    /// # Errors
    /// `invalid_policy`, with [`Error::path`] naming the offending value, for an unknown field,
    /// a value of the wrong type, a bad pattern, an unsupported `version`, a name that is not
    /// a valid image stream or namespace name, a name listed twice, a stream both approved and
    /// removed, or a retention rule that keeps nothing.
    ///
    /// # Example
    /// ```
    /// let doc = serde_json::json!({"catalog": {"openshift": {"approved": ["python"], "remove": ["python"]}}});
    /// let err = imagecurator::Policy::from_json(&doc).unwrap_err();
    /// assert_eq!(err.path(), Some("catalog.openshift.remove[0]"));
    /// assert!(err.message().contains("also approved"));
    ///
    /// let err = imagecurator::Policy::from_json(&serde_json::json!({"retention": {"kepe": 3}})).unwrap_err();
    /// assert_eq!(err.path(), Some("retention.kepe"));
    /// ```
    pub fn from_json(document: &serde_json::Value) -> Result<Policy, Error> {
        sections_are_objects(document, "", 0)?;
        let policy: Policy = serde_path_to_error::deserialize(document).map_err(|e| {
            let path = e.path().to_string();
            let message = format!("policy is invalid at `{path}`: {}", e.inner());
            Error::in_document(ErrorCode::InvalidPolicy, &path, message)
        })?;
        policy.check()?;
        Ok(policy)
    }

    /// Reads a policy document from JSON text (see [`Policy::from_json`]).
    ///
    /// # Errors
    /// `invalid_policy` as for [`Policy::from_json`], and for text that is not JSON.
    ///
    /// # Example
    /// ```
    /// let policy = imagecurator::Policy::from_json_str(r#"{"version": 1}"#)?;
    /// assert_eq!(policy, imagecurator::Policy::default());
    /// assert!(imagecurator::Policy::from_json_str("{").is_err());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json_str(text: &str) -> Result<Policy, Error> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorCode::InvalidPolicy, format!("policy is not JSON: {e}")))?;
        Policy::from_json(&value)
    }

    /// The document as JSON, every section written out (defaults included), so a team can
    /// start from the strategy and edit it.
    ///
    /// # Example
    /// ```
    /// let json = imagecurator::Policy::default().to_json();
    /// assert_eq!(imagecurator::Policy::from_json(&json)?, imagecurator::Policy::default());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        // A policy holds only strings, numbers, booleans, lists and string-keyed maps, which
        // always serialize; the fallback is unreachable.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Checks the rules a document must keep beyond its shape (see [`Policy::from_json`]).
    ///
    /// # Errors
    /// `invalid_policy` naming the path of the first broken rule.
    ///
    /// # Example
    /// ```
    /// let mut policy = imagecurator::Policy::default();
    /// policy.catalog.get_mut("openshift").unwrap().approved.push("Bad_Name".into());
    /// let err = policy.check().unwrap_err();
    /// assert!(err.path().unwrap().starts_with("catalog.openshift.approved["));
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        if self.version != POLICY_VERSION {
            let message = format!(
                "policy version {} is not supported; this library reads version {POLICY_VERSION}",
                self.version
            );
            return Err(Error::in_document(ErrorCode::InvalidPolicy, "version", message));
        }
        for (namespace, rules) in &self.catalog {
            let at = format!("catalog.{namespace}");
            Namespace::parse(namespace).map_err(|e| {
                Error::invalid_policy(&at, &format!("`{namespace}` is not a namespace name: {}", e.message()))
            })?;
            rules.check_at(&at)?;
        }
        self.curated.check_at("curated")?;
        self.gates.admission.check_at("gates.admission")?;
        self.retention.check_at("retention")
    }

    /// Statements that another statement overrides (a required stream also listed for
    /// removal), in document order.
    ///
    /// # Example
    /// ```
    /// let doc = serde_json::json!({"catalog": {"openshift": {"required": ["cli"], "remove": ["cli"]}}});
    /// let conflicts = imagecurator::Policy::from_json(&doc)?.conflicts();
    /// assert_eq!(conflicts.len(), 1);
    /// assert_eq!(conflicts[0].path, "catalog.openshift.remove[0]");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn conflicts(&self) -> Vec<PolicyConflict> {
        self.catalog.iter().flat_map(|(namespace, rules)| rules.conflicts(namespace)).collect()
    }
}

/// The document paths that hold sections (structs): `*` is any key or index. Serde would
/// also read a struct from an array of its fields in order, which a policy must not do.
const SECTIONS: &[&[&str]] = &[
    &[],
    &["catalog", "*"],
    &["catalog", "*", "templates"],
    &["retention"],
    &["retention", "protect"],
    &["retention", "overrides", "*"],
    &["naming"],
    &["naming", "*"],
    &["curated"],
    &["curated", "namespaces"],
    &["curated", "annotations"],
    &["curated", "images", "*"],
    &["gates"],
    &["gates", "namespaces"],
    &["gates", "origin"],
    &["gates", "scan"],
    &["gates", "scan", "exceptions", "*"],
];

fn sections_are_objects(value: &serde_json::Value, path: &str, depth: usize) -> Result<(), Error> {
    let segments: Vec<&str> = path.split(['.', '[']).filter(|s| !s.is_empty()).collect();
    let is_section = SECTIONS.iter().any(|section| {
        section.len() == segments.len()
            && section.iter().zip(&segments).all(|(want, have)| *want == "*" || want == have)
    });
    if is_section && !value.is_object() {
        let shown = if path.is_empty() { "the top level" } else { path };
        return Err(Error::invalid_policy(path, &format!("{shown} must be an object")));
    }
    if depth >= 3 {
        return Ok(());
    }
    match value {
        serde_json::Value::Object(map) => {
            map.iter().try_for_each(|(key, v)| sections_are_objects(v, &join_path(path, key), depth + 1))
        }
        serde_json::Value::Array(items) => {
            items.iter().enumerate().try_for_each(|(i, v)| sections_are_objects(v, &format!("{path}[{i}]"), depth + 1))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_selectors_parse_every_pattern() {
        let rules = NamingRules::default();
        assert_eq!((rules.plates.include.len(), rules.plates.exclude.len()), (1, 5));
        assert_eq!(rules.versioned_tags.include.len(), 1);
        assert_eq!(crate::GateRules::default().namespaces.include.len(), 1);
        assert_eq!(crate::CuratedRules::default().namespaces.include.len(), 1);
    }
}
