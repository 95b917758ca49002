//! The audit: one policy applied to one cluster's data, as one deterministic report.

use crate::error::Error;
use crate::io::{ImageStream, Inventory};
use crate::policy::{Policy, POLICY_VERSION};
use crate::rules::catalog::{conflict_finding, plan_catalog, CatalogPlan};
use crate::rules::curated::{check_curated, plan_propagation_except, PropagationPlan};
use crate::rules::finding::{Finding, Severity};
use crate::rules::gates::check_gates;
use crate::rules::naming::check_names_of;
use crate::rules::retention::{plan_retention_of, Action, Reason, RetentionPlan};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::fmt::Write as _;

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
/// assert!(report.to_table().contains("catalog.required_missing"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// The version of the policy document applied.
    pub policy_version: u32,
    /// The time of the audit the rules used (the inventory's `now`), or `None` when none was
    /// given: then no rule that needs the time applied, and retention pruned nothing by age.
    #[serde(serialize_with = "crate::io::json::serialize_time")]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
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
/// assert!(report.findings.iter().any(|f| f.code == "catalog.not_approved" && f.subject == "imagestream/openshift/php"));
/// assert!(report.findings.iter().any(|f| f.code == "naming.stream_invalid"));
/// assert_eq!(report.catalog[0].samples_config.skipped_imagestreams.iter().filter(|s| *s == "php").count(), 1);
/// # Ok::<(), imagecurator::Error>(())
/// ```
pub fn audit(policy: &Policy, inventory: &Inventory) -> Result<AuditReport, Error> {
    policy.check()?;
    let mut findings: Vec<Finding> = policy.conflicts().into_iter().map(conflict_finding).collect();
    let mut catalog = Vec::new();
    for (namespace, rules) in &policy.catalog {
        let mut plan =
            plan_catalog(namespace, rules, &inventory.streams, &inventory.templates, inventory.samples_config.as_ref());
        findings.append(&mut plan.findings);
        catalog.push(plan);
    }
    findings.extend(check_names_of(&policy.naming, &inventory.streams, &inventory.namespaces));
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
    let retention =
        plan_retention_of(&policy.retention, planned, inventory.evidence.as_ref(), &inventory.pins, inventory.now)?;
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
    Ok(AuditReport {
        policy_version: POLICY_VERSION,
        now: inventory.now,
        summary,
        findings,
        catalog,
        retention,
        propagation,
    })
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
        let (code_w, subject_w) = (widths(|f| f.code.as_str().len()), widths(|f| f.subject.len()));
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
        for note in &self.retention.notes {
            let _ = write!(out, "\n  {note}");
        }
        // What a reviewer of the commands needs: each tag that goes and why, and each tag kept
        // only because something uses it, and what.
        let shown = self.retention.decisions.iter().filter(|d| d.action == Action::Prune || d.reason == Reason::InUse);
        for d in shown {
            let _ = write!(out, "\n  {}  {}", d.namespace.as_deref().unwrap_or("-"), d.message());
        }
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
