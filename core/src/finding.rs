//! Findings: what an audit reports, one problem each, with a stable code.

use serde::Serialize;
use std::fmt;

/// How much a finding matters.
///
/// # Example
/// ```
/// use imagecurator::Severity;
/// assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
/// assert_eq!(Severity::Warning.as_str(), "warning");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Against the policy; fix it when convenient.
    Warning,
    /// Against the policy in a way that breaks something or blocks a rule.
    Error,
}

impl Severity {
    /// The lower-case name, as serialized.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::Severity::Error.as_str(), "error");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem: a stable `code` (`catalog.not-approved`), its severity, the subject it is
/// about as `kind/namespace/name` (`imagestream/openshift/php`), a sentence a person can
/// read, and what to do about it.
///
/// # Example
/// ```
/// let findings = imagecurator::check_namespace_name("Team_A");
/// assert_eq!(findings[0].code, "naming.namespace-invalid");
/// assert_eq!(findings[0].subject, "namespace/Team_A");
/// assert_eq!(findings[0].suggestion.as_deref(), Some("team-a"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// Stable code, `area.kebab-case`.
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// What it is about: `kind/namespace/name`.
    pub subject: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// What to do about it.
    pub remediation: String,
    /// A corrected value, where one can be derived (`Postgres_96` -> `postgres-96`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Finding {
    pub(crate) fn new(
        code: &'static str,
        severity: Severity,
        subject: impl Into<String>,
        message: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            subject: subject.into(),
            message: message.into(),
            remediation: remediation.into(),
            suggestion: None,
        }
    }

    pub(crate) fn suggest(mut self, suggestion: Option<String>) -> Finding {
        self.suggestion = suggestion;
        self
    }
}
