//! The catalog section of the policy: per shared namespace, what is required, approved and
//! removed, with the strategy's own tables as the default.

use crate::error::Error;
use crate::names::Namespace;
use crate::rules::finding::{Finding, FindingCode, Severity};
use crate::rules::{check_names, naming::stream_name_problem};
use serde::{Deserialize, Serialize};

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

/// Whether a catalog namespace admits only what is approved, or everything but what is removed.
///
/// # Example
/// ```
/// let mode: imagecurator::CatalogMode = serde_json::from_str("\"deny_list\"")?;
/// assert_eq!(mode, imagecurator::CatalogMode::DenyList);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

impl CatalogRules {
    /// Checks this section, found at `at` in the policy document (`catalog.openshift`): every
    /// name valid and listed once, and no stream both approved and removed.
    pub(crate) fn check_at(&self, at: &str) -> Result<(), Error> {
        for (list, names) in [("required", &self.required), ("approved", &self.approved), ("remove", &self.remove)] {
            check_names(&format!("{at}.{list}"), names, stream_name_problem)?;
        }
        check_names(&format!("{at}.templates.remove"), &self.templates.remove, |n| {
            Namespace::parse(n).err().map(|e| e.message().replace("namespace", "template name"))
        })?;
        for (i, name) in self.remove.iter().enumerate() {
            if let Some(a) = self.approved.iter().position(|a| a == name) {
                return Err(Error::invalid_policy(
                    &format!("{at}.remove[{i}]"),
                    &format!(
                        "`{name}` is also approved ({at}.approved[{a}]); a stream is approved or removed, not both"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Streams of `namespace` listed for removal that the cluster requires, in document order.
    pub(crate) fn conflicts(&self, namespace: &str) -> impl Iterator<Item = PolicyConflict> + '_ {
        let namespace = namespace.to_owned();
        self.remove.iter().enumerate().filter_map(move |(i, name)| {
            let r = self.required.iter().position(|r| r == name)?;
            Some(PolicyConflict {
                path: format!("catalog.{namespace}.remove[{i}]"),
                subject: format!("imagestream/{namespace}/{name}"),
                message: format!(
                    "`{name}` is listed for removal but the cluster requires it \
                     (catalog.{namespace}.required[{r}]); it stays"
                ),
            })
        })
    }
}

/// The finding the audit reports for each conflict: the requirement wins, the policy needs a fix.
pub(crate) fn conflict_finding(conflict: PolicyConflict) -> Finding {
    Finding::new(
        FindingCode::CatalogRequiredRemoved,
        Severity::Error,
        conflict.subject,
        conflict.message,
        format!("drop it from {}: the cluster needs it", conflict.path),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn strategy_tables_are_valid_and_disjoint() {
        crate::Policy::default().check().unwrap();
        let approved: BTreeSet<_> = STRATEGY_APPROVED.iter().collect();
        assert!(STRATEGY_REMOVE.iter().all(|r| !approved.contains(r)));
        // 32 unchecked rows less jenkins; 48 checked rows plus jenkins.
        assert_eq!((STRATEGY_APPROVED.len(), STRATEGY_REMOVE.len()), (31, 49));
    }
}
