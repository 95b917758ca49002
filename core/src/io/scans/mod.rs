//! Scan reports as the platform's scanners print them, read leniently into one shape the prod
//! gate counts, and bound to the image digests they are about: Trivy (current and legacy),
//! Red Hat Advanced Cluster Security / StackRox (`roxctl image scan -o json`, and the image
//! object of the legacy `--format json` and of Central's API) and Grype. What each format
//! holds where is in `../shared/fixtures/scans/README.md`; one severity and fix mapping is
//! on [`VulnerabilitySeverity::from_scanner`] and [`ScanReport::from_json`].

mod acs;
mod grype;
mod trivy;

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

    /// Reads a scanner's severity word, in any case, by one mapping for every format:
    /// `CRITICAL`; `HIGH` and Red Hat's `IMPORTANT` are high; `MEDIUM` and `MODERATE` are
    /// medium; `LOW` and Grype's `Negligible` are low. ACS's `*_VULNERABILITY_SEVERITY` forms
    /// read as their first word. Anything else, and a missing severity (`""`), is `Unknown`,
    /// never `Low`.
    ///
    /// # Example
    /// ```
    /// use imagecurator::VulnerabilitySeverity::{self as S, *};
    /// assert_eq!(S::from_scanner("IMPORTANT_VULNERABILITY_SEVERITY"), High);
    /// assert_eq!(S::from_scanner("Moderate"), Medium);
    /// assert_eq!(S::from_scanner("Negligible"), Low);
    /// assert_eq!(S::from_scanner(""), Unknown);
    /// ```
    pub fn from_scanner(text: &str) -> VulnerabilitySeverity {
        let word = text.strip_suffix("_VULNERABILITY_SEVERITY").unwrap_or(text);
        let is = |names: &[&str]| names.iter().any(|name| word.eq_ignore_ascii_case(name));
        match () {
            _ if is(&["critical"]) => VulnerabilitySeverity::Critical,
            _ if is(&["high", "important"]) => VulnerabilitySeverity::High,
            _ if is(&["medium", "moderate"]) => VulnerabilitySeverity::Medium,
            _ if is(&["low", "negligible"]) => VulnerabilitySeverity::Low,
            _ => VulnerabilitySeverity::Unknown,
        }
    }

    /// Reads Trivy's `Severity` (`CRITICAL`, `HIGH`, `MEDIUM`, `LOW`, `UNKNOWN`), in any case;
    /// the same as [`VulnerabilitySeverity::from_scanner`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::VulnerabilitySeverity::from_trivy("low").as_str(), "low");
    /// ```
    pub fn from_trivy(text: &str) -> VulnerabilitySeverity {
        VulnerabilitySeverity::from_scanner(text)
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

/// The format a scan report came in.
///
/// # Example
/// ```
/// use imagecurator::{ScanFormat, ScanReport};
/// let grype = serde_json::json!({"matches": [], "descriptor": {"name": "grype"}});
/// assert_eq!(ScanReport::from_json(&grype, None)?.format(), ScanFormat::Grype);
/// assert_eq!(ScanFormat::Roxctl.as_str(), "roxctl");
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ScanFormat {
    /// `trivy image -f json`, `SchemaVersion` 2.
    Trivy,
    /// Trivy before `SchemaVersion` 2: a top-level array of results, naming no image.
    TrivyLegacy,
    /// `roxctl image scan -o json`: `{"result": {"summary", "vulnerabilities"}}`, naming no
    /// image and no time.
    Roxctl,
    /// An ACS/StackRox image object (`storage.Image`): roxctl's legacy `--format json`, or
    /// Central's `GET /v1/images/{id}`.
    AcsImage,
    /// `grype -o json`.
    Grype,
}

impl ScanFormat {
    /// The format's name, as reports and errors write it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::ScanFormat::AcsImage.as_str(), "acs-image");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ScanFormat::Trivy => "trivy",
            ScanFormat::TrivyLegacy => "trivy-legacy",
            ScanFormat::Roxctl => "roxctl",
            ScanFormat::AcsImage => "acs-image",
            ScanFormat::Grype => "grype",
        }
    }

    /// The format of a document that is a scan report, by the keys only that format has at
    /// its top; `None` for anything else (a Kubernetes object, an inventory).
    pub(crate) fn detect(document: &Value) -> Option<ScanFormat> {
        match document {
            Value::Array(_) => Some(ScanFormat::TrivyLegacy),
            Value::Object(object) => ScanFormat::detect_object(object),
            _ => None,
        }
    }

    /// [`ScanFormat::detect`] for an object: the keyed-inventory test asks it too, so that a
    /// report given alone is never read as an inventory's keys.
    pub(crate) fn detect_object(object: &serde_json::Map<String, Value>) -> Option<ScanFormat> {
        let has = |key: &str| object.contains_key(key);
        match () {
            _ if has("SchemaVersion") || has("ArtifactName") => Some(ScanFormat::Trivy),
            _ if has("matches") && (has("descriptor") || has("source")) => Some(ScanFormat::Grype),
            _ if object.get("result").is_some_and(|r| r.get("summary").is_some()) => Some(ScanFormat::Roxctl),
            _ if object.get("scan").is_some_and(Value::is_object) && !has("kind") => Some(ScanFormat::AcsImage),
            _ => None,
        }
    }
}

impl fmt::Display for ScanFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A scan report, read leniently, bound to the image digests it is about.
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
    format: ScanFormat,
    digests: Vec<String>,
    pub(crate) created: Option<DateTime<Utc>>,
    os_found: bool,
    gaps: Vec<String>,
    pub(crate) vulnerabilities: Vec<Vulnerability>,
}

/// What one format's reader finds in a report, before the report is bound to an image.
struct Read {
    /// The digests the report itself names.
    digests: Vec<String>,
    created: Option<DateTime<Utc>>,
    os_found: bool,
    gaps: Vec<String>,
    vulnerabilities: Vec<Vulnerability>,
}

impl ScanReport {
    /// Reads a scan report of any format [`ScanFormat`] names, told apart by its top-level
    /// keys (an object with none of them reads as a Trivy report with no results). The image
    /// it is about is `image` when given (a reference with a digest, or a bare `sha256:...`),
    /// else every digest the report names: Trivy's `Metadata.RepoDigests`; the ACS image's
    /// `id`, `name` and `names`; Grype's `source.target` `repoDigests`, `userInput` and
    /// `manifestDigest`. Legacy Trivy names none; roxctl's `-o json` names none, so it is
    /// refused without `image` rather than bound to a guess.
    ///
    /// Each vulnerability is one row per package. It has a fix when Trivy gives a
    /// `FixedVersion` (or `Status` `fixed`), roxctl a `componentFixedVersion`, the ACS image
    /// a `fixedBy`, and Grype `fix.state` `fixed` with a version. Severities are read by
    /// [`VulnerabilitySeverity::from_scanner`]; roxctl's `-o json` itself prints an unknown
    /// severity as `LOW`, which cannot be undone. Grype's `ignoredMatches` count too: the
    /// policy's dated exceptions, not a scanner's configuration, say what may be ignored.
    ///
    /// # Errors
    /// `invalid_input`, naming the path, when a present key has the wrong shape, `image` is
    /// neither a digest nor a reference with one, or a roxctl report comes without `image`.
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
        let format = match report {
            Value::Array(_) | Value::Object(_) => ScanFormat::detect(report).unwrap_or(ScanFormat::Trivy),
            _ => return Err(bad("", "a scan report must be an object (or, from legacy Trivy, an array of results)")),
        };
        let read = match format {
            ScanFormat::Trivy | ScanFormat::TrivyLegacy => trivy::read(report)?,
            ScanFormat::Roxctl => acs::read_roxctl(report)?,
            ScanFormat::AcsImage => acs::read_image(report)?,
            ScanFormat::Grype => grype::read(report)?,
        };
        let digests = match image {
            Some(image) => vec![digest_of(image).ok_or_else(|| bad("image", &format!("`{image}` names no digest")))?],
            None if format == ScanFormat::Roxctl => return Err(bad("", ROXCTL_UNBOUND)),
            None => read.digests,
        };
        let Read { created, os_found, gaps, vulnerabilities, .. } = read;
        Ok(ScanReport { format, digests, created, os_found, gaps, vulnerabilities })
    }

    /// The format the report came in.
    ///
    /// # Example
    /// ```
    /// let scan = imagecurator::ScanReport::from_json(&serde_json::json!({}), None)?;
    /// assert_eq!(scan.format(), imagecurator::ScanFormat::Trivy);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn format(&self) -> ScanFormat {
        self.format
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
    /// proves nothing. roxctl's `-o json` names no operating system; there, a report that
    /// lists components counts as having found them.
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

    /// What the scanner says it could not scan, in its own words (ACS's `scan.notes`, such as
    /// `OS_CVES_UNAVAILABLE`, and `MISSING_SCAN_DATA`): a partly failed scan proves nothing,
    /// and the gate reads it as unknown, not clean.
    ///
    /// # Example
    /// ```
    /// let image = serde_json::json!({"id": format!("sha256:{}", "c".repeat(64)),
    ///     "scan": {"operatingSystem": "ubuntu:15.10", "notes": ["OS_CVES_UNAVAILABLE"], "components": []}});
    /// let scan = imagecurator::ScanReport::from_json(&image, None)?;
    /// assert_eq!(scan.gaps(), ["OS_CVES_UNAVAILABLE"]);
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn gaps(&self) -> &[String] {
        &self.gaps
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

const ROXCTL_UNBOUND: &str = "a `roxctl image scan -o json` report does not say which image it is about: give it \
     under `scans` as {\"image\": \"<reference>@sha256:...\", \"report\": <report>}, with the digest given to roxctl";

/// A text field of a JSON object, `""` when absent or not text.
fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key].as_str().unwrap_or_default()
}

/// The array at `key`: empty when absent or null, an error naming `path` when it is anything
/// else but an array.
fn array<'v>(value: &'v Value, key: &str, path: &str) -> Result<&'v [Value], Error> {
    match &value[key] {
        Value::Null => Ok(&[]),
        Value::Array(items) => Ok(items),
        _ => Err(bad(path, &format!("input at {path} must be an array"))),
    }
}

/// An optional RFC 3339 time at `key` (`""` is none).
fn time(value: &Value, key: &str, path: &str) -> Result<Option<DateTime<Utc>>, Error> {
    match text(value, key) {
        "" => Ok(None),
        t => crate::io::json::parse_time(t).map(Some).map_err(|why| bad(path, &why)),
    }
}

/// The digests some texts name (references with a digest, or bare digests), sorted, once each.
fn digests_named<'t>(texts: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut found: Vec<String> = texts.filter_map(digest_of).collect();
    found.sort();
    found.dedup();
    found
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
