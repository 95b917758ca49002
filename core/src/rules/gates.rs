//! Prod gates: images that run in prod namespaces come from an approved registry and pass the
//! scan thresholds. Scan reports are any format [`crate::ScanReport`] reads: Trivy, ACS
//! (roxctl and the image object) and Grype.

use crate::io::{digest_of, ImageStream, ScanReport, VulnerabilitySeverity, Workload};
use crate::names::{selector, NamespaceSelector, Reference, RegistryScope};
use crate::rules::finding::{Finding, FindingCode, Severity};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct OriginRule {
    /// Registry scopes an image must come from (an Artifactory host, say). Empty: the origin
    /// rule is off, as the strategy has it until Artifactory is available.
    pub allowed: Vec<RegistryScope>,
    /// Pods must name images by digest.
    pub require_digest: bool,
    /// Pods must name each image's registry (`docker.io/library/nginx`, never `nginx`): CRI-O
    /// resolves a short name through the node's search registries, not by Docker's rule, so
    /// it may come from elsewhere than the audit reads it.
    pub require_registry: bool,
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// use imagecurator::VulnerabilitySeverity::{Critical, High};
/// assert_eq!((scan.max.get(&Critical), scan.max.get(&High)), (Some(&0), Some(&0)));
/// assert!(scan.ignore_unfixed && scan.unknown_blocks);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ScanRule {
    /// Most vulnerabilities allowed per severity (`critical`, `high`, `medium`, `low`,
    /// `unknown`); a severity not listed is not limited.
    pub max: BTreeMap<VulnerabilitySeverity, u32>,
    /// Count only vulnerabilities that have a fix.
    pub ignore_unfixed: bool,
    /// Vulnerabilities allowed until a date.
    pub exceptions: Vec<ScanException>,
    /// Reports older than this many days do not count.
    pub max_report_age_days: u32,
    /// Whether an image whose scan is unknown (no report, a report of another image, a stale
    /// or undated report, or one that found no OS packages) is blocked; otherwise it is a
    /// warning.
    pub unknown_blocks: bool,
    /// Whether a report with no creation time (legacy Trivy and roxctl -o json have none) counts as
    /// current. By default its age is unknown, so the image's scan is unknown too.
    pub trust_undated_reports: bool,
}

impl Default for ScanRule {
    fn default() -> ScanRule {
        ScanRule {
            max: BTreeMap::from([(VulnerabilitySeverity::Critical, 0), (VulnerabilitySeverity::High, 0)]),
            ignore_unfixed: true,
            exceptions: Vec::new(),
            max_report_age_days: 30,
            unknown_blocks: true,
            trust_undated_reports: false,
        }
    }
}

/// What the API server does with a request an exported admission policy refuses: the
/// `validationActions` of a `ValidatingAdmissionPolicyBinding`, spelled as Kubernetes does.
///
/// # Example
/// ```
/// let action: imagecurator::AdmissionAction = serde_json::from_str(r#""Warn""#)?;
/// assert_eq!(action, imagecurator::AdmissionAction::Warn);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AdmissionAction {
    /// Refuse the request.
    Deny,
    /// Admit it, with a warning to the client.
    Warn,
    /// Admit it, and record the refusal in the audit log.
    Audit,
}

/// How the gates are enforced at admission, once exported (`imagecurator policy export`).
///
/// # Example
/// ```
/// let admission = imagecurator::AdmissionRules::default();
/// assert_eq!(admission.actions, [imagecurator::AdmissionAction::Deny]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct AdmissionRules {
    /// What the API server does with a refused request: `Deny`, or `Warn` and `Audit` while a
    /// policy is tried out. Kubernetes refuses `Deny` together with `Warn`.
    pub actions: Vec<AdmissionAction>,
    /// Registries the cluster pulls from outside the gates: its release and operator images,
    /// the internal registry, and whatever ungated namespaces use. The OpenShift `Image`
    /// export (`image-config`) allows these cluster-wide beside the gates' approved ones, and
    /// refuses to write a floor without them, which would stop nodes pulling the platform's
    /// own images.
    pub platform_registries: Vec<RegistryScope>,
    /// Admit in the gated namespaces only images pinned to a digest whose scan passed the
    /// gate, as the last audit found: the scan-gate export (`imagecurator policy scan-gate`)
    /// writes that list as a ConfigMap and an admission policy reading it.
    pub require_scan_passed: bool,
    /// The namespace of that ConfigMap (`imagecurator-scan-passed`).
    pub params_namespace: String,
}

impl Default for AdmissionRules {
    fn default() -> AdmissionRules {
        AdmissionRules {
            actions: vec![AdmissionAction::Deny],
            platform_registries: Vec::new(),
            require_scan_passed: false,
            params_namespace: "openshift-config".to_owned(),
        }
    }
}

impl AdmissionRules {
    pub(crate) fn check_at(&self, at: &str) -> Result<(), crate::Error> {
        let has = |a| self.actions.contains(&a);
        if self.actions.is_empty() {
            return Err(crate::Error::invalid_policy(
                &format!("{at}.actions"),
                "names no action; give `Deny`, `Warn` or `Audit`",
            ));
        }
        if let Err(e) = crate::names::Namespace::parse(&self.params_namespace) {
            let message = format!("`{}` is not a namespace name: {}", self.params_namespace, e.message());
            return Err(crate::Error::invalid_policy(&format!("{at}.params_namespace"), &message));
        }
        if has(AdmissionAction::Deny) && has(AdmissionAction::Warn) {
            let message =
                "has both `Deny` and `Warn`, which Kubernetes refuses together: a denied request gets no warning";
            return Err(crate::Error::invalid_policy(&format!("{at}.actions"), message));
        }
        Ok(())
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct GateRules {
    /// The namespaces gated.
    pub namespaces: NamespaceSelector,
    /// Where images may come from.
    pub origin: OriginRule,
    /// Scan thresholds.
    pub scan: ScanRule,
    /// How the gates are enforced at admission, once exported.
    pub admission: AdmissionRules,
}

impl Default for GateRules {
    fn default() -> GateRules {
        GateRules {
            namespaces: selector(&["*-prod"], &[]),
            origin: OriginRule::default(),
            scan: ScanRule::default(),
            admission: AdmissionRules::default(),
        }
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

/// Scan reports by each digest they are bound to; of several for one digest, the last.
type ReportsByDigest<'a> = foldhash::HashMap<&'a str, &'a ScanReport>;

fn reports_by_digest(scans: &[ScanReport]) -> ReportsByDigest<'_> {
    scans.iter().flat_map(|s| s.digests().iter().map(move |d| (d.as_str(), s))).collect()
}

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
/// Findings (errors block, warnings do not): `gate.origin_not_approved`,
/// `gate.origin_untraceable`, `gate.digest_required`, `gate.registry_required`, `gate.scan_threshold`,
/// `gate.scan_unknown`, `gate.exception_expired`.
///
/// # Example
/// ```
/// use imagecurator::{check_gates, GateRules, ScanReport, Workload};
/// let pods = serde_json::json!({"metadata": {"name": "web", "namespace": "a1b2c3-prod"},
///     "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}});
/// let findings = check_gates(&GateRules::default(), &Workload::from_json(&pods)?, &[], &[], None);
/// assert_eq!(findings[0].code, "gate.scan_unknown"); // no report for the image
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
    let by_digest = reports_by_digest(scans);
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
            FindingCode::GateDigestRequired,
            Severity::Error,
            subject,
            format!("`{image}` is not named by digest"),
            "deploy the image by digest (`...@sha256:...`)",
        ));
    }
    if rules.origin.require_registry && !Reference::names_registry(image) {
        let written = Reference::parse(image).map(|r| format!("`{r}`")).unwrap_or_else(|_| "its full name".to_owned());
        out.push(Finding::new(
            FindingCode::GateRegistryRequired,
            Severity::Error,
            subject,
            format!("`{image}` does not name its registry, so the node's search registries decide where it comes from"),
            format!("name it in full: {written}"),
        ));
    }
    if rules.origin.allowed.is_empty() {
        return out;
    }
    match traced.origin.as_deref().map(|o| (o, Reference::parse(o))) {
        None | Some((_, Err(_))) => out.push(Finding::new(
            FindingCode::GateOriginUntraceable,
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
                FindingCode::GateOriginNotApproved,
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
    by_digest: &ReportsByDigest<'_>,
    now: Option<DateTime<Utc>>,
    subject: &str,
) -> Vec<Finding> {
    let image = &w.image;
    let unknown = |why: String| unknown_scan(rule, image, subject, why);
    let Some(digest) = traced.digest.as_deref() else {
        return unknown("its digest is unknown, so no scan report can be bound to it".to_owned());
    };
    let Some(report) = by_digest.get(digest) else {
        return unknown(format!("no scan report for {digest}"));
    };
    judge_report(rule, report, image, now, subject)
}

/// An image whose scan proves nothing: an error when unknown blocks, else a warning.
fn unknown_scan(rule: &ScanRule, image: &str, subject: &str, why: String) -> Vec<Finding> {
    let severity = if rule.unknown_blocks { Severity::Error } else { Severity::Warning };
    vec![Finding::new(
        FindingCode::GateScanUnknown,
        severity,
        subject,
        format!("`{image}`: {why}"),
        "scan the image and add the report",
    )]
}

/// The scan gate's findings on one image's report: unknown when the report proves nothing
/// (no OS packages, partial, too old, undated), else the thresholds and exceptions.
fn judge_report(
    rule: &ScanRule,
    report: &ScanReport,
    image: &str,
    now: Option<DateTime<Utc>>,
    subject: &str,
) -> Vec<Finding> {
    let unknown = |why: String| unknown_scan(rule, image, subject, why);
    if !report.found_os_packages() {
        return unknown("its scan found no operating system packages, which proves nothing".to_owned());
    }
    if !report.gaps().is_empty() {
        return unknown(format!("its scan is partial: the scanner notes {}", report.gaps().join(", ")));
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
            None if !rule.trust_undated_reports => {
                return unknown(format!(
                    "its scan report ({}) has no creation time, so whether it is older than the policy \
                     allows cannot be known",
                    report.format()
                ));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let today = now.map(|n| n.date_naive());
    let mut counts: BTreeMap<VulnerabilitySeverity, usize> = BTreeMap::new();
    for v in report.vulnerabilities.iter().filter(|v| v.fixed || !rule.ignore_unfixed) {
        match rule.exceptions.iter().find(|e| e.id == v.id) {
            Some(e) if today.is_none_or(|d| d <= e.expires) => continue,
            Some(e) => out.push(Finding::new(
                FindingCode::GateExceptionExpired,
                Severity::Warning,
                subject,
                format!("the exception for {} expired on {}", e.id, e.expires),
                "fix the vulnerability or renew the exception",
            )),
            None => {}
        }
        *counts.entry(v.severity).or_default() += 1;
    }
    for (severity, max) in &rule.max {
        let found = counts.get(severity).copied().unwrap_or(0);
        if found > *max as usize {
            let which = if rule.ignore_unfixed { " fixable" } else { "" };
            out.push(Finding::new(
                FindingCode::GateScanThreshold,
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

/// The digests whose scan report passes the scan gate: a usable report (OS packages found,
/// not partial, recent and dated as the rule asks) within the thresholds. The exported scan
/// admission rule admits these only. A digest with several reports is judged by the one the
/// audit binds to it.
pub(crate) fn scan_passed_digests(
    rule: &ScanRule,
    scans: &[ScanReport],
    now: Option<DateTime<Utc>>,
) -> std::collections::BTreeSet<String> {
    reports_by_digest(scans)
        .into_iter()
        .filter(|(digest, report)| {
            judge_report(rule, report, digest, now, digest)
                .iter()
                .all(|f| !matches!(f.code, FindingCode::GateScanUnknown | FindingCode::GateScanThreshold))
        })
        .map(|(digest, _)| digest.to_owned())
        .collect()
}
