//! The audit report as people read it: the table, the markdown and the commands in the order
//! that is safe to run, over the bundled example cluster.

use imagecurator::{audit, AuditReport, Inventory, Policy};
use serde_json::{json, Value};

fn bundled() -> Inventory {
    let text = include_str!("../../examples/inventory/cluster.json");
    Inventory::from_json_str(text).expect("the bundled cluster reads")
}

fn report_with(policy: &Policy) -> AuditReport {
    audit(policy, &bundled()).expect("the audit runs")
}

fn report() -> AuditReport {
    report_with(&Policy::default())
}

/// Where `needle` first appears in `text`, failing the test when it does not.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in:\n{text}"))
}

#[test]
fn commands_run_propagation_then_the_samples_patch_then_deletions_then_untagging() {
    let policy =
        Policy::from_json(&json!({"curated": {"source_registry": "image-registry.apps.lab.example"}})).unwrap();
    let report = report_with(&policy);
    let step = |command: &str| match command {
        c if c.starts_with("oc --context=") => 0,
        c if c.starts_with("oc patch configs.samples.operator.openshift.io") => 1,
        c if c.starts_with("oc delete ") => 2,
        c if c.starts_with("oc tag -d ") => 3,
        c => panic!("a command of no known step: {c}"),
    };
    let steps: Vec<usize> = report.commands.iter().map(|c| step(c)).collect();
    assert!(steps.windows(2).all(|w| w[0] <= w[1]), "out of order: {:?}", report.commands);
    for expected in 0..4 {
        assert!(steps.contains(&expected), "no command of step {expected}: {:?}", report.commands);
    }
    // Every plan's command is there, once.
    let planned = report.propagation.commands.len()
        + 1
        + report.catalog.iter().map(|p| p.commands.len()).sum::<usize>()
        + report.retention.commands.len();
    assert_eq!(report.commands.len(), planned);
}

#[test]
fn the_samples_patch_sets_exactly_the_plans_skip_lists() {
    let report = report();
    let patch = report.commands.iter().find(|c| c.starts_with("oc patch")).expect("a patch");
    let (_, body) = patch.split_once(" -p '").expect("a quoted patch");
    let body: Value = serde_json::from_str(body.strip_suffix('\'').unwrap()).expect("the patch is JSON");
    let config = &report.catalog[0].samples_config;
    assert_eq!(body["spec"]["skippedImagestreams"], json!(config.skipped_imagestreams));
    assert_eq!(body["spec"]["skippedTemplates"], json!(config.skipped_templates));
    assert!(body["spec"].as_object().unwrap().len() == 2, "the patch touches nothing else: {body}");
}

#[test]
fn without_a_catalog_plan_there_is_no_samples_patch() {
    let inventory = Inventory::from_json(&json!({"imagestreams": [], "namespaces": ["a1b2c3-prod"]})).unwrap();
    let report = audit(&Policy::default(), &inventory).unwrap();
    assert!(report.commands.iter().all(|c| !c.starts_with("oc patch")), "{:?}", report.commands);
}

#[test]
fn the_table_has_its_sections_in_order_and_every_fix() {
    let report = report();
    let table = report.to_table();
    let sections = ["Summary\n---", "Findings\n---", "Catalog openshift\n---", "Retention: ", "Commands, in the order"];
    let places: Vec<usize> = sections.iter().map(|s| at(&table, s)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "sections out of order: {places:?}");
    for finding in &report.findings {
        assert!(table.contains(&format!("fix: {}", finding.remediation)), "no fix for {}", finding.code);
        assert!(table.contains(&finding.message), "no message of {}", finding.subject);
    }
    // The summary counts each code's findings.
    assert!(table.contains("\n  warning  catalog.template_broken         74\n"), "{table}");
    // Each pruned tag with its reason, and each tag kept because something uses it, and what.
    for d in report.retention.decisions.iter().filter(|d| d.action == imagecurator::Action::Prune) {
        assert!(table.contains(&d.message()), "no decision for {}:{}", d.stream, d.tag);
    }
    at(&table, "keep app:1.1.0 (sha256:617070312e31): in use by cronjob/a1b2c3-prod/nightly-report");
    // The commands, in the report's order, after everything else.
    let commands = &table[at(&table, "Commands, in the order")..];
    let listed: Vec<&str> = commands.lines().skip(2).map(str::trim).collect();
    assert_eq!(listed, report.commands);
}

#[test]
fn a_long_subject_puts_the_message_on_a_line_of_its_own() {
    let table = report().to_table();
    let subject = "container/a1b2c3-prod/db-0/patroni";
    let line = table.lines().position(|l| l.trim() == subject).expect("the subject alone on its line");
    let next = table.lines().nth(line + 1).unwrap();
    assert!(next.starts_with("      `image-registry.openshift-image-registry.svc:5000/"), "{next}");
    // A short finding stays on one line, subject then message.
    at(&table, "\n  imagestream/bcgov/minio  `minio` has no owner");
}

#[test]
fn markdown_has_the_summary_table_groups_folded_and_the_commands_as_a_script() {
    let report = report();
    let markdown = report.to_markdown();
    assert!(markdown.starts_with("## imagecurator audit: 4 errors, 159 warnings, 2 info\n"), "{markdown}");
    at(&markdown, "| warning | `catalog.template_broken` | 74 |");
    // A group of more than ten findings is folded; a small one is not.
    let broken = at(&markdown, "#### warning `catalog.template_broken` (74)");
    assert!(markdown[broken..].contains("<details><summary>74 findings</summary>"));
    let owner = at(&markdown, "#### error `curated.owner_missing` (1)");
    let next_heading = owner + markdown[owner + 1..].find("####").unwrap();
    assert!(!markdown[owner..next_heading].contains("<details>"));
    // The commands as one shell block, in the report's order.
    let script = &markdown[at(&markdown, "```sh\n") + 6..];
    let script = &script[..script.find("\n```").unwrap()];
    assert_eq!(script.lines().collect::<Vec<_>>(), report.commands);
}

#[test]
fn markdown_tables_keep_their_columns() {
    // A `|` in a message or a subject would open a column of its own: each row has as many
    // unescaped bars as its table's header.
    let markdown = report().to_markdown();
    let bars = |line: &str| line.match_indices('|').filter(|(i, _)| *i == 0 || &line[i - 1..*i] != "\\").count();
    let mut header = None;
    for line in markdown.lines() {
        match (line.starts_with('|'), header) {
            (true, None) => header = Some(bars(line)),
            (true, Some(n)) => assert_eq!(bars(line), n, "{line}"),
            (false, _) => header = None,
        }
    }
}

#[test]
fn the_report_is_the_same_text_every_time() {
    let (a, b) = (report(), report());
    assert_eq!(a.to_table(), b.to_table());
    assert_eq!(a.to_markdown(), b.to_markdown());
}

#[test]
fn once_the_bundled_clusters_plan_has_run_an_audit_prunes_nothing_more() {
    let inventory = bundled();
    let first = audit(&Policy::default(), &inventory).unwrap();
    assert!(first.retention.totals.pruned > 0, "the example prunes something");
    let after = Inventory { streams: first.retention.apply_to(&inventory.streams), ..inventory };
    let again = audit(&Policy::default(), &after).unwrap();
    assert_eq!(again.retention.totals.pruned, 0, "{:?}", again.retention.commands);
    assert_eq!(again.retention.totals.kept, first.retention.totals.kept);
}
