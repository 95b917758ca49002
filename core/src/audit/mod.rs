//! The audit: one policy applied to one cluster's data, as one deterministic report.

use crate::error::Error;
use crate::io::{ImageStream, Inventory};
use crate::policy::{Policy, POLICY_VERSION};
use crate::rules::catalog::{conflict_finding, plan_catalog, CatalogPlan};
use crate::rules::curated::{check_curated, plan_propagation_except, PropagationPlan};
use crate::rules::finding::{Finding, Severity};
use crate::rules::gates::check_gates;
use crate::rules::naming::check_names_of;
use crate::rules::retention::{plan_retention_of, Action, RetentionPlan};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

mod render;

/// Findings counted by severity.
///
/// # Example
/// ```
/// // An openshift namespace that holds only `php`: the eight images the cluster needs are missing.
/// let inventory = imagecurator::Inventory::from_json(&serde_json::json!({"imagestreams":
///     {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}}}))?;
/// let report = imagecurator::audit(&imagecurator::Policy::default(), &inventory)?;
/// assert_eq!(report.summary.errors, 8);
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
/// let inventory = imagecurator::Inventory::from_json(&serde_json::json!({"imagestreams":
///     {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}}}))?;
/// let report = imagecurator::audit(&imagecurator::Policy::default(), &inventory)?;
/// let json = serde_json::to_value(&report).unwrap();
/// assert_eq!(json["policy_version"], 1);
/// assert!(report.to_table().contains("catalog.required_missing"));
/// // An empty inventory: no family has data, so none reports anything but that it did not run.
/// let empty = imagecurator::audit(&imagecurator::Policy::default(), &imagecurator::Inventory::default())?;
/// assert!(empty.findings.is_empty() && empty.families.iter().all(|f| !f.evaluated));
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
    /// Which rule families ran, on how many objects, and why any did not.
    pub families: Vec<FamilyRun>,
    /// Objects the inventory held and nothing used, counted by kind: kinds the audit does not
    /// read (Services, Routes), objects under a key that does not take them (Templates inside
    /// a List given as `imagestreams`), and scan reports about no image a pod runs or a stream
    /// holds (`ScanReport`). Said, never dropped unseen.
    pub unused_input: BTreeMap<String, usize>,
    /// Objects given more than once with the same contents, read once, counted by kind.
    pub repeated_input: BTreeMap<String, usize>,
    /// Objects of kinds that hold no images (Services, ConfigMaps, ...) read among the
    /// workloads, counted by kind: seen, and not evidence of use.
    pub ignored_kinds: BTreeMap<String, usize>,
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
    /// Every command of the plans above, one per line, in an order that is safe to run: first
    /// what other clusters gain, then the samples `Config` patch (so that the Cluster Samples
    /// Operator stops managing what is about to go), then the catalog's deletions, then
    /// retention's untagging.
    pub commands: Vec<String>,
}

/// The rule families an audit applies.
///
/// # Example
/// ```
/// assert_eq!(imagecurator::RuleFamily::Gates.as_str(), "gates");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RuleFamily {
    /// What a shared catalog namespace may hold.
    Catalog,
    /// Names of image streams, tags and namespaces.
    Naming,
    /// Owners, champions, rebuilds and versions of curated images.
    Curated,
    /// What images in gated namespaces must pass.
    Gates,
    /// Which versions of each image stay.
    Retention,
    /// What other clusters need to match this one's curated images.
    Propagation,
}

impl RuleFamily {
    /// The snake_case name.
    ///
    /// # Example
    /// ```
    /// assert_eq!(imagecurator::RuleFamily::Catalog.as_str(), "catalog");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RuleFamily::Catalog => "catalog",
            RuleFamily::Naming => "naming",
            RuleFamily::Curated => "curated",
            RuleFamily::Gates => "gates",
            RuleFamily::Retention => "retention",
            RuleFamily::Propagation => "propagation",
        }
    }
}

/// Whether one rule family ran in an audit, and on how many objects: a family whose input is
/// absent is not evaluated, and says why, rather than reporting what it could not see.
///
/// # Example
/// ```
/// let inventory = imagecurator::Inventory::from_json(&serde_json::json!({"namespaces": ["a1b2c3-prod"]}))?;
/// let report = imagecurator::audit(&imagecurator::Policy::default(), &inventory)?;
/// let catalog = &report.families[0];
/// assert_eq!((catalog.family.as_str(), catalog.evaluated), ("catalog", false));
/// assert!(report.findings.iter().all(|f| f.code.family() != "catalog"));
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FamilyRun {
    /// The family.
    pub family: RuleFamily,
    /// The namespace it ran for, for a family that runs per namespace (catalog).
    pub namespace: Option<String>,
    /// Whether it ran.
    pub evaluated: bool,
    /// How many objects of the inventory it looked at.
    pub objects: usize,
    /// Why it did not run, when it did not.
    pub not_evaluated_because: Option<String>,
}

impl FamilyRun {
    fn new(family: RuleFamily, namespace: Option<&String>, objects: usize, absent: &str) -> FamilyRun {
        FamilyRun {
            family,
            namespace: namespace.cloned(),
            evaluated: objects > 0,
            objects,
            not_evaluated_because: (objects == 0).then(|| absent.to_owned()),
        }
    }
}

/// What the inventory held and nothing used: its own count of stray List items, and the scan
/// reports about no image that a pod runs or a stream holds (a report for another cluster's
/// image, or one bound to the wrong digest), which would otherwise vanish unseen.
fn unused_input(inventory: &Inventory) -> BTreeMap<String, usize> {
    let mut unused = inventory.unused.clone();
    if inventory.scans.is_empty() {
        return unused;
    }
    // Each digest a report is about, then those of them that something runs or holds: the
    // reports are few and a cluster's streams hold a million images, so the million are
    // looked up, not gathered.
    let asked: foldhash::HashSet<&str> = inventory.scans.iter().flat_map(|s| s.digests()).map(String::as_str).collect();
    let mut known: foldhash::HashSet<&str> = foldhash::HashSet::default();
    let run = inventory
        .workloads
        .iter()
        .flat_map(|w| std::iter::once(w.image.as_str()).chain(w.image_id.as_deref()))
        .filter_map(crate::io::digest_of);
    for digest in run {
        known.extend(asked.get(digest.as_str()));
    }
    let held = inventory.streams.iter().flat_map(|s| s.tags()).flat_map(|t| t.history()).map(|e| e.image());
    known.extend(held.filter_map(|image| asked.get(image)));
    let strays =
        inventory.scans.iter().filter(|scan| !scan.digests().iter().any(|d| known.contains(d.as_str()))).count();
    if strays > 0 {
        unused.insert("ScanReport".to_owned(), strays);
    }
    unused
}

/// The objects the catalog rules read for `namespace`: its image streams (a stream with no
/// namespace counts as the catalog's, as `plan_catalog` reads it), its templates, and the
/// samples `Config`.
fn catalog_objects(namespace: &str, inventory: &Inventory) -> usize {
    let streams = inventory.streams.iter().filter(|s| match s.namespace() {
        Some(ns) => ns == namespace,
        None => !s.is_registry_repository(),
    });
    let templates = inventory.templates.iter().filter(|t| t.namespace().is_none_or(|ns| ns == namespace));
    streams.count() + templates.count()
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
    let mut families = Vec::new();
    // Each family runs only on data it needs; one whose data is absent says so, and reports
    // nothing else, rather than errors about what it could not see.
    let mut catalog = Vec::new();
    for (namespace, rules) in &policy.catalog {
        let objects = catalog_objects(namespace, inventory);
        let absent = format!("no image streams or templates of `{namespace}` in the inventory");
        families.push(FamilyRun::new(RuleFamily::Catalog, Some(namespace), objects, &absent));
        if objects == 0 {
            continue;
        }
        let mut plan =
            plan_catalog(namespace, rules, &inventory.streams, &inventory.templates, inventory.samples_config.as_ref());
        findings.append(&mut plan.findings);
        catalog.push(plan);
    }
    let named = inventory.streams.iter().filter(|s| !s.is_registry_repository()).count() + inventory.namespaces.len();
    families.push(FamilyRun::new(RuleFamily::Naming, None, named, "no image streams or namespaces in the inventory"));
    if named > 0 {
        findings.extend(check_names_of(&policy.naming, &inventory.streams, &inventory.namespaces));
    }
    let curated =
        inventory.streams.iter().filter(|s| s.namespace().is_some_and(|ns| policy.curated.namespaces.matches(ns)));
    let curated = curated.count();
    families.push(FamilyRun::new(
        RuleFamily::Curated,
        None,
        curated,
        "no image streams of curated namespaces in the inventory",
    ));
    if curated > 0 {
        findings.extend(check_curated(&policy.curated, &inventory.streams, inventory.now));
    }
    let gated = inventory
        .workloads
        .iter()
        .filter(|w| w.namespace.as_deref().is_some_and(|ns| policy.gates.namespaces.matches(ns)));
    let gated = gated.count();
    families.push(FamilyRun::new(RuleFamily::Gates, None, gated, "no pods of gated namespaces in the inventory"));
    if gated > 0 {
        findings.extend(check_gates(
            &policy.gates,
            &inventory.workloads,
            &inventory.streams,
            &inventory.scans,
            inventory.now,
        ));
    }

    // A stream without a namespace belongs to the catalog, as plan_catalog reads it, unless
    // it is a plain registry repository, which has no namespace at all.
    let outside_catalog = |s: &&ImageStream| match s.namespace() {
        Some(ns) => !policy.catalog.contains_key(ns),
        None => s.is_registry_repository() || policy.catalog.is_empty(),
    };
    let planned: Vec<&ImageStream> = inventory.streams.iter().filter(outside_catalog).collect();
    families.push(FamilyRun::new(
        RuleFamily::Retention,
        None,
        planned.len(),
        "no image streams outside the catalog namespaces",
    ));
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
    let peers = inventory.peers.len();
    families.push(FamilyRun::new(RuleFamily::Propagation, None, peers, "no other clusters (`peers`) in the inventory"));
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
        families,
        unused_input: unused_input(inventory),
        repeated_input: inventory.repeated.clone(),
        ignored_kinds: inventory.evidence.as_ref().map(|e| e.ignored.clone()).unwrap_or_default(),
        summary,
        findings,
        commands: commands_in_safe_order(&catalog, &retention, &propagation),
        catalog,
        retention,
        propagation,
    })
}

/// The plans' commands in an order that is safe to run, each step before the ones it protects:
/// - propagation first: it only adds images to other clusters;
/// - then, for the `openshift` catalog, the samples `Config` patch, so that the Cluster
///   Samples Operator stops managing what is about to go (it would recreate a stream or
///   template deleted while it still manages it);
/// - then the catalog's `oc delete` commands;
/// - then retention's `oc tag -d` commands, last because they are the most numerous and each
///   removes a tag that no later step needs.
fn commands_in_safe_order(
    catalog: &[CatalogPlan],
    retention: &RetentionPlan,
    propagation: &PropagationPlan,
) -> Vec<String> {
    let mut commands = propagation.commands.clone();
    for plan in catalog.iter().filter(|p| p.namespace == SAMPLES_NAMESPACE) {
        commands.extend(samples_patch(&plan.samples_config));
    }
    commands.extend(catalog.iter().flat_map(|p| p.commands.iter().cloned()));
    commands.extend(retention.commands.iter().cloned());
    commands
}

/// The namespace whose samples the Cluster Samples Operator manages.
const SAMPLES_NAMESPACE: &str = "openshift";

/// `oc patch` of the cluster's samples `Config` with the plan's skip lists, or nothing when
/// the plan skips nothing. A merge patch replaces each list whole, and the plan's lists hold
/// what the Config skipped before as well as what the plan adds.
fn samples_patch(config: &crate::io::SamplesConfig) -> Option<String> {
    if config.skipped_imagestreams.is_empty() && config.skipped_templates.is_empty() {
        return None;
    }
    let spec = serde_json::json!({"spec": {
        "skippedImagestreams": config.skipped_imagestreams,
        "skippedTemplates": config.skipped_templates,
    }});
    // Single-quoted for the shell; Kubernetes names hold no quote, but a `'` would be closed,
    // escaped and reopened rather than end the argument.
    let patch = spec.to_string().replace('\'', "'\\''");
    Some(format!("oc patch configs.samples.operator.openshift.io cluster --type=merge -p '{patch}'"))
}
