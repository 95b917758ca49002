//! Catalog rules for a shared namespace such as `openshift`: what stays, what goes, what the
//! Cluster Samples Operator must skip, and which templates would break.

use crate::io::{ImageStream, SamplesConfig, Template};
use crate::rules::catalog::CatalogRules;
use crate::rules::finding::{Finding, FindingCode, Severity};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What the catalog rules make of one namespace: findings, the samples `Config` to apply, and
/// the delete commands for what is already there (skipping stops the operator from managing a
/// stream; it does not delete it).
///
/// # Example
/// ```
/// use imagecurator::{plan_catalog, CatalogRules, ImageStream};
/// let streams = ImageStream::from_json(&serde_json::json!({"kind": "List", "items": [
///     {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}},
///     {"kind": "ImageStream", "metadata": {"name": "cli", "namespace": "openshift"}}]}))?;
/// let plan = plan_catalog("openshift", &CatalogRules::strategy(), &streams, &[], None);
/// assert!(plan.samples_config.skipped_imagestreams.contains(&"php".to_owned()));
/// assert!(!plan.samples_config.skipped_imagestreams.contains(&"cli".to_owned()));
/// assert_eq!(plan.commands, ["oc delete imagestream -n openshift php"]);
/// # Ok::<(), imagecurator::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatalogPlan {
    /// The namespace the plan is for.
    pub namespace: String,
    /// Streams that stay, sorted.
    pub kept_streams: Vec<String>,
    /// Streams that go, sorted.
    pub removed_streams: Vec<String>,
    /// Templates that go, sorted.
    pub removed_templates: Vec<String>,
    /// The samples operator `Config` to apply.
    pub samples_config: SamplesConfig,
    /// `oc delete` commands for streams and templates present now, sorted.
    pub commands: Vec<String>,
    /// Findings, sorted by code and subject.
    pub findings: Vec<Finding>,
}

/// Applies a namespace's catalog rules to what the namespace holds: its ImageStreams (streams
/// of other namespaces are ignored; those without a namespace are taken to be in it), its
/// Templates, and the current samples `Config`, whose skipped entries stay skipped unless the
/// rules now keep them (so nothing the operator stopped managing comes back unasked).
///
/// Findings: `catalog.not_approved` (a stream that goes), `catalog.required_missing`,
/// `catalog.not_scheduled` (a kept stream whose imported tags are not re-imported on a
/// schedule), `catalog.template_removed`, `catalog.template_broken` (a template that refers to
/// a stream that goes; removed with it when `templates.remove_broken`, an error otherwise),
/// `catalog.release_payload` (a stream the release payload ships, kept though unlisted),
/// `catalog.unskipped` (a skipped stream the rules now keep), and `catalog.stale_name` (a
/// policy name the namespace does not have).
///
/// # Example
/// ```
/// use imagecurator::{plan_catalog, CatalogRules, ImageStream};
/// let plan = plan_catalog("openshift", &CatalogRules::strategy(), &[], &[], None);
/// let missing: Vec<_> = plan.findings.iter().filter(|f| f.code == "catalog.required_missing").collect();
/// assert_eq!(missing.len(), 8);
/// ```
pub fn plan_catalog(
    namespace: &str,
    rules: &CatalogRules,
    streams: &[ImageStream],
    templates: &[Template],
    current: Option<&SamplesConfig>,
) -> CatalogPlan {
    let here = |ns: Option<&str>| ns.is_none_or(|ns| ns == namespace);
    let scope = Scope {
        namespace,
        rules,
        present: streams.iter().filter(|s| here(s.namespace())).map(|s| (s.name(), s)).collect(),
        templates: templates.iter().filter(|t| here(t.namespace())).map(|t| (t.name(), t)).collect(),
        current,
    };
    let mut findings = Vec::new();
    let (kept, removed) = scope.streams(&mut findings);
    let skipped_imagestreams = scope.skipped_streams(&removed, &mut findings);
    findings.extend(scope.required_missing());
    let removed_templates = scope.templates_to_remove(&mut findings);
    let mut skipped_templates: BTreeSet<String> = removed_templates.clone();
    skipped_templates.extend(rules.templates.remove.iter().cloned());
    if let Some(current) = current {
        skipped_templates.extend(current.skipped_templates.iter().cloned());
    }
    findings.extend(stale_names(namespace, rules, &scope.present, &scope.templates, current));
    let mut commands: Vec<String> =
        removed.iter().map(|name| format!("oc delete imagestream -n {namespace} {name}")).collect();
    commands.extend(removed_templates.iter().map(|name| format!("oc delete template -n {namespace} {name}")));
    findings.sort();
    CatalogPlan {
        namespace: namespace.to_owned(),
        kept_streams: kept.iter().map(|s| (*s).to_owned()).collect(),
        removed_streams: removed.iter().map(|s| (*s).to_owned()).collect(),
        removed_templates: removed_templates.into_iter().collect(),
        samples_config: SamplesConfig {
            skipped_imagestreams: skipped_imagestreams.into_iter().collect(),
            skipped_templates: skipped_templates.into_iter().collect(),
            other_spec: current.map(|c| c.other_spec.clone()).unwrap_or_default(),
        },
        commands,
        findings,
    }
}

/// One catalog namespace's contents and rules, as `plan_catalog` works through them.
struct Scope<'a> {
    namespace: &'a str,
    rules: &'a CatalogRules,
    present: BTreeMap<&'a str, &'a ImageStream>,
    templates: BTreeMap<&'a str, &'a Template>,
    current: Option<&'a SamplesConfig>,
}

impl<'a> Scope<'a> {
    fn finding(
        &self,
        code: FindingCode,
        severity: Severity,
        kind: &str,
        name: &str,
        message: String,
        fix: &str,
    ) -> Finding {
        Finding::new(code, severity, format!("{kind}/{}/{name}", self.namespace), message, fix)
    }

    /// The streams that stay and those that go, with a finding for each that goes, for each
    /// kept only as release payload, and for each kept one that is not re-imported.
    fn streams(&self, findings: &mut Vec<Finding>) -> (Vec<&'a str>, Vec<&'a str>) {
        let rules = self.rules;
        let payload = |s: &ImageStream| rules.keep_release_payload && is_release_payload(s);
        let (kept, removed): (Vec<&str>, Vec<&str>) =
            self.present.keys().copied().partition(|name| rules.keeps(name) || payload(self.present[name]));
        for name in kept.iter().filter(|name| !rules.keeps(name)) {
            let message = format!("`{name}` ships with the release payload and is not in the policy; it stays");
            findings.push(self.finding(
                FindingCode::CatalogReleasePayload,
                Severity::Info,
                "imagestream",
                name,
                message,
                "add it to the required list to say so",
            ));
        }
        for name in &removed {
            let message = format!("`{name}` is in {} but not approved for it", self.namespace);
            let fix = "delete it and add it to the samples Config's skippedImagestreams";
            findings.push(self.finding(
                FindingCode::CatalogNotApproved,
                Severity::Warning,
                "imagestream",
                name,
                message,
                fix,
            ));
        }
        for name in &kept {
            findings.extend(unscheduled(self.namespace, self.present[name], rules));
        }
        (kept, removed)
    }

    /// What the samples operator must skip: the streams that go, the names the rules remove
    /// explicitly (even when absent), and what the operator already skips unless now kept.
    fn skipped_streams(&self, removed: &[&str], findings: &mut Vec<Finding>) -> BTreeSet<String> {
        let rules = self.rules;
        let mut skipped: BTreeSet<String> = removed.iter().map(|s| (*s).to_owned()).collect();
        skipped.extend(rules.remove.iter().filter(|r| !rules.keeps(r)).cloned());
        for name in self.current.map(|c| c.skipped_imagestreams.as_slice()).unwrap_or_default() {
            if !rules.keeps(name) {
                skipped.insert(name.clone());
                continue;
            }
            let message =
                format!("`{name}` is skipped by the samples Config but the rules keep it; it will be installed");
            let fix = "nothing, if it is meant to come back; otherwise remove it from the approved list";
            findings.push(self.finding(
                FindingCode::CatalogUnskipped,
                Severity::Info,
                "imagestream",
                name,
                message,
                fix,
            ));
        }
        skipped
    }

    fn required_missing(&self) -> Vec<Finding> {
        let missing = self.rules.required.iter().filter(|r| !self.present.contains_key(r.as_str()));
        missing
            .map(|name| {
                let message = format!("`{name}` is required by the cluster but missing from {}", self.namespace);
                let fix = "restore it from the release payload (it is not a sample the operator installs)";
                self.finding(FindingCode::CatalogRequiredMissing, Severity::Error, "imagestream", name, message, fix)
            })
            .collect()
    }

    /// Templates listed for removal, and templates that refer to a stream that goes (removed
    /// with it, or an error when the rules keep broken templates).
    fn templates_to_remove(&self, findings: &mut Vec<Finding>) -> BTreeSet<String> {
        let rules = self.rules;
        let mut removed = BTreeSet::new();
        for (name, template) in &self.templates {
            if rules.templates.remove.iter().any(|r| r == name) {
                removed.insert((*name).to_owned());
                let fix = "delete it and add it to the samples Config's skippedTemplates";
                let message = format!("template `{name}` is listed for removal");
                findings.push(self.finding(
                    FindingCode::CatalogTemplateRemoved,
                    Severity::Warning,
                    "template",
                    name,
                    message,
                    fix,
                ));
                continue;
            }
            let broken: Vec<&str> = template
                .streams()
                .iter()
                .filter(|(ns, stream)| ns == self.namespace && !rules.keeps(stream))
                .map(|(_, stream)| stream.as_str())
                .collect();
            if broken.is_empty() {
                continue;
            }
            let (severity, fix) = if rules.templates.remove_broken {
                removed.insert((*name).to_owned());
                (Severity::Warning, "removed with the stream; approve the stream instead to keep the template")
            } else {
                (Severity::Error, "remove the template, or approve the stream")
            };
            let message =
                format!("template `{name}` refers to {}, which {} no longer keeps", quoted(&broken), self.namespace);
            findings.push(self.finding(FindingCode::CatalogTemplateBroken, severity, "template", name, message, fix));
        }
        removed
    }
}

/// Whether the release payload ships the stream: an annotation key under the
/// `include.release.openshift.io` prefix (the key's prefix, compared whole).
fn is_release_payload(stream: &ImageStream) -> bool {
    stream
        .annotations()
        .keys()
        .any(|key| key.split_once('/').is_some_and(|(prefix, _)| prefix == "include.release.openshift.io"))
}

/// A kept stream whose imported tags are not re-imported on a schedule.
fn unscheduled(namespace: &str, stream: &ImageStream, rules: &CatalogRules) -> Option<Finding> {
    if !rules.scheduled_import {
        return None;
    }
    let mut tags: Vec<&str> =
        stream.tags().iter().filter(|t| t.source().is_some() && !t.is_scheduled()).map(|t| t.name()).collect();
    tags.sort_unstable();
    if tags.is_empty() {
        return None;
    }
    let name = stream.name();
    Some(Finding::new(
        FindingCode::CatalogNotScheduled,
        Severity::Warning,
        format!("imagestream/{namespace}/{name}"),
        format!(
            "{} of `{name}` {} not re-imported on a schedule, so updates do not arrive",
            count(tags.len(), "tag"),
            if tags.len() == 1 { "is" } else { "are" }
        ),
        format!("set importPolicy.scheduled: true on {}", quoted(&tags)),
    ))
}

/// Policy names the namespace does not have (nor the samples `Config` skip): stale, not fatal.
fn stale_names(
    namespace: &str,
    rules: &CatalogRules,
    present: &BTreeMap<&str, &ImageStream>,
    templates: &BTreeMap<&str, &Template>,
    current: Option<&SamplesConfig>,
) -> Vec<Finding> {
    let skipped = |list: fn(&SamplesConfig) -> &Vec<String>, name: &str| {
        current.is_some_and(|c| list(c).iter().any(|s| s == name))
    };
    let mut out = Vec::new();
    for name in &rules.remove {
        if !present.contains_key(name.as_str())
            && !skipped(|c| &c.skipped_imagestreams, name)
            && !rules.required.contains(name)
        {
            out.push(stale(namespace, "imagestream", name, "catalog.remove"));
        }
    }
    for name in &rules.templates.remove {
        if !templates.contains_key(name.as_str()) && !skipped(|c| &c.skipped_templates, name) {
            out.push(stale(namespace, "template", name, "catalog.templates.remove"));
        }
    }
    out
}

fn stale(namespace: &str, kind: &str, name: &str, list: &str) -> Finding {
    Finding::new(
        FindingCode::CatalogStaleName,
        Severity::Info,
        format!("{kind}/{namespace}/{name}"),
        format!("the policy lists {kind} `{name}` in {list}, but {namespace} does not have it"),
        "nothing to do now; drop the name from the policy once no cluster has it",
    )
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
