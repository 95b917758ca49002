//! Prod gates: images that run in prod namespaces come from an approved registry and pass the
//! scan thresholds. Scan reports are Trivy JSON, current (`SchemaVersion` 2) or legacy (a
//! top-level array of results).

use crate::error::{Error, ErrorCode};
use crate::finding::{Finding, Severity};
use crate::openshift::{ImageStream, Workload};
use crate::pattern::NamespaceSelector;
use crate::reference::Reference;
use crate::scope::RegistryScope;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where prod images may come from.
///
/// # Example
/// ```
/// let origin: imagecurator::OriginRule = serde_json::from_str(r#"{"allowed": ["artifacts.example.com"]}"#)?;
/// assert!(!origin.require_digest);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OriginRule {
    /// Registry scopes an image must come from (an Artifactory host, say). Empty: the origin
    /// rule is off, as the strategy has it until Artifactory is available.
    pub allowed: Vec<RegistryScope>,
    /// Pods must name images by digest.
    pub require_digest: bool,
}

/// A CVE an image may have until a date.
///
/// # Example
/// ```
/// let e: imagecurator::ScanException = serde_json::from_str(r#"{"id": "CVE-2019-1549", "expires": "2026-12-31"}"#)?;
/// assert_eq!(e.id, "CVE-2019-1549");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanException {
    /// The vulnerability id (`CVE-2019-1549`).
    pub id: String,
    /// The last day the exception holds.
    pub expires: NaiveDate,
    /// Why it was granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Scan thresholds for prod images.
///
/// # Example
/// ```
/// let scan = imagecurator::ScanRule::default();
/// assert_eq!((scan.max.get("critical"), scan.max.get("high")), (Some(&0), Some(&0)));
/// assert!(scan.ignore_unfixed && scan.unknown_blocks);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScanRule {
    /// Most vulnerabilities allowed per severity (`critical`, `high`, `medium`, `low`,
    /// `unknown`); a severity not listed is not limited.
    pub max: BTreeMap<String, u32>,
    /// Count only vulnerabilities that have a fix.
    pub ignore_unfixed: bool,
    /// Vulnerabilities allowed until a date.
    pub exceptions: Vec<ScanException>,
    /// Reports older than this many days do not count.
    pub max_report_age_days: u32,
    /// Whether an image whose scan is unknown (no report, a report of another image, a stale
    /// report, or one that found no OS packages) is blocked; otherwise it is a warning.
    pub unknown_blocks: bool,
}

impl Default for ScanRule {
    fn default() -> ScanRule {
        ScanRule {
            max: BTreeMap::from([("critical".to_owned(), 0), ("high".to_owned(), 0)]),
            ignore_unfixed: true,
            exceptions: Vec::new(),
            max_report_age_days: 30,
            unknown_blocks: true,
        }
    }
}

/// The prod gates.
///
/// # Example
/// ```
/// let gates = imagecurator::GateRules::default();
/// assert!(gates.namespaces.matches("a1b2c3-prod") && !gates.namespaces.matches("a1b2c3-production"));
/// assert!(gates.origin.allowed.is_empty()); // off until the policy names a registry
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GateRules {
    /// The namespaces gated.
    pub namespaces: NamespaceSelector,
    /// Where images may come from.
    pub origin: OriginRule,
    /// Scan thresholds.
    pub scan: ScanRule,
}

impl Default for GateRules {
    fn default() -> GateRules {
        GateRules {
            namespaces: crate::policy::selector(&["*-prod"], &[]),
            origin: OriginRule::default(),
            scan: ScanRule::default(),
        }
    }
}

const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "unknown"];

impl GateRules {
    /// The broken rule of this section, as (path, problem).
    pub(crate) fn problem(&self) -> Option<(String, String)> {
        for key in self.scan.max.keys() {
            if !SEVERITIES.contains(&key.as_str()) {
                return Some((
                    format!("gates.scan.max.{key}"),
                    format!("`{key}` is not a severity ({})", SEVERITIES.join(", ")),
                ));
            }
        }
        None
    }
}

/// One vulnerability of a scan report.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Vulnerability {
    id: String,
    severity: String,
    fixed: bool,
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
    created: Option<DateTime<Utc>>,
    os_found: bool,
    vulnerabilities: Vec<Vulnerability>,
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
            Some(text) => Some(crate::input::parse_time(text).map_err(|why| bad("CreatedAt", &why))?),
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
fn digest_of(text: &str) -> Option<String> {
    if text.starts_with("sha256:") || text.starts_with("sha512:") {
        return crate::reference::Digest::parse(text).ok().map(|d| d.to_string());
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

/// Where an image in a prod namespace came from and what it is, as the gates trace it.
struct Traced {
    /// The image's digest, when known.
    digest: Option<String>,
    /// Where it was pulled from before it reached the internal registry; `None` when it
    /// cannot be traced.
    origin: Option<String>,
}

/// Image streams by (namespace, name).
type StreamsByName<'a> = foldhash::HashMap<(&'a str, &'a str), &'a ImageStream>;

/// The image stream, tag or digest an internal-registry reference names, traced to its origin.
fn trace(image: &str, image_id: Option<&str>, streams: &StreamsByName<'_>) -> Traced {
    let Ok(reference) = Reference::parse(image) else { return Traced { digest: None, origin: None } };
    let running = image_id.and_then(digest_of).or_else(|| reference.digest().map(str::to_owned));
    let Some(internal) = reference.internal_image() else {
        return Traced { digest: running, origin: Some(reference.to_string()) };
    };
    let Some(stream) = streams.get(&(internal.namespace(), internal.stream())) else {
        return Traced { digest: running, origin: None };
    };
    let events = stream.tags().iter().flat_map(|t| t.history().iter().map(move |e| (t.name(), e)));
    let found = match (&running, reference.tag()) {
        (Some(digest), _) => events.clone().find(|(_, e)| e.image() == digest.as_str()),
        (None, tag) => {
            let tag = tag.unwrap_or("latest");
            stream.tags().iter().find(|t| t.name() == tag).and_then(|t| t.current().map(|e| (t.name(), e)))
        }
    };
    match found {
        Some((_, event)) => Traced {
            digest: Some(event.image().to_owned()),
            // A reference back into the internal registry means the image was built here.
            origin: event.reference().map(str::to_owned),
        },
        None => Traced { digest: running, origin: None },
    }
}

/// Checks the containers of gated namespaces: origin against the allowed registries, scans
/// against the thresholds. Without `now`, report age and exception expiry are not judged
/// (exceptions then hold).
///
/// Findings (errors block, warnings do not): `gate.origin-not-approved`,
/// `gate.origin-untraceable`, `gate.digest-required`, `gate.scan-threshold`,
/// `gate.scan-unknown`, `gate.exception-expired`.
///
/// # Example
/// ```
/// use imagecurator::{check_gates, GateRules, ScanReport, Workload};
/// let pods = serde_json::json!({"metadata": {"name": "web", "namespace": "a1b2c3-prod"},
///     "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}});
/// let findings = check_gates(&GateRules::default(), &Workload::from_json(&pods)?, &[], &[], None);
/// assert_eq!(findings[0].code, "gate.scan-unknown"); // no report for the image
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn check_gates(
    rules: &GateRules,
    workloads: &[Workload],
    streams: &[ImageStream],
    scans: &[ScanReport],
    now: Option<DateTime<Utc>>,
) -> Vec<Finding> {
    // Looked up, never walked: hashed, as a cluster has tens of thousands of streams.
    let by_name: StreamsByName<'_> = streams.iter().filter_map(|s| Some(((s.namespace()?, s.name()), s))).collect();
    let by_digest: foldhash::HashMap<&str, &ScanReport> =
        scans.iter().flat_map(|s| s.digests().iter().map(move |d| (d.as_str(), s))).collect();
    let mut out = Vec::new();
    for w in workloads {
        let Some(namespace) = w.namespace.as_deref().filter(|ns| rules.namespaces.matches(ns)) else { continue };
        let subject = format!("container/{namespace}/{}/{}", w.pod, w.container);
        let traced = trace(&w.image, w.image_id.as_deref(), &by_name);
        out.extend(origin_findings(rules, w, &traced, &subject));
        out.extend(scan_findings(&rules.scan, w, &traced, &by_digest, now, &subject));
    }
    out
}

fn origin_findings(rules: &GateRules, w: &Workload, traced: &Traced, subject: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let image = &w.image;
    if rules.origin.require_digest && Reference::parse(image).ok().and_then(|r| r.digest().map(str::to_owned)).is_none()
    {
        out.push(Finding::new(
            "gate.digest-required",
            Severity::Error,
            subject,
            format!("`{image}` is not named by digest"),
            "deploy the image by digest (`...@sha256:...`)",
        ));
    }
    if rules.origin.allowed.is_empty() {
        return out;
    }
    match traced.origin.as_deref().map(|o| (o, Reference::parse(o))) {
        None | Some((_, Err(_))) => out.push(Finding::new(
            "gate.origin-untraceable",
            Severity::Error,
            subject,
            format!("where `{image}` came from cannot be traced (no image stream history records it)"),
            "import it from the approved registry so its origin is recorded",
        )),
        Some((origin, Ok(parsed))) if !rules.origin.allowed.iter().any(|scope| scope.allows(&parsed)) => {
            let built_here = parsed.internal_image().is_some();
            let whence =
                if built_here { "was built on the cluster".to_owned() } else { format!("comes from `{origin}`") };
            out.push(Finding::new(
                "gate.origin-not-approved",
                Severity::Error,
                subject,
                format!("`{image}` {whence}, not from an approved registry"),
                "push it to the approved registry and deploy it from there",
            ));
        }
        Some(_) => {}
    }
    out
}

fn scan_findings(
    rule: &ScanRule,
    w: &Workload,
    traced: &Traced,
    by_digest: &foldhash::HashMap<&str, &ScanReport>,
    now: Option<DateTime<Utc>>,
    subject: &str,
) -> Vec<Finding> {
    let image = &w.image;
    let unknown = |why: String| {
        let severity = if rule.unknown_blocks { Severity::Error } else { Severity::Warning };
        vec![Finding::new(
            "gate.scan-unknown",
            severity,
            subject,
            format!("`{image}`: {why}"),
            "scan the image and add the report",
        )]
    };
    let Some(digest) = traced.digest.as_deref() else {
        return unknown("its digest is unknown, so no scan report can be bound to it".to_owned());
    };
    let Some(report) = by_digest.get(digest) else {
        return unknown(format!("no scan report for {digest}"));
    };
    if !report.found_os_packages() {
        return unknown("its scan found no operating system packages, which proves nothing".to_owned());
    }
    if let Some(now) = now {
        match report.created {
            Some(created) if now - created > Duration::days(i64::from(rule.max_report_age_days)) => {
                return unknown(format!(
                    "its scan report is from {}, older than {} days",
                    created.date_naive(),
                    rule.max_report_age_days
                ));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let today = now.map(|n| n.date_naive());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in report.vulnerabilities.iter().filter(|v| v.fixed || !rule.ignore_unfixed) {
        match rule.exceptions.iter().find(|e| e.id == v.id) {
            Some(e) if today.is_none_or(|d| d <= e.expires) => continue,
            Some(e) => out.push(Finding::new(
                "gate.exception-expired",
                Severity::Warning,
                subject,
                format!("the exception for {} expired on {}", e.id, e.expires),
                "fix the vulnerability or renew the exception",
            )),
            None => {}
        }
        *counts.entry(v.severity.as_str()).or_default() += 1;
    }
    for (severity, max) in &rule.max {
        let found = counts.get(severity.as_str()).copied().unwrap_or(0);
        if found > *max as usize {
            let which = if rule.ignore_unfixed { " fixable" } else { "" };
            out.push(Finding::new(
                "gate.scan-threshold",
                Severity::Error,
                subject,
                format!(
                    "`{image}` has {found}{which} {severity} {}; at most {max} may run in prod",
                    if found == 1 { "vulnerability" } else { "vulnerabilities" }
                ),
                "rebuild on patched packages, or grant a dated exception",
            ));
        }
    }
    out.sort();
    out.dedup();
    out
}
