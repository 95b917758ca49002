//! The audit: one policy applied to one cluster's data, as one deterministic report.

use crate::catalog::{plan_catalog, CatalogPlan, SamplesConfig, Template};
use crate::curated::{check_curated, plan_propagation_except, PropagationPlan};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::gates::{check_gates, ScanReport};
use crate::input::{self, OneOrMany, PodEntry, RawInventory};
use crate::naming::{check_namespace, check_stream_name, check_tag};
use crate::openshift::{images_of, template_pins, ImageStream, TemplatePin, Workload};
use crate::policy::{Policy, POLICY_VERSION};
use crate::retention::{plan_retention_of, Action, RetentionPlan};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// What a cluster holds, as the audit reads it. Everything is optional.
///
/// # Example
/// ```
/// let inventory = imagecurator::Inventory::from_json(&serde_json::json!({
///     "imagestreams": {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}},
///     "namespaces": ["a1b2c3-prod"],
/// }))?;
/// assert_eq!((inventory.streams.len(), inventory.namespaces.len()), (1, 1));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Image streams of every namespace audited.
    pub streams: Vec<ImageStream>,
    /// Templates (of the catalog namespaces, and any others).
    pub templates: Vec<Template>,
    /// Tags the templates pin (kept by retention).
    pub pins: Vec<TemplatePin>,
    /// Image references workloads run.
    pub in_use: Vec<String>,
    /// The containers of the pods, with their namespaces (for the prod gates).
    pub workloads: Vec<Workload>,
    /// Scan reports, each bound to the image digests it is about.
    pub scans: Vec<ScanReport>,
    /// The current samples operator `Config`.
    pub samples_config: Option<SamplesConfig>,
    /// Namespace names to check, beyond those the streams name.
    pub namespaces: Vec<String>,
    /// The time of the audit (for minimum ages, rebuilds, deprecations); none means rules
    /// that need the time do not apply.
    pub now: Option<DateTime<Utc>>,
    /// The curated namespaces' image streams on the other clusters, by cluster name, for the
    /// propagation plan (this inventory's cluster is the source).
    pub peers: BTreeMap<String, Vec<ImageStream>>,
}

impl Inventory {
    /// Reads an inventory document from JSON text (see [`Inventory::from_json`]).
    ///
    /// # Errors
    /// `invalid_input` as for [`Inventory::from_json`], and for text that is not JSON.
    ///
    /// # Example
    /// ```
    /// let inventory = imagecurator::Inventory::from_json_str(r#"{"namespaces": ["a1b2c3-dev"]}"#)?;
    /// assert_eq!(inventory.namespaces, ["a1b2c3-dev"]);
    /// assert_eq!(imagecurator::Inventory::from_json_str("{").unwrap_err().code().as_str(), "invalid_input");
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_json_str(text: &str) -> Result<Inventory, Error> {
        Inventory::from_raw(input::read_text(text)?)
    }

    /// Reads an inventory document: `{"imagestreams": ..., "templates": ..., "pods": ...,
    /// "samples_config": ..., "namespaces": [...], "now": "..."}`. `imagestreams`, `templates`
    /// and `pods` each take one `oc get ... -o json` document or an array of them; `pods` also
    /// takes an array of image references.
    ///
    /// # Errors
    /// `invalid_input` naming the path, for an unknown key or a value of the wrong shape.
    ///
    /// # Example
    /// ```
    /// let err = imagecurator::Inventory::from_json(&serde_json::json!({"streams": []})).unwrap_err();
    /// assert_eq!(err.path(), Some("streams"));
    /// ```
    pub fn from_json(document: &Value) -> Result<Inventory, Error> {
        Inventory::from_raw(input::read(document)?)
    }

    /// Reads an inventory document from any serde deserializer, in one pass: how the Python
    /// binding reads dicts in place, without building JSON first.
    ///
    /// # Errors
    /// As [`Inventory::from_json`], naming the path of a bad value.
    ///
    /// # Example
    /// ```
    /// let document = serde_json::json!({"namespaces": ["a1b2c3-dev"], "pods": ["nginx:1"]});
    /// let inventory = imagecurator::Inventory::from_deserializer(&document)?;
    /// assert_eq!(inventory.in_use, ["nginx:1"]);
    /// let err = imagecurator::Inventory::from_deserializer(&serde_json::json!({"pods": 1})).unwrap_err();
    /// assert_eq!(err.path(), Some("pods"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_deserializer<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Inventory, Error> {
        Inventory::from_raw(input::read_tracked(deserializer)?)
    }

    /// Reads an inventory document, as [`Inventory::from_deserializer`] does, from a source
    /// that can be read twice: `make` gives a deserializer over it. The first read does not
    /// track the path, which makes it faster; only when it fails is the source read again, to
    /// name the path of the bad value.
    ///
    /// # Errors
    /// As [`Inventory::from_json`], naming the path of a bad value.
    ///
    /// # Example
    /// ```
    /// let document = serde_json::json!({"namespaces": ["a1b2c3-dev"], "pods": ["nginx:1"]});
    /// assert_eq!(imagecurator::Inventory::from_deserializers(|| &document)?.in_use, ["nginx:1"]);
    /// let bad = serde_json::json!({"namespaces": ["a", 5]});
    /// assert_eq!(imagecurator::Inventory::from_deserializers(|| &bad).unwrap_err().path(), Some("namespaces[1]"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn from_deserializers<'de, D, F>(make: F) -> Result<Inventory, Error>
    where
        D: serde::Deserializer<'de>,
        F: Fn() -> D,
    {
        Inventory::from_raw(input::read_again_on_error(make)?)
    }

    /// Sets the time of the audit from RFC 3339 text, as bindings pass the caller's clock.
    ///
    /// # Errors
    /// `invalid_input` when the text is not an RFC 3339 time; the inventory is unchanged then.
    ///
    /// # Example
    /// ```
    /// let mut inventory = imagecurator::Inventory::default();
    /// inventory.set_now("2026-01-01T00:00:00Z")?;
    /// assert!(inventory.now.is_some());
    /// assert!(inventory.set_now("tomorrow").is_err());
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn set_now(&mut self, rfc3339: &str) -> Result<(), Error> {
        let now =
            input::parse_time(rfc3339).map_err(|why| Error::in_document(crate::ErrorCode::InvalidInput, "now", why))?;
        self.now = Some(now);
        Ok(())
    }

    fn from_raw(raw: RawInventory<'_>) -> Result<Inventory, Error> {
        let templates = each(raw.templates.as_ref(), "templates", Template::from_json)?;
        let pins = each(raw.templates.as_ref(), "templates", template_pins)?;
        let (mut in_use, mut workloads) = (Vec::new(), Vec::new());
        let pods = raw.pods.map(OneOrMany::into_vec).unwrap_or_default();
        for entry in pods {
            match entry {
                PodEntry::Reference(image) => in_use.push(image),
                PodEntry::Pods(pods) => workloads.extend(Workload::from_raw(*pods)),
            }
        }
        // Each pod document's workloads come sorted; one document, the usual case, needs no more.
        if !workloads.is_sorted() {
            workloads.sort_unstable();
        }
        in_use.extend(images_of(&workloads));
        in_use.sort_unstable();
        in_use.dedup();
        let samples_config = match raw.samples_config {
            None | Some(Value::Null) => None,
            Some(value) => Some(SamplesConfig::from_json(&value).map_err(|e| e.within("samples_config"))?),
        };
        let mut peers = BTreeMap::new();
        for (cluster, documents) in raw.peers.unwrap_or_default() {
            let streams = ImageStream::from_documents(documents, &format!("peers.{cluster}"))?;
            peers.insert(cluster, streams);
        }
        Ok(Inventory {
            streams: ImageStream::from_documents(
                raw.imagestreams.unwrap_or(OneOrMany::Many(Vec::new())),
                "imagestreams",
            )?,
            templates,
            pins,
            in_use,
            workloads,
            scans: scans(raw.scans.unwrap_or_default())?,
            samples_config,
            namespaces: raw.namespaces.unwrap_or_default(),
            now: raw.now.map(|t| t.0),
            peers,
        })
    }
}

/// One document or each of an array of them, with errors placed under `key`.
fn each<T>(value: Option<&Value>, key: &str, read: impl Fn(&Value) -> Result<Vec<T>, Error>) -> Result<Vec<T>, Error> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            let mut all = Vec::new();
            for (i, item) in items.iter().enumerate() {
                all.extend(read(item).map_err(|e| e.within(&format!("{key}[{i}]")))?);
            }
            Ok(all)
        }
        Some(other) => read(other).map_err(|e| e.within(key)),
    }
}

/// `[<report> | {"image": "<reference or digest>", "report": <report>}, ...]`.
fn scans(entries: Vec<Value>) -> Result<Vec<ScanReport>, Error> {
    let mut out = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("scans[{i}]");
        let read = match entry.get("report") {
            Some(report) => {
                let image = entry["image"].as_str();
                ScanReport::from_json(report, image).map_err(|e| e.within(&format!("{at}.report")))
            }
            None => ScanReport::from_json(entry, None).map_err(|e| e.within(&at)),
        };
        out.push(read?);
    }
    Ok(out)
}

/// Findings counted by severity.
///
/// # Example
/// ```
/// let report = imagecurator::audit(&imagecurator::Policy::default(), &imagecurator::Inventory::default())?;
/// assert_eq!(report.summary.errors, 8); // the eight required openshift images are missing
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

/// The audit's report: findings, the catalog plans (with the samples `Config` each needs),
/// and the retention plan. Deterministic: the same policy and inventory give the same report,
/// byte for byte, whatever order the inventory lists things in.
///
/// # Example
/// ```
/// let report = imagecurator::audit(&imagecurator::Policy::default(), &imagecurator::Inventory::default())?;
/// let json = serde_json::to_value(&report).unwrap();
/// assert_eq!(json["policy_version"], 1);
/// assert!(report.to_table().contains("catalog.required-missing"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// The version of the policy document applied.
    pub policy_version: u32,
    /// Findings by severity.
    pub summary: Summary,
    /// Every finding: errors first, then by code and subject.
    pub findings: Vec<Finding>,
    /// One plan per catalog namespace, by name (their findings are in `findings`).
    pub catalog: Vec<CatalogPlan>,
    /// Retention over every namespace that is not a catalog namespace.
    pub retention: RetentionPlan,
    /// What the other clusters (`peers`) need to match this one's curated images.
    pub propagation: PropagationPlan,
}

/// Applies a policy to an inventory: policy conflicts, catalog rules, naming checks and
/// retention, in one report.
///
/// Retention plans the streams of every namespace except the catalog namespaces, whose tags
/// the samples operator and scheduled imports manage.
///
/// # Errors
/// `invalid_policy` when the policy fails [`Policy::check`]; `invalid_input` when an in-use
/// image is not a reference. Nothing is reported then.
///
/// # Example
/// ```
/// use imagecurator::{audit, Inventory, Policy};
/// let inventory = Inventory::from_json(&serde_json::json!({"imagestreams": {"kind": "List", "items": [
///     {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}},
///     {"kind": "ImageStream", "metadata": {"name": "Bad_Name", "namespace": "a1b2c3-tools"}}]}}))?;
/// let report = audit(&Policy::default(), &inventory)?;
/// assert!(report.findings.iter().any(|f| f.code == "catalog.not-approved" && f.subject == "imagestream/openshift/php"));
/// assert!(report.findings.iter().any(|f| f.code == "naming.stream-invalid"));
/// assert_eq!(report.catalog[0].samples_config.skipped_imagestreams.iter().filter(|s| *s == "php").count(), 1);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn audit(policy: &Policy, inventory: &Inventory) -> Result<AuditReport, Error> {
    policy.check()?;
    let mut findings = conflict_findings(policy);
    let mut catalog = Vec::new();
    for (namespace, rules) in &policy.catalog {
        let mut plan =
            plan_catalog(namespace, rules, &inventory.streams, &inventory.templates, inventory.samples_config.as_ref());
        findings.append(&mut plan.findings);
        catalog.push(plan);
    }
    findings.extend(naming_findings(policy, inventory));
    findings.extend(check_curated(&policy.curated, &inventory.streams, inventory.now));
    findings.extend(check_gates(
        &policy.gates,
        &inventory.workloads,
        &inventory.streams,
        &inventory.scans,
        inventory.now,
    ));

    // A stream without a namespace belongs to the catalog, as plan_catalog reads it, unless
    // it is a plain registry repository, which has no namespace at all.
    let outside_catalog = |s: &&ImageStream| match s.namespace() {
        Some(ns) => !policy.catalog.contains_key(ns),
        None => s.is_registry_repository() || policy.catalog.is_empty(),
    };
    let planned = inventory.streams.iter().filter(outside_catalog).collect();
    let retention = plan_retention_of(&policy.retention, planned, &inventory.in_use, &inventory.pins, inventory.now)?;
    // Propagate what the source keeps: a tag its retention prunes is not sent elsewhere.
    let pruned: BTreeSet<(Option<&str>, &str, &str)> = retention
        .decisions
        .iter()
        .filter(|d| d.action == Action::Prune)
        .filter(|d| d.namespace.as_deref().is_some_and(|ns| policy.curated.namespaces.matches(ns)))
        .map(|d| (d.namespace.as_deref(), &*d.stream, &*d.tag))
        .collect();
    let propagation = plan_propagation_except(&policy.curated, &inventory.streams, &inventory.peers, |ns, s, t| {
        pruned.contains(&(Some(ns), s, t))
    });
    findings.sort_by(|a, b| {
        (Reverse(a.severity), a.code, &a.subject, &a.message).cmp(&(
            Reverse(b.severity),
            b.code,
            &b.subject,
            &b.message,
        ))
    });
    findings.dedup();
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let summary =
        Summary { errors: count(Severity::Error), warnings: count(Severity::Warning), infos: count(Severity::Info) };
    Ok(AuditReport { policy_version: POLICY_VERSION, summary, findings, catalog, retention, propagation })
}

fn conflict_findings(policy: &Policy) -> Vec<Finding> {
    policy
        .conflicts()
        .into_iter()
        .map(|c| {
            Finding::new(
                "catalog.required-removed",
                Severity::Error,
                c.subject,
                c.message,
                format!("drop it from {}: the cluster needs it", c.path),
            )
        })
        .collect()
}

fn naming_findings(policy: &Policy, inventory: &Inventory) -> Vec<Finding> {
    let mut namespaces: BTreeSet<&str> = inventory.namespaces.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for stream in inventory.streams.iter().filter(|s| !s.is_registry_repository()) {
        let Some(namespace) = stream.namespace() else { continue };
        namespaces.insert(namespace);
        out.extend(check_stream_name(namespace, stream.name()));
        let versioned = policy.naming.versioned_tags.matches(namespace);
        for tag in stream.tags() {
            out.extend(check_tag(namespace, stream.name(), tag.name(), versioned));
        }
    }
    for namespace in namespaces {
        out.extend(check_namespace(namespace, policy.naming.plates.matches(namespace)));
    }
    out
}

impl AuditReport {
    /// The report as a table a person reads in a terminal: the summary, one line per finding,
    /// each catalog plan and its samples `Config`, the retention totals, then every command.
    ///
    /// # Example
    /// ```
    /// let report = imagecurator::audit(&imagecurator::Policy::default(), &imagecurator::Inventory::default())?;
    /// let table = report.to_table();
    /// assert!(table.starts_with("audit: 8 errors, 0 warnings"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let s = &self.summary;
        let _ = writeln!(
            out,
            "audit: {} errors, {} warnings, {} info (policy version {})",
            s.errors, s.warnings, s.infos, self.policy_version
        );
        let widths = |f: fn(&Finding) -> usize| self.findings.iter().map(f).max().unwrap_or(0);
        let (code_w, subject_w) = (widths(|f| f.code.len()), widths(|f| f.subject.len()));
        for f in &self.findings {
            let _ = write!(
                out,
                "\n{:<7}  {:<code_w$}  {:<subject_w$}  {}",
                f.severity.as_str(),
                f.code,
                f.subject,
                f.message
            );
            if let Some(fix) = &f.suggestion {
                let _ = write!(out, " (suggest `{fix}`)");
            }
        }
        for plan in &self.catalog {
            let config = &plan.samples_config;
            let _ = write!(
                out,
                "\n\ncatalog {}: keeps {} streams, removes {} streams and {} templates; samples Config skips {} image streams and {} templates",
                plan.namespace,
                plan.kept_streams.len(),
                plan.removed_streams.len(),
                plan.removed_templates.len(),
                config.skipped_imagestreams.len(),
                config.skipped_templates.len()
            );
        }
        for plan in &self.catalog {
            let config = serde_json::to_string_pretty(&plan.samples_config).unwrap_or_default();
            let _ = write!(out, "\n\nsamples Config for {} (oc apply -f -):\n{config}", plan.namespace);
        }
        let t = &self.retention.totals;
        let _ =
            write!(out, "\n\nretention: {} tags in {} streams: keep {}, prune {}", t.tags, t.streams, t.kept, t.pruned);
        for step in &self.propagation.steps {
            let _ = write!(
                out,
                "\npropagation: {} {} {}/{}:{}",
                step.cluster,
                step.action.as_str(),
                step.namespace,
                step.stream,
                step.tag
            );
        }
        let commands: Vec<&String> = self
            .catalog
            .iter()
            .flat_map(|p| &p.commands)
            .chain(&self.retention.commands)
            .chain(&self.propagation.commands)
            .collect();
        if !commands.is_empty() {
            out.push_str("\n\ncommands:");
            for command in commands {
                let _ = write!(out, "\n  {command}");
            }
        }
        out.push('\n');
        out
    }
}
