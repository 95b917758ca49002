//! Trivy scan reports, current (`SchemaVersion` 2) or legacy (a top-level array of results),
//! read leniently and bound to the image digests they are about.

use crate::error::{Error, ErrorCode};
use crate::names::Reference;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// How severe a vulnerability is, as the scan gate counts it; serialized in lower case, as the
/// policy's `gates.scan.max` keys are written. A severity a scanner does not give, or gives in
/// a word this library does not know, is `Unknown`, never `Low`.
///
/// # Example
/// ```
/// use imagecurator::VulnerabilitySeverity;
/// assert_eq!(VulnerabilitySeverity::from_trivy("HIGH"), VulnerabilitySeverity::High);
/// assert_eq!(VulnerabilitySeverity::from_trivy(""), VulnerabilitySeverity::Unknown);
/// assert_eq!(VulnerabilitySeverity::Medium.as_str(), "medium");
/// let max: std::collections::BTreeMap<VulnerabilitySeverity, u32> = serde_json::from_str(r#"{"critical": 0}"#).unwrap();
/// assert_eq!(max[&VulnerabilitySeverity::Critical], 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum VulnerabilitySeverity {
    /// Critical.
    Critical,
    /// High (Red Hat's Important).
    High,
    /// Medium (Red Hat's Moderate).
    Medium,
    /// Low.
    Low,
    /// Not given, or not understood.
    Unknown,
}

impl VulnerabilitySeverity {
    /// Every severity, most severe first.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::VulnerabilitySeverity::ALL.len(), 5);
    /// ```
    pub const ALL: &'static [VulnerabilitySeverity] = &[
        VulnerabilitySeverity::Critical,
        VulnerabilitySeverity::High,
        VulnerabilitySeverity::Medium,
        VulnerabilitySeverity::Low,
        VulnerabilitySeverity::Unknown,
    ];

    /// The lower-case name, as the policy writes it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::VulnerabilitySeverity::Critical.as_str(), "critical");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            VulnerabilitySeverity::Critical => "critical",
            VulnerabilitySeverity::High => "high",
            VulnerabilitySeverity::Medium => "medium",
            VulnerabilitySeverity::Low => "low",
            VulnerabilitySeverity::Unknown => "unknown",
        }
    }

    /// Reads Trivy's `Severity` (`CRITICAL`, `HIGH`, `MEDIUM`, `LOW`, `UNKNOWN`), in any case.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::VulnerabilitySeverity::from_trivy("low").as_str(), "low");
    /// ```
    pub fn from_trivy(text: &str) -> VulnerabilitySeverity {
        let known = [
            VulnerabilitySeverity::Critical,
            VulnerabilitySeverity::High,
            VulnerabilitySeverity::Medium,
            VulnerabilitySeverity::Low,
        ];
        known.into_iter().find(|s| text.eq_ignore_ascii_case(s.as_str())).unwrap_or(VulnerabilitySeverity::Unknown)
    }
}

/// Read from its lower-case name. Through a string first, so that an error inside a policy
/// names the key it is about (`gates.scan.max.severe`), with the names it may be.
impl<'de> Deserialize<'de> for VulnerabilitySeverity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<VulnerabilitySeverity, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        VulnerabilitySeverity::ALL.iter().copied().find(|s| s.as_str() == text).ok_or_else(|| {
            let names: Vec<&str> = VulnerabilitySeverity::ALL.iter().map(|s| s.as_str()).collect();
            serde::de::Error::custom(format!("`{text}` is not a severity ({})", names.join(", ")))
        })
    }
}

/// Prints the lower-case name, honouring width and alignment.
impl fmt::Display for VulnerabilitySeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One vulnerability of a scan report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Vulnerability {
    pub(crate) id: String,
    pub(crate) severity: VulnerabilitySeverity,
    pub(crate) fixed: bool,
}

/// A Trivy report, read leniently, bound to the image digest it is about.
///
/// # Example
/// ```
/// let report = serde_json::json!({"SchemaVersion": 2, "CreatedAt": "2026-01-01T00:00:00Z",
///     "Metadata": {"OS": {"Family": "alpine"}, "RepoDigests": [format!("alpine@sha256:{}", "a".repeat(64))]},
///     "Results": [{"Class": "os-pkgs", "Vulnerabilities": null}]});
/// let scan = imagecurator::ScanReport::from_json(&report, None)?;
/// assert_eq!(scan.digests(), [format!("sha256:{}", "a".repeat(64))]);
/// assert!(scan.found_os_packages());
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanReport {
    digests: Vec<String>,
    pub(crate) created: Option<DateTime<Utc>>,
    os_found: bool,
    pub(crate) vulnerabilities: Vec<Vulnerability>,
}

/// Trivy's OS `Type`s in legacy reports, where results have no `Class`.
const OS_TYPES: [&str; 20] = [
    "alpine",
    "alma",
    "amazon",
    "cbl-mariner",
    "centos",
    "chainguard",
    "debian",
    "fedora",
    "opensuse",
    "opensuse.leap",
    "opensuse.tumbleweed",
    "oracle",
    "photon",
    "redhat",
    "rocky",
    "sles",
    "suse linux enterprise server",
    "ubuntu",
    "wolfi",
    "azurelinux",
];

impl ScanReport {
    /// Reads a Trivy report. The image it is about is `image` when given (a reference with a
    /// digest, or a bare `sha256:...`), else every digest in `Metadata.RepoDigests`; a legacy
    /// report names none, so it needs `image`.
    ///
    /// # Errors
    /// `invalid_input`, naming the path, when a present key has the wrong shape or `image`
    /// is neither a digest nor a reference with one.
    ///
    /// # Example
    /// ```
    /// let legacy = serde_json::json!([{"Target": "x (alpine 3.10.2)", "Type": "alpine", "Vulnerabilities": [
    ///     {"VulnerabilityID": "CVE-1", "Severity": "HIGH", "FixedVersion": "1.2"}]}]);
    /// let image = format!("sha256:{}", "b".repeat(64));
    /// let scan = imagecurator::ScanReport::from_json(&legacy, Some(&image))?;
    /// assert_eq!(scan.count(imagecurator::VulnerabilitySeverity::High, true), 1);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json(report: &Value, image: Option<&str>) -> Result<ScanReport, Error> {
        let digests = match image {
            Some(image) => vec![digest_of(image).ok_or_else(|| bad("image", &format!("`{image}` names no digest")))?],
            None => report["Metadata"]["RepoDigests"]
                .as_array()
                .map(|list| list.iter().filter_map(Value::as_str).filter_map(digest_of).collect())
                .unwrap_or_default(),
        };
        let (results, results_path) = match report {
            Value::Array(results) => (results.as_slice(), String::new()),
            Value::Object(_) => match &report["Results"] {
                Value::Null => (&[][..], String::new()),
                Value::Array(results) => (results.as_slice(), "Results".to_owned()),
                _ => return Err(bad("Results", "input at Results must be an array")),
            },
            _ => return Err(bad("", "a scan report must be an object or an array of results")),
        };
        let created = match report["CreatedAt"].as_str() {
            Some(text) => Some(crate::io::json::parse_time(text).map_err(|why| bad("CreatedAt", &why))?),
            None => None,
        };
        let mut os_found = report["Metadata"]["OS"].is_object();
        let mut vulnerabilities = Vec::new();
        for (i, result) in results.iter().enumerate() {
            let at = if results_path.is_empty() { format!("[{i}]") } else { format!("{results_path}[{i}]") };
            let class = result["Class"].as_str();
            let kind = result["Type"].as_str().unwrap_or_default();
            os_found |= class == Some("os-pkgs") || (class.is_none() && OS_TYPES.contains(&kind));
            match &result["Vulnerabilities"] {
                Value::Null => {}
                Value::Array(list) => vulnerabilities.extend(list.iter().map(read_vulnerability)),
                _ => return Err(bad(&format!("{at}.Vulnerabilities"), "must be an array or null")),
            }
        }
        Ok(ScanReport { digests, created, os_found, vulnerabilities })
    }

    /// The image digests the report is about.
    ///
    /// # Example
    /// ```
    /// let scan = imagecurator::ScanReport::from_json(&serde_json::json!({}), None)?;
    /// assert!(scan.digests().is_empty());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn digests(&self) -> &[String] {
        &self.digests
    }

    /// Whether the scan found the operating system's packages: without them, finding nothing
    /// proves nothing.
    ///
    /// # Example
    /// ```
    /// let scan = imagecurator::ScanReport::from_json(&serde_json::json!({"Results": []}), None)?;
    /// assert!(!scan.found_os_packages());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn found_os_packages(&self) -> bool {
        self.os_found
    }

    /// Vulnerabilities of a severity, only those with a fix when `fixed_only`.
    ///
    /// # Example
    /// ```
    /// use imagecurator::VulnerabilitySeverity::Critical;
    /// let scan = imagecurator::ScanReport::from_json(&serde_json::json!({"Results": [{"Class": "os-pkgs",
    ///     "Vulnerabilities": [{"VulnerabilityID": "CVE-1", "Severity": "CRITICAL", "Status": "will_not_fix"}]}]}), None)?;
    /// assert_eq!((scan.count(Critical, false), scan.count(Critical, true)), (1, 0));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn count(&self, severity: VulnerabilitySeverity, fixed_only: bool) -> usize {
        self.vulnerabilities.iter().filter(|v| v.severity == severity && (v.fixed || !fixed_only)).count()
    }
}

fn read_vulnerability(v: &Value) -> Vulnerability {
    let text = |key: &str| v[key].as_str().unwrap_or_default();
    let fixed = !text("FixedVersion").is_empty() || text("Status") == "fixed";
    let severity = VulnerabilitySeverity::from_trivy(text("Severity"));
    Vulnerability { id: text("VulnerabilityID").to_owned(), severity, fixed }
}

/// The digest a reference or bare digest names.
pub(crate) fn digest_of(text: &str) -> Option<String> {
    if text.starts_with("sha256:") || text.starts_with("sha512:") {
        return crate::names::Digest::parse(text).ok().map(|d| d.to_string());
    }
    Reference::parse(text).ok()?.digest().map(str::to_owned)
}

#[cold]
fn bad(path: &str, message: &str) -> Error {
    if path.is_empty() {
        Error::new(ErrorCode::InvalidInput, message)
    } else {
        Error::in_document(ErrorCode::InvalidInput, path, format!("scan report: {message}"))
    }
}
