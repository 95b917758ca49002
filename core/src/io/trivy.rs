//! Trivy scan reports, current (`SchemaVersion` 2) or legacy (a top-level array of results),
//! read leniently and bound to the image digests they are about.

use crate::error::{Error, ErrorCode};
use crate::names::Reference;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// One vulnerability of a scan report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Vulnerability {
    pub(crate) id: String,
    pub(crate) severity: String,
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
    /// assert_eq!(scan.count("high", true), 1);
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

    /// Vulnerabilities of a severity (`critical`, `high`, ...), only those with a fix when
    /// `fixed_only`.
    ///
    /// # Example
    /// ```
    /// let scan = imagecurator::ScanReport::from_json(&serde_json::json!({"Results": [{"Class": "os-pkgs",
    ///     "Vulnerabilities": [{"VulnerabilityID": "CVE-1", "Severity": "CRITICAL", "Status": "will_not_fix"}]}]}), None)?;
    /// assert_eq!((scan.count("critical", false), scan.count("critical", true)), (1, 0));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn count(&self, severity: &str, fixed_only: bool) -> usize {
        self.vulnerabilities.iter().filter(|v| v.severity == severity && (v.fixed || !fixed_only)).count()
    }
}

fn read_vulnerability(v: &Value) -> Vulnerability {
    let text = |key: &str| v[key].as_str().unwrap_or_default();
    let fixed = !text("FixedVersion").is_empty() || text("Status") == "fixed";
    let severity = match text("Severity").to_ascii_lowercase().as_str() {
        s @ ("critical" | "high" | "medium" | "low") => s.to_owned(),
        _ => "unknown".to_owned(),
    };
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
