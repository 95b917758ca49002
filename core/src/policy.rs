//! The policy document: the strategy as data a team can read, change and run. One versioned
//! JSON document with a section per rule family; every section has defaults, and the default
//! document is the strategy itself (`../shared/spec/image-management-strategy.txt`).

use crate::curated::CuratedRules;
use crate::error::{Error, ErrorCode};
use crate::gates::GateRules;
use crate::namespace::Namespace;
use crate::naming::stream_name_problem;
use crate::pattern::{NamespacePattern, NamespaceSelector};
use crate::retention::RetentionPolicy;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The policy document version this library reads and writes.
///
/// # Example
/// ```
/// assert_eq!(imagecurator::Policy::default().version, imagecurator::POLICY_VERSION);
/// ```
pub const POLICY_VERSION: u32 = 1;

/// The images the cluster itself needs in `openshift`: the seven the Samples Operator does not
/// manage (the strategy's comment) and `tools`, which the meeting notes list and the release
/// payload ships (`08-openshift-imagestreams.yaml`).
pub(crate) const CLUSTER_REQUIRED: [&str; 8] =
    ["cli", "cli-artifacts", "installer", "installer-artifacts", "must-gather", "oauth-proxy", "tests", "tools"];

/// The strategy table's unchecked rows, less `jenkins`: the notes replace it with the
/// platform's own from `bcgov` ("Remove jenkins from catalog"), a later word than the table.
const STRATEGY_APPROVED: &[&str] = &[
    "dotnet",
    "dotnet-runtime",
    "golang",
    "java",
    "jboss-amq-62",
    "jboss-amq-63",
    "jboss-eap64-openshift",
    "jboss-eap70-openshift",
    "jboss-eap71-openshift",
    "jboss-eap72-openshift",
    "jboss-webserver30-tomcat7-openshift",
    "jboss-webserver30-tomcat8-openshift",
    "jboss-webserver31-tomcat7-openshift",
    "jboss-webserver31-tomcat8-openshift",
    "jboss-webserver50-tomcat9-openshift",
    "jenkins-agent-maven",
    "jenkins-agent-nodejs",
    "mongodb",
    "mysql",
    "nginx",
    "nodejs",
    "oauth-proxy",
    "openjdk-11-rhel7",
    "openjdk-11-rhel8",
    "openjdk-8-rhel8",
    "postgresql",
    "python",
    "redhat-openjdk18-openshift",
    "redis",
    "ruby",
    "sso74-openshift-rhel8",
];

/// The strategy table's checked rows as written, plus `jenkins` (see above). Seven of them are
/// images the cluster requires: the comment and the meeting notes, later than the table, keep
/// them, so the default document leaves them out of `remove` (see [`CatalogRules::strategy`]).
const STRATEGY_REMOVE: &[&str] = &[
    "apicast-gateway",
    "apicurito-ui",
    "cli",
    "cli-artifacts",
    "eap-cd-openshift",
    "eap-cd-runtime-openshift",
    "fis-java-openshift",
    "fis-karaf-openshift",
    "fuse-apicurito-generator",
    "fuse7-console",
    "fuse7-eap-openshift",
    "fuse7-java-openshift",
    "fuse7-karaf-openshift",
    "httpd",
    "installer",
    "installer-artifacts",
    "jboss-datagrid65-client-openshift",
    "jboss-datagrid65-openshift",
    "jboss-datagrid71-client-openshift",
    "jboss-datagrid71-openshift",
    "jboss-datagrid72-openshift",
    "jboss-datagrid73-openshift",
    "jboss-datavirt64-driver-openshift",
    "jboss-datavirt64-openshift",
    "jboss-decisionserver64-openshift",
    "jboss-fuse70-console",
    "jboss-fuse70-eap-openshift",
    "jboss-fuse70-java-openshift",
    "jboss-fuse70-karaf-openshift",
    "jboss-processserver64-openshift",
    "jenkins",
    "mariadb",
    "modern-webapp",
    "must-gather",
    "perl",
    "php",
    "redhat-sso70-openshift",
    "redhat-sso71-openshift",
    "redhat-sso72-openshift",
    "redhat-sso73-openshift",
    "rhdm-decisioncentral-rhel8",
    "rhdm-kieserver-rhel8",
    "rhdm-optaweb-employee-rostering-rhel8",
    "rhpam-businesscentral-monitoring-rhel8",
    "rhpam-businesscentral-rhel8",
    "rhpam-kieserver-rhel8",
    "rhpam-smartrouter-rhel8",
    "tests",
    "tools",
];

/// The Jenkins templates: "the template will be for sure" replaced by the platform's own.
const STRATEGY_REMOVE_TEMPLATES: &[&str] =
    &["jenkins-ephemeral", "jenkins-ephemeral-monitored", "jenkins-persistent", "jenkins-persistent-monitored"];

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

/// Whether a catalog namespace admits only what is approved, or everything but what is removed.
///
/// # Example
/// ```
/// let mode: imagecurator::CatalogMode = serde_json::from_str("\"deny_list\"")?;
/// assert_eq!(mode, imagecurator::CatalogMode::DenyList);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogMode {
    /// Only `approved` and `required` streams stay (the strategy: the namespace starts empty
    /// and images are added one by one).
    #[default]
    AllowList,
    /// Every stream stays except those in `remove`.
    DenyList,
}

/// The rules for one shared catalog namespace such as `openshift`.
///
/// A stream named in `required` always stays: when it is also in `remove`, the requirement
/// wins and the audit reports the conflict. A name in both `approved` and `remove` is refused.
///
/// # Example
/// ```
/// let rules: imagecurator::CatalogRules = serde_json::from_str(r#"{"approved": ["python"]}"#)?;
/// assert_eq!(rules.required.len(), 8); // the cluster's own images, unless the document says otherwise
/// assert!(rules.scheduled_import);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CatalogRules {
    /// Allow-list (default) or deny-list.
    pub mode: CatalogMode,
    /// Streams the cluster needs: they must exist and are never removed.
    pub required: Vec<String>,
    /// Streams approved to stay (allow-list mode).
    pub approved: Vec<String>,
    /// Streams to remove (deny-list mode; in allow-list mode a record of intent, checked for
    /// conflicts and staleness).
    pub remove: Vec<String>,
    /// Approved streams must re-import their tags on a schedule (`importPolicy.scheduled`), so
    /// that they stay current: "automatically maintained by OCP".
    pub scheduled_import: bool,
    /// Streams the release payload ships (annotated `include.release.openshift.io/...`, such
    /// as `network-tools` on newer clusters) stay even when not listed: the cluster version
    /// operator owns them and would put them back.
    pub keep_release_payload: bool,
    /// Template rules.
    pub templates: TemplateRules,
}

impl Default for CatalogRules {
    fn default() -> CatalogRules {
        CatalogRules {
            mode: CatalogMode::AllowList,
            required: owned(&CLUSTER_REQUIRED),
            approved: Vec::new(),
            remove: Vec::new(),
            scheduled_import: true,
            keep_release_payload: true,
            templates: TemplateRules::default(),
        }
    }
}

impl CatalogRules {
    /// The strategy's rules for `openshift`: its table, with the later statements applied.
    ///
    /// # Example
    /// ```
    /// let rules = imagecurator::CatalogRules::strategy();
    /// assert!(rules.approved.iter().any(|a| a == "python"));
    /// assert!(rules.remove.iter().any(|r| r == "jenkins"));
    /// ```
    pub fn strategy() -> CatalogRules {
        CatalogRules {
            approved: owned(STRATEGY_APPROVED),
            remove: STRATEGY_REMOVE
                .iter()
                .filter(|name| !CLUSTER_REQUIRED.contains(name))
                .map(|name| (*name).to_owned())
                .collect(),
            templates: TemplateRules { remove: owned(STRATEGY_REMOVE_TEMPLATES), ..TemplateRules::default() },
            ..CatalogRules::default()
        }
    }

    /// Whether a stream of this name stays in the namespace.
    ///
    /// # Example
    /// ```
    /// let rules = imagecurator::CatalogRules::strategy();
    /// assert!(rules.keeps("python") && rules.keeps("cli") && !rules.keeps("php") && !rules.keeps("unknown"));
    /// ```
    pub fn keeps(&self, stream: &str) -> bool {
        let named = |list: &[String]| list.iter().any(|n| n == stream);
        named(&self.required)
            || match self.mode {
                CatalogMode::AllowList => named(&self.approved),
                CatalogMode::DenyList => !named(&self.remove),
            }
    }
}

/// Which templates of a catalog namespace go.
///
/// # Example
/// ```
/// let t: imagecurator::TemplateRules = serde_json::from_str(r#"{"remove": ["httpd-example"]}"#)?;
/// assert!(t.remove_broken);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TemplateRules {
    /// Templates to remove by name.
    pub remove: Vec<String>,
    /// Remove a template that references a removed stream, since it would break; when false,
    /// such a template is an error finding instead.
    pub remove_broken: bool,
}

impl Default for TemplateRules {
    fn default() -> TemplateRules {
        TemplateRules { remove: Vec::new(), remove_broken: true }
    }
}

/// Naming conventions.
///
/// # Example
/// ```
/// let rules = imagecurator::NamingRules::default();
/// assert!(rules.plates.matches("a1b2c3-prod") && !rules.plates.matches("openshift-monitoring"));
/// assert!(rules.versioned_tags.matches("bcgov"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NamingRules {
    /// Namespaces whose names must be licence plates (`<plate>-<tools|dev|test|prod>`).
    pub plates: NamespaceSelector,
    /// Namespaces whose version tags must follow the versioning guideline: `v<semver>`, or
    /// `v<major>.<minor>` (Red Hat style, `patroni-postgres-96:v1.1`).
    pub versioned_tags: NamespaceSelector,
}

impl Default for NamingRules {
    fn default() -> NamingRules {
        NamingRules {
            plates: selector(&["*"], &["default", "bcgov", "openshift", "openshift-*", "kube-*"]),
            versioned_tags: selector(&["bcgov"], &[]),
        }
    }
}

/// A built-in selector; its patterns are constants that a unit test parses.
pub(crate) fn selector(include: &[&str], exclude: &[&str]) -> NamespaceSelector {
    let parse = |list: &[&str]| list.iter().filter_map(|p| NamespacePattern::parse(p).ok()).collect();
    NamespaceSelector { include: parse(include), exclude: parse(exclude) }
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// A statement of the policy that another overrides: a stream the cluster requires that the
/// policy also lists for removal. The requirement wins (the stream stays) and the audit
/// reports the contradiction as an error, so that the policy gets fixed.
///
/// # Example
/// ```
/// assert!(imagecurator::Policy::default().conflicts().is_empty()); // the strategy, reconciled
/// let doc = serde_json::json!({"catalog": {"openshift": {"remove": ["php", "cli"]}}});
/// let conflicts = imagecurator::Policy::from_json(&doc)?.conflicts();
/// assert_eq!((conflicts[0].path.as_str(), conflicts[0].subject.as_str()), ("catalog.openshift.remove[1]", "imagestream/openshift/cli"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PolicyConflict {
    /// The statement that loses, as a document path.
    pub path: String,
    /// What it is about: `imagestream/<namespace>/<name>`.
    pub subject: String,
    /// Which statement wins, and why.
    pub message: String,
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
            Namespace::parse(namespace)
                .map_err(|e| refuse(&at, &format!("`{namespace}` is not a namespace name: {}", e.message())))?;
            rules.check(&at)?;
        }
        if let Some((path, problem)) = self.curated.problem().or_else(|| self.gates.problem()) {
            return Err(refuse(&path, &problem));
        }
        self.retention.check().map_err(|e| refuse(&retention_path(&self.retention), e.message()))
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
        let mut out = Vec::new();
        for (namespace, rules) in &self.catalog {
            for (i, name) in rules.remove.iter().enumerate() {
                if let Some(r) = rules.required.iter().position(|r| r == name) {
                    out.push(PolicyConflict {
                        path: format!("catalog.{namespace}.remove[{i}]"),
                        subject: format!("imagestream/{namespace}/{name}"),
                        message: format!(
                            "`{name}` is listed for removal but the cluster requires it \
                             (catalog.{namespace}.required[{r}]); it stays"
                        ),
                    });
                }
            }
        }
        out
    }
}

impl CatalogRules {
    fn check(&self, at: &str) -> Result<(), Error> {
        for (list, names) in [("required", &self.required), ("approved", &self.approved), ("remove", &self.remove)] {
            check_names(&format!("{at}.{list}"), names, stream_name_problem)?;
        }
        check_names(&format!("{at}.templates.remove"), &self.templates.remove, |n| {
            Namespace::parse(n).err().map(|e| e.message().replace("namespace", "template name"))
        })?;
        for (i, name) in self.remove.iter().enumerate() {
            if let Some(a) = self.approved.iter().position(|a| a == name) {
                return Err(refuse(
                    &format!("{at}.remove[{i}]"),
                    &format!(
                        "`{name}` is also approved ({at}.approved[{a}]); a stream is approved or removed, not both"
                    ),
                ));
            }
        }
        Ok(())
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
        return Err(refuse(path, &format!("{shown} must be an object")));
    }
    if depth >= 3 {
        return Ok(());
    }
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        serde_json::Value::Object(map) => {
            map.iter().try_for_each(|(key, v)| sections_are_objects(v, &join(key), depth + 1))
        }
        serde_json::Value::Array(items) => {
            items.iter().enumerate().try_for_each(|(i, v)| sections_are_objects(v, &format!("{path}[{i}]"), depth + 1))
        }
        _ => Ok(()),
    }
}

/// Where a retention policy breaks its rules (see `RetentionPolicy::check`).
fn retention_path(retention: &RetentionPolicy) -> String {
    if retention.keep < 1 {
        return "retention.keep".to_owned();
    }
    if retention.keep_tag_revisions == Some(0) {
        return "retention.keep_tag_revisions".to_owned();
    }
    match retention.overrides.iter().position(|o| o.keep == Some(0)) {
        Some(i) => format!("retention.overrides[{i}].keep"),
        None => "retention".to_owned(),
    }
}

/// Every name valid and listed once.
fn check_names(at: &str, names: &[String], problem: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for (i, name) in names.iter().enumerate() {
        let path = format!("{at}[{i}]");
        if let Some(why) = problem(name) {
            return Err(refuse(&path, &why));
        }
        if !seen.insert(name.as_str()) {
            return Err(refuse(&path, &format!("`{name}` is listed twice")));
        }
    }
    Ok(())
}

#[cold]
fn refuse(path: &str, what: &str) -> Error {
    Error::in_document(ErrorCode::InvalidPolicy, path, format!("policy is invalid at `{path}`: {what}"))
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

    #[test]
    fn strategy_tables_are_valid_and_disjoint() {
        Policy::default().check().unwrap();
        let approved: BTreeSet<_> = STRATEGY_APPROVED.iter().collect();
        assert!(STRATEGY_REMOVE.iter().all(|r| !approved.contains(r)));
        // 32 unchecked rows less jenkins; 48 checked rows plus jenkins.
        assert_eq!((STRATEGY_APPROVED.len(), STRATEGY_REMOVE.len()), (31, 49));
    }
}
