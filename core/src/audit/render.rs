//! The audit report as people read it: a table for a terminal and markdown for a merge
//! request. Both open with a summary, group the findings by code with each code's fix, list
//! retention's decisions that need a reviewer, then the catalog's samples `Config` and the
//! commands, each in a section of its own.

use super::AuditReport;
use crate::rules::catalog::CatalogPlan;
use crate::rules::finding::{Finding, Severity};
use crate::rules::retention::{short, Action, Reason, RetentionPlan, TagDecision, Why};
use std::fmt::Write as _;

/// The width a table line is kept within where it can be: a finding's message moves under its
/// subject rather than out of view.
const WIDTH: usize = 120;

/// A markdown group or list longer than this is folded (`<details>`), so that a merge request
/// comment opens on its summary.
const FOLD_OVER: usize = 10;

impl AuditReport {
    /// The report as a table a person reads in a terminal: a headline and what ran, a summary
    /// by severity and code, the findings grouped by code with each code's fix, each catalog
    /// plan and its samples `Config`, retention's pruned tags and the tags kept because
    /// something uses them, with their reasons, then the commands in the order to run them.
    ///
    /// # Example
    /// ```
    /// let inventory = imagecurator::Inventory::from_json(&serde_json::json!({"imagestreams":
    ///     {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}}}))?;
    /// let table = imagecurator::audit(&imagecurator::Policy::default(), &inventory)?.to_table();
    /// assert!(table.starts_with("audit: 8 errors, 1 warning, 45 info (policy version 1)"), "{table}");
    /// assert!(table.contains("\nran: catalog openshift (1), naming (1)\n"));
    /// assert!(table.contains("not evaluated: gates: no pods of gated namespaces in the inventory"));
    /// assert!(table.contains("\nerror catalog.required_missing (8)\n  fix: "));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn to_table(&self) -> String {
        let mut out = self.headline();
        let _ = write!(out, "\n{}", self.time_said());
        for line in self.context_lines() {
            let _ = write!(out, "\n{line}");
        }
        out.push('\n');
        if !self.findings.is_empty() {
            heading(&mut out, "Summary");
            let rows = self.counts_by_code();
            let code_w = rows.iter().map(|(_, code, _)| code.len()).max().unwrap_or(0);
            for (severity, code, n) in rows {
                let _ = write!(out, "\n  {:<7}  {code:<code_w$}  {n:>6}", severity.as_str());
            }
            out.push('\n');
            heading(&mut out, "Findings");
            for group in groups(&self.findings) {
                self.table_group(&mut out, group);
            }
        }
        for plan in &self.catalog {
            heading(&mut out, &format!("Catalog {}", plan.namespace));
            let (kept, skipped, config) = catalog_sentences(plan);
            let _ = write!(out, "\n  {kept}\n  {skipped}; the whole Config (oc apply -f -):\n{config}\n");
        }
        out.push_str(&self.retention.to_table());
        if !self.propagation.steps.is_empty() {
            heading(&mut out, "Propagation");
            for step in &self.propagation.steps {
                let (cluster, action) = (&step.cluster, step.action.as_str());
                let _ = write!(out, "\n  {cluster} {action} {}/{}:{}", step.namespace, step.stream, step.tag);
            }
            out.push('\n');
        }
        if !self.commands.is_empty() {
            heading(&mut out, "Commands, in the order to run them");
            for command in &self.commands {
                let _ = write!(out, "\n  {command}");
            }
            out.push('\n');
        }
        out
    }

    /// The report as markdown for a merge-request comment: the same sections as
    /// [`AuditReport::to_table`], as headings and tables, with long groups, the samples
    /// `Config` and long lists folded under `<details>` so that the comment opens on its summary.
    ///
    /// # Example
    /// ```
    /// let inventory = imagecurator::Inventory::from_json(&serde_json::json!({"imagestreams":
    ///     {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}}}))?;
    /// let markdown = imagecurator::audit(&imagecurator::Policy::default(), &inventory)?.to_markdown();
    /// assert!(markdown.starts_with("## imagecurator audit: 8 errors, 1 warning, 45 info\n"));
    /// assert!(markdown.contains("| error | `catalog.required_missing` | 8 |"));
    /// assert!(markdown.contains("```sh\noc patch configs.samples.operator.openshift.io cluster"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = format!("## imagecurator {}\n\n", self.headline().split(" (policy").next().unwrap_or_default());
        let _ = writeln!(out, "Policy version {}, {}.", self.policy_version, self.time_said());
        for line in self.context_lines() {
            let _ = writeln!(out, "- {}", cell(&line));
        }
        if !self.findings.is_empty() {
            out.push_str("\n### Summary\n\n| severity | code | findings |\n|---|---|---:|\n");
            for (severity, code, n) in self.counts_by_code() {
                let _ = writeln!(out, "| {} | `{code}` | {n} |", severity.as_str());
            }
            out.push_str("\n### Findings\n");
            for group in groups(&self.findings) {
                self.markdown_group(&mut out, group);
            }
        }
        for plan in &self.catalog {
            let (kept, skipped, config) = catalog_sentences(plan);
            let _ = write!(
                out,
                "\n### Catalog `{}`\n\n{}. {}.\n\n<details><summary>The whole samples Config (<code>oc apply -f -</code>)</summary>\n\n```json\n{config}\n```\n\n</details>\n",
                plan.namespace,
                capitalized(&kept),
                capitalized(&skipped),
            );
        }
        out.push_str(&self.retention.to_markdown());
        if !self.propagation.steps.is_empty() {
            out.push_str("\n### Propagation\n\n| cluster | action | tag |\n|---|---|---|\n");
            for step in &self.propagation.steps {
                let (cluster, action) = (&step.cluster, step.action.as_str());
                let _ = writeln!(out, "| {cluster} | {action} | `{}/{}:{}` |", step.namespace, step.stream, step.tag);
            }
        }
        if !self.commands.is_empty() {
            out.push_str("\n### Commands, in the order to run them\n\n");
            fold(&mut out, self.commands.len(), "commands", |out| {
                let _ = writeln!(out, "```sh\n{}\n```", self.commands.join("\n"));
            });
        }
        out
    }

    /// `audit: 4 errors, 159 warnings, 2 info (policy version 1)`.
    fn headline(&self) -> String {
        let s = &self.summary;
        format!(
            "audit: {}, {}, {} info (policy version {})",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            s.infos,
            self.policy_version
        )
    }

    /// The time the rules used, or that none was given.
    fn time_said(&self) -> String {
        match self.now {
            Some(now) => format!("time: {}", now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            None => "time: none given, so no rule that needs one applied".to_owned(),
        }
    }

    /// What ran and what did not, and what of the input went unused: the lines under the
    /// headline.
    fn context_lines(&self) -> Vec<String> {
        let ran: Vec<String> = self
            .families
            .iter()
            .filter(|f| f.evaluated)
            .map(|f| match &f.namespace {
                Some(ns) => format!("{} {ns} ({})", f.family.as_str(), f.objects),
                None => format!("{} ({})", f.family.as_str(), f.objects),
            })
            .collect();
        let mut lines = vec![format!("ran: {}", if ran.is_empty() { "nothing".to_owned() } else { ran.join(", ") })];
        for f in self.families.iter().filter(|f| !f.evaluated) {
            let why = f.not_evaluated_because.as_deref().unwrap_or_default();
            lines.push(format!("not evaluated: {}: {why}", f.family.as_str()));
        }
        let counts = |map: &std::collections::BTreeMap<String, usize>| {
            map.iter().map(|(kind, n)| format!("{n} {kind}")).collect::<Vec<_>>().join(", ")
        };
        if !self.ignored_kinds.is_empty() {
            lines.push(format!("seen among the workloads, holding no images: {}", counts(&self.ignored_kinds)));
        }
        let (mut misplaced, mut unread): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for (kind, n) in &self.unused_input {
            match kind.as_str() {
                "ScanReport" => lines
                    .push(format!("read but not used: {n} scan reports about no image a pod runs or a stream holds")),
                kind if crate::io::reads_kind(kind) => misplaced.push(format!("{n} {kind}")),
                _ => unread.push(format!("{n} {kind}")),
            }
        }
        if !unread.is_empty() {
            lines.push(format!("read but not used, of kinds the audit does not read: {}", unread.join(", ")));
        }
        if !misplaced.is_empty() {
            lines.push(format!(
                "read but not used, under a key that does not take them: {}; give `oc get -o json` output as a \
                 document of its own, not under a key, and each object goes where its kind belongs",
                misplaced.join(", ")
            ));
        }
        if !self.repeated_input.is_empty() {
            lines.push(format!("given more than once, read once: {}", counts(&self.repeated_input)));
        }
        lines
    }

    /// How many findings of each code, in the findings' order (errors first).
    fn counts_by_code(&self) -> Vec<(Severity, &'static str, usize)> {
        groups(&self.findings).map(|g| (g[0].severity, g[0].code.as_str(), g.len())).collect()
    }

    fn table_group(&self, out: &mut String, group: &[Finding]) {
        let first = &group[0];
        let _ = write!(out, "\n{} {} ({})", first.severity.as_str(), first.code, group.len());
        let shared_fix = shared_remediation(group);
        if let Some(fix) = shared_fix {
            let _ = write!(out, "\n  fix: {fix}");
        }
        let width = group.iter().map(|f| f.subject.len()).max().unwrap_or(0);
        let messages: Vec<String> = group.iter().map(with_suggestion).collect();
        // In a column when every line of the group fits; else each finding on one line when
        // it fits, and otherwise its message under its subject, so that a long subject never
        // pushes the message out of view.
        let aligned = messages.iter().all(|m| 2 + width + 2 + m.len() <= WIDTH);
        for (f, message) in group.iter().zip(&messages) {
            if aligned {
                let _ = write!(out, "\n  {:<width$}  {message}", f.subject);
            } else if 2 + f.subject.len() + 2 + message.len() <= WIDTH {
                let _ = write!(out, "\n  {}  {message}", f.subject);
            } else {
                let _ = write!(out, "\n  {}\n      {message}", f.subject);
            }
            if shared_fix.is_none() {
                let _ = write!(out, "\n      fix: {}", f.remediation);
            }
        }
        out.push('\n');
    }

    fn markdown_group(&self, out: &mut String, group: &[Finding]) {
        let first = &group[0];
        let _ = writeln!(out, "\n#### {} `{}` ({})\n", first.severity.as_str(), first.code, group.len());
        let shared_fix = shared_remediation(group);
        if let Some(fix) = shared_fix {
            let _ = writeln!(out, "**Fix:** {}\n", cell(fix));
        }
        fold(out, group.len(), "findings", |out| {
            match shared_fix {
                Some(_) => out.push_str("| subject | message |\n|---|---|\n"),
                None => out.push_str("| subject | message | fix |\n|---|---|---|\n"),
            }
            for f in group {
                let _ = write!(out, "| `{}` | {} |", cell(&f.subject), cell(&with_suggestion(f)));
                if shared_fix.is_none() {
                    let _ = write!(out, " {} |", cell(&f.remediation));
                }
                out.push('\n');
            }
        });
    }
}

impl RetentionPlan {
    /// The plan as a table a person reads: its totals, its notes, then each tag that goes and
    /// why, and each tag kept because something uses it, and what; its commands are in
    /// [`RetentionPlan::commands`].
    ///
    /// # Example
    /// ```
    /// use imagecurator::{plan_retention, ImageStream, RetentionContext, RetentionPolicy};
    ///
    /// let streams = ImageStream::from_json(&serde_json::json!({"metadata": {"name": "app"},
    ///     "status": {"tags": [{"tag": "1.0", "items": [{"image": "sha256:a"}]}]}}))?;
    /// let plan = plan_retention(&RetentionPolicy::default(), &streams, &RetentionContext::default())?;
    /// assert!(plan.to_table().starts_with("\nRetention: 1 tag in 1 stream: keep 1, prune 0\n---"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        heading(&mut out, &self.headline());
        for note in &self.notes {
            let _ = write!(out, "\n  {note}");
        }
        for d in self.reviewed() {
            let _ = write!(out, "\n  {}  {}", d.namespace.as_deref().unwrap_or("-"), d.message());
        }
        out.push('\n');
        out
    }

    /// The plan as markdown: a heading with its totals, its notes, and a table of the tags that
    /// go and those kept because something uses them, folded when long.
    ///
    /// # Example
    /// ```
    /// use imagecurator::{plan_retention, ImageStream, RetentionContext, RetentionPolicy};
    ///
    /// let streams = ImageStream::from_json(&serde_json::json!({"metadata": {"name": "app"},
    ///     "status": {"tags": [{"tag": "1.0", "items": [{"image": "sha256:a"}]}]}}))?;
    /// let plan = plan_retention(&RetentionPolicy::default(), &streams, &RetentionContext::default())?;
    /// assert!(plan.to_markdown().contains("### Retention: 1 tag in 1 stream: keep 1, prune 0\n"));
    /// # Ok::<(), imagecurator::Error>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = format!("\n### {}\n\n", self.headline());
        for note in &self.notes {
            let _ = writeln!(out, "> {}\n", cell(note));
        }
        let reviewed: Vec<&TagDecision> = self.reviewed().collect();
        if !reviewed.is_empty() {
            fold(&mut out, reviewed.len(), "decisions to review", |out| {
                out.push_str("| namespace | tag | image | decision | why |\n|---|---|---|---|---|\n");
                for d in &reviewed {
                    let _ = writeln!(
                        out,
                        "| {} | `{}:{}` | {} | {} | {} |",
                        d.namespace.as_deref().unwrap_or("-"),
                        d.stream,
                        d.tag,
                        d.image.as_deref().map(|i| format!("`{}`", short(i))).unwrap_or_default(),
                        if d.action == Action::Keep { "keep" } else { "prune" },
                        cell(&Why(d).to_string())
                    );
                }
            });
        }
        out
    }

    /// `Retention: 17 tags in 4 streams: keep 13, prune 4`.
    fn headline(&self) -> String {
        let t = &self.totals;
        let (tags, streams) = (plural(t.tags, "tag"), plural(t.streams, "stream"));
        format!("Retention: {tags} in {streams}: keep {}, prune {}", t.kept, t.pruned)
    }

    /// What a reviewer of the commands needs: each tag that goes and why, and each tag kept
    /// only because something uses it, and what.
    fn reviewed(&self) -> impl Iterator<Item = &TagDecision> {
        self.decisions.iter().filter(|d| d.action == Action::Prune || d.reason == Reason::InUse)
    }
}

/// What a catalog plan keeps and removes, what its samples `Config` skips, and the Config as
/// pretty JSON.
fn catalog_sentences(plan: &CatalogPlan) -> (String, String, String) {
    let config = &plan.samples_config;
    let kept = format!(
        "keeps {} streams, removes {} streams and {} templates",
        plan.kept_streams.len(),
        plan.removed_streams.len(),
        plan.removed_templates.len()
    );
    let skipped = format!(
        "samples Config skips {} image streams and {} templates",
        config.skipped_imagestreams.len(),
        config.skipped_templates.len()
    );
    (kept, skipped, serde_json::to_string_pretty(config).unwrap_or_default())
}

fn capitalized(sentence: &str) -> String {
    let mut chars = sentence.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The findings in runs of one code: the audit sorts them by severity, then code.
fn groups(findings: &[Finding]) -> impl Iterator<Item = &[Finding]> {
    findings.chunk_by(|a, b| a.code == b.code)
}

/// The remediation every finding of a group shares, when they share one.
fn shared_remediation(group: &[Finding]) -> Option<&str> {
    let first = group[0].remediation.as_str();
    group.iter().all(|f| f.remediation == first).then_some(first)
}

fn with_suggestion(f: &Finding) -> String {
    match &f.suggestion {
        Some(fix) => format!("{} (suggest `{fix}`)", f.message),
        None => f.message.clone(),
    }
}

/// A section heading in the table: its title, underlined.
fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
}

/// `1 warning`, `2 warnings`.
fn plural(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// Text safe in a markdown table cell: `|` escaped, lines joined.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Writes `body`, folded under `<details>` when it lists more than [`FOLD_OVER`] items.
fn fold(out: &mut String, items: usize, what: &str, body: impl FnOnce(&mut String)) {
    if items > FOLD_OVER {
        let _ = writeln!(out, "<details><summary>{items} {what}</summary>\n");
        body(out);
        out.push_str("\n</details>\n");
    } else {
        body(out);
    }
}
