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
#[non_exhaustive]
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

/// One problem: a stable `code` (`catalog.not_approved`), its severity, the subject it is
/// about as `kind/namespace/name` (`imagestream/openshift/php`), a sentence a person can
/// read, and what to do about it.
///
/// # Example
/// ```
/// let findings = imagecurator::check_namespace_name("Team_A");
/// assert_eq!(findings[0].code, "naming.namespace_invalid");
/// assert_eq!(findings[0].subject, "namespace/Team_A");
/// assert_eq!(findings[0].suggestion.as_deref(), Some("team-a"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// Stable code, `family.snake_case`.
    pub code: FindingCode,
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
        code: FindingCode,
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

/// Declares the finding codes once: the enum, its list and its spellings.
macro_rules! finding_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)*) => {
        /// What a finding is about, as a stable code: `family.snake_case`, where the family is
        /// the rule family that reports it (`catalog`, `curated`, `gate`, `naming`).
        ///
        /// Codes are a contract shared with the Python and JavaScript bindings, which see the
        /// spelling [`FindingCode::as_str`] gives; `tests/finding-codes.json` lists every one.
        /// Codes order by that spelling, as reports list them.
        ///
        /// # Example
        /// ```
        /// use imagecurator::FindingCode;
        /// assert_eq!(FindingCode::CatalogNotApproved.as_str(), "catalog.not_approved");
        /// assert_eq!(FindingCode::CatalogNotApproved.family(), "catalog");
        /// assert!(FindingCode::ALL.contains(&FindingCode::NamingTagInvalid));
        /// assert_eq!(serde_json::to_string(&FindingCode::GateScanUnknown).unwrap(), "\"gate.scan_unknown\"");
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum FindingCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl FindingCode {
            /// Every code, in declaration order.
            ///
            /// # Example
            /// ```
            /// assert_eq!(imagecurator::FindingCode::ALL.len(), 32);
            /// ```
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)*];

            /// The spelling reports carry, identical in Rust, Python and JavaScript.
            ///
            /// # Example
            /// ```
            /// assert_eq!(imagecurator::FindingCode::GateScanThreshold.as_str(), "gate.scan_threshold");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $code,)*
                }
            }
        }
    };
}

finding_codes! {
    /// A catalog namespace holds a stream its rules do not approve; it goes.
    CatalogNotApproved = "catalog.not_approved",
    /// An approved catalog stream does not re-import its tags on a schedule.
    CatalogNotScheduled = "catalog.not_scheduled",
    /// A stream the release payload ships stays although the rules do not list it.
    CatalogReleasePayload = "catalog.release_payload",
    /// A stream the cluster requires is missing from its catalog namespace.
    CatalogRequiredMissing = "catalog.required_missing",
    /// The policy lists for removal a stream the cluster requires; the requirement wins.
    CatalogRequiredRemoved = "catalog.required_removed",
    /// The policy names a stream or template the catalog namespace does not hold.
    CatalogStaleName = "catalog.stale_name",
    /// A template refers to a stream that goes, so it would break.
    CatalogTemplateBroken = "catalog.template_broken",
    /// A template the rules remove is still there; it goes.
    CatalogTemplateRemoved = "catalog.template_removed",
    /// The samples `Config` does not skip a stream or template that goes.
    CatalogUnskipped = "catalog.unskipped",
    /// A curated stream's annotation cannot be read.
    CuratedBadAnnotation = "curated.bad_annotation",
    /// A curated image's build time lies after the time of the audit.
    CuratedBuildInFuture = "curated.build_in_future",
    /// A community image in a curated namespace has no platform champion.
    CuratedChampionMissing = "curated.champion_missing",
    /// A deprecated curated image is still there after its removal date.
    CuratedDeprecatedPastDate = "curated.deprecated_past_date",
    /// A curated stream has no image with a build time.
    CuratedNeverBuilt = "curated.never_built",
    /// A curated image has no owner.
    CuratedOwnerMissing = "curated.owner_missing",
    /// A curated image was not rebuilt within its rebuild interval.
    CuratedRebuildOverdue = "curated.rebuild_overdue",
    /// A curated image the policy marks removed is still there.
    CuratedRemovedPresent = "curated.removed_present",
    /// The policy lists a curated image the cluster does not hold.
    CuratedStaleEntry = "curated.stale_entry",
    /// A curated image keeps more versions than the policy allows.
    CuratedTooManyVersions = "curated.too_many_versions",
    /// An image in a gated namespace is not named by digest.
    GateDigestRequired = "gate.digest_required",
    /// A scan exception has expired, so its vulnerability counts again.
    GateExceptionExpired = "gate.exception_expired",
    /// An image in a gated namespace comes from a registry the gate does not approve.
    GateOriginNotApproved = "gate.origin_not_approved",
    /// Where an image in a gated namespace comes from cannot be traced.
    GateOriginUntraceable = "gate.origin_untraceable",
    /// An image in a gated namespace is named without its registry (`nginx`), so the node's
    /// search registries decide where it comes from.
    GateRegistryRequired = "gate.registry_required",
    /// An image's scan has more vulnerabilities of a severity than the gate allows.
    GateScanThreshold = "gate.scan_threshold",
    /// An image in a gated namespace has no usable scan report.
    GateScanUnknown = "gate.scan_unknown",
    /// A namespace name is not a valid Kubernetes namespace name.
    NamingNamespaceInvalid = "naming.namespace_invalid",
    /// A namespace that must be a licence plate is not one.
    NamingNamespaceNotPlate = "naming.namespace_not_plate",
    /// An image stream name is not valid.
    NamingStreamInvalid = "naming.stream_invalid",
    /// An image stream name is valid but not in the house style.
    NamingStreamStyle = "naming.stream_style",
    /// A tag is not valid.
    NamingTagInvalid = "naming.tag_invalid",
    /// A tag in a versioned namespace does not follow the versioning guideline.
    NamingTagUnversioned = "naming.tag_unversioned",
}

impl FindingCode {
    /// The rule family that reports the finding: the spelling before the dot.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::FindingCode::CuratedOwnerMissing.family(), "curated");
    /// ```
    pub fn family(self) -> &'static str {
        let code = self.as_str();
        code.split_once('.').map_or(code, |(family, _)| family)
    }
}

/// Prints the spelling, honouring width and alignment (`{:<24}`), as tables need.
impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Codes order by their spelling, so that reports list findings as they always have.
impl Ord for FindingCode {
    fn cmp(&self, other: &FindingCode) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for FindingCode {
    fn partial_cmp(&self, other: &FindingCode) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for FindingCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FindingCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
