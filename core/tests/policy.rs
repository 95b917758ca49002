//! The policy document, the catalog rules, the naming checks and the audit, against the
//! strategy text itself and the real Samples Operator sets under `../shared/fixtures/`.

use imagecurator::{
    audit, check_namespace_name, check_stream_name, check_tag, plan_catalog, CatalogPlan, CatalogRules, ImageStream,
    Inventory, Policy, SamplesConfig, Severity, Template,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared").join(path)
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every JSON file of a fixture directory, as a `List`, sorted by file name.
fn list_of(dir: &str) -> Value {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    json!({"kind": "List", "items": files.iter().map(|f| read_json(f)).collect::<Vec<_>>()})
}

/// The release payload's streams, named as in its manifest (`metadata.name` of each document).
fn payload_names(manifest: &str) -> Vec<String> {
    let text = std::fs::read_to_string(shared(&format!("fixtures/samples-operator-manifests/{manifest}"))).unwrap();
    let mut names = Vec::new();
    let mut in_stream = false;
    for line in text.lines() {
        if line.starts_with("kind: ImageStream") {
            in_stream = true;
        } else if let Some(name) = line.strip_prefix("  name: ").filter(|_| in_stream) {
            names.push(name.trim().to_owned());
            in_stream = false;
        }
    }
    names
}

/// The payload streams as the cluster shows them: in `openshift`, annotated as payload.
fn payload_streams(names: &[String]) -> Vec<ImageStream> {
    let items: Vec<Value> = names
        .iter()
        .map(|n| {
            json!({"kind": "ImageStream", "metadata": {"name": n, "namespace": "openshift",
                "annotations": {"include.release.openshift.io/self-managed-high-availability": "true"}}})
        })
        .collect();
    ImageStream::from_json(&json!({"kind": "List", "items": items})).unwrap()
}

/// The strategy's catalog table: (name, ticked for removal).
fn strategy_table() -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(shared("spec/image-management-strategy.txt")).unwrap();
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("[x] ")
                .map(|n| (n.trim().to_owned(), true))
                .or(l.strip_prefix("[ ] ").map(|n| (n.trim().to_owned(), false)))
        })
        .collect()
}

#[test]
fn the_default_policy_is_the_strategy_table_with_its_later_statements_applied() {
    let table = strategy_table();
    assert_eq!(table.len(), 80);
    let rules = &Policy::default().catalog["openshift"];
    let approved: BTreeSet<&str> = rules.approved.iter().map(String::as_str).collect();
    let remove: BTreeSet<&str> = rules.remove.iter().map(String::as_str).collect();
    for (name, ticked) in &table {
        // The notes: "Remove jenkins from catalog and make ours avail from bcgov"; the comment
        // and the notes keep the images the cluster requires, which the table ticks.
        let required = rules.required.contains(name);
        let removed = (*ticked && !required) || name == "jenkins";
        assert_eq!(remove.contains(name.as_str()), removed, "{name}");
        assert_eq!(approved.contains(name.as_str()), !*ticked && name != "jenkins", "{name}");
        assert_eq!(rules.keeps(name), !removed, "{name}");
    }
    assert_eq!(remove.len(), 49 - 7);
    // The comment's seven and `tools` from the notes, which the release payload ships too.
    let payload = payload_names("release-4.6-08-openshift-imagestreams.yaml");
    let sorted = |v: &[String]| v.iter().cloned().collect::<BTreeSet<String>>();
    assert_eq!(sorted(&rules.required), sorted(&payload));
    assert_eq!(rules.required.len(), 8);
    // The table ticks seven required images; the default keeps them, so it has no conflicts.
    let ticked_required = table.iter().filter(|(n, t)| *t && rules.required.contains(n)).count();
    assert_eq!(ticked_required, 7);
    assert!(Policy::default().conflicts().is_empty());
    // The table as written, required rows ticked, is a policy whose audit reports each one.
    let mut as_written = Policy::default();
    let openshift = as_written.catalog.get_mut("openshift").unwrap();
    openshift.remove = table.iter().filter(|(_, t)| *t).map(|(n, _)| n.clone()).collect();
    let report = audit(&as_written, &Inventory::default()).unwrap();
    let contradictions = report.findings.iter().filter(|f| f.code == "catalog.required_removed").count();
    assert_eq!(contradictions, 7);
}

#[test]
fn the_default_policy_round_trips_through_json() {
    let json = Policy::default().to_json();
    assert_eq!(Policy::from_json(&json).unwrap(), Policy::default());
    assert_eq!(Policy::from_json(&json!({})).unwrap(), Policy::default());
    let text = serde_json::to_string(&json).unwrap();
    assert_eq!(Policy::from_json_str(&text).unwrap(), Policy::default());
}

#[test]
fn policy_errors_name_the_path_and_the_rule() {
    let cases = [
        (
            json!({"catalog": {"openshift": {"remove": ["a", "b", "c", "Bad"]}}}),
            "catalog.openshift.remove[3]",
            "upper-case",
        ),
        (json!({"catalog": {"openshift": {"remove": ["a", "a"]}}}), "catalog.openshift.remove[1]", "listed twice"),
        (
            json!({"catalog": {"openshift": {"approved": ["x"], "remove": ["x"]}}}),
            "catalog.openshift.remove[0]",
            "also approved",
        ),
        (json!({"catalog": {"openshift": {"aproved": []}}}), "catalog.openshift.aproved", "unknown field"),
        (json!({"catalog": {"Open_Shift": {}}}), "catalog.Open_Shift", "not a namespace name"),
        (json!({"catalog": {"openshift": {"mode": "maybe"}}}), "catalog.openshift.mode", "unknown variant"),
        (
            json!({"catalog": {"openshift": {"templates": {"remove": ["Jenkins"]}}}}),
            "catalog.openshift.templates.remove[0]",
            "template name",
        ),
        (json!({"version": 2}), "version", "not supported"),
        (json!({"retention": {"keep": 0}}), "retention.keep", "at least 1"),
        (
            json!({"retention": {"overrides": [{"namespaces": "*-prod", "keep": 0}]}}),
            "retention.overrides[0].keep",
            "at least 1",
        ),
        (json!({"retention": {"protect": {"include": ["regex:("]}}}), "retention.protect.include[0]", "regex"),
        (json!({"naming": {"plates": {"include": ["glob:"]}}}), "naming.plates.include[0]", "pattern"),
        (json!({"colour": "blue"}), "colour", "unknown field"),
        (
            json!({"gates": {"scan": {"max": {"severe": 1}}}}),
            "gates.scan.max.severe",
            "`severe` is not a severity (critical, high, medium, low, unknown)",
        ),
        (json!({"curated": {"max_versions": 0}}), "curated.max_versions", "at least 1"),
        (json!({"curated": {"images": [{"name": "a"}, {"name": "a"}]}}), "curated.images[1].name", "listed twice"),
        (json!({"retention": {"keep_tag_revisions": 0}}), "retention.keep_tag_revisions", "current image"),
        (json!([]), "", "must be an object"),
        (json!({"retention": [3]}), "retention", "must be an object"),
        (json!({"catalog": {"openshift": {"templates": []}}}), "catalog.openshift.templates", "must be an object"),
        (json!({"retention": {"overrides": [["*-prod", 5]]}}), "retention.overrides[0]", "must be an object"),
    ];
    for (document, path, says) in cases {
        let err = Policy::from_json(&document).expect_err(&document.to_string());
        assert_eq!(err.code().as_str(), "invalid_policy", "{document}");
        assert_eq!(err.path(), Some(path), "{document}: {err}");
        assert!(err.message().contains(says), "{document}: {err}");
        assert!(err.message().contains(path), "{document}: {err}");
    }
}

fn plan_46() -> (CatalogPlan, Vec<ImageStream>, Vec<Template>) {
    let mut streams = ImageStream::from_json(&list_of("fixtures/samples-4.6-ocp-x86_64/imagestreams")).unwrap();
    assert_eq!(streams.len(), 76);
    streams.extend(payload_streams(&payload_names("release-4.6-08-openshift-imagestreams.yaml")));
    let templates = Template::from_json(&list_of("fixtures/samples-4.6-ocp-x86_64/templates")).unwrap();
    assert_eq!(templates.len(), 115);
    let plan = plan_catalog("openshift", &CatalogRules::strategy(), &streams, &templates, None);
    (plan, streams, templates)
}

#[test]
fn the_46_samples_are_curated_to_the_approved_list() {
    let (plan, streams, templates) = plan_46();
    let rules = CatalogRules::strategy();
    // Every stream is kept or removed, never both; kept means approved or required.
    assert_eq!(plan.kept_streams.len() + plan.removed_streams.len(), streams.len());
    for name in &plan.kept_streams {
        assert!(rules.approved.contains(name) || rules.required.contains(name), "{name}");
    }
    for name in &plan.removed_streams {
        assert!(!rules.keeps(name), "{name}");
    }
    assert!(plan.findings.iter().all(|f| f.code != "catalog.required_missing"));
    // skippedImagestreams names streams by metadata.name, never by file name.
    let skipped = &plan.samples_config.skipped_imagestreams;
    assert!(skipped.contains(&"apicurito-ui".to_owned()) && !skipped.iter().any(|s| s.ends_with("-rhel7")));
    assert!(!skipped.contains(&"ruby".to_owned()), "ruby (ruby-rhel.json) is approved");
    for required in &rules.required {
        assert!(!skipped.contains(required), "{required} must never be skipped");
    }
    assert!(skipped.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
    assert!(plan.samples_config.skipped_templates.windows(2).all(|w| w[0] < w[1]));
    // Templates that refer to a removed stream go with it; the others stay.
    let removed: BTreeSet<&str> = plan.removed_templates.iter().map(String::as_str).collect();
    for gone in
        ["httpd-example", "cakephp-mysql-example", "dancer-mysql-example", "jenkins-ephemeral", "jenkins-persistent"]
    {
        assert!(removed.contains(gone), "{gone}");
    }
    for stays in ["rails-pgsql-persistent", "django-psql-example", "nodejs-mongodb-example", "postgresql-persistent"] {
        assert!(!removed.contains(stays), "{stays}");
    }
    for t in &templates {
        let refers_to_removed = t.streams().iter().any(|(ns, s)| ns == "openshift" && !rules.keeps(s));
        assert_eq!(
            removed.contains(t.name()),
            refers_to_removed || rules.templates.remove.contains(&t.name().to_owned()),
            "{}",
            t.name()
        );
    }
    // One delete command per removed stream and template, sorted within each kind.
    assert_eq!(plan.commands.len(), plan.removed_streams.len() + plan.removed_templates.len());
    assert!(plan.commands.contains(&"oc delete imagestream -n openshift php".to_owned()));
    assert!(plan.commands.contains(&"oc delete template -n openshift httpd-example".to_owned()));
    // The 4.6 samples import without a schedule: every kept sample with imports is reported.
    let unscheduled = plan.findings.iter().filter(|f| f.code == "catalog.not_scheduled").count();
    assert!(unscheduled >= 25, "{unscheduled}");
}

#[test]
fn the_newest_samples_with_the_payload_keep_network_tools() {
    let streams =
        ImageStream::from_json(&read_json(&shared("fixtures/openshift-namespace-imagestreams.json"))).unwrap();
    let templates = Template::from_json(&list_of("fixtures/samples-main-ocp-x86_64/templates")).unwrap();
    assert_eq!(templates.len(), 50);
    let plan = plan_catalog("openshift", &CatalogRules::strategy(), &streams, &templates, None);
    assert!(plan.kept_streams.contains(&"network-tools".to_owned()));
    assert!(plan.findings.iter().any(|f| f.code == "catalog.release_payload" && f.subject.ends_with("/network-tools")));
    assert!(plan.findings.iter().all(|f| f.code != "catalog.required_missing"));
    // The payload streams are scheduled; they raise no import finding.
    assert!(!plan.findings.iter().any(|f| f.code == "catalog.not_scheduled" && f.subject.ends_with("/cli")));
    // A policy without the payload rule removes what it does not list.
    let strict = CatalogRules { keep_release_payload: false, ..CatalogRules::strategy() };
    let plan = plan_catalog("openshift", &strict, &streams, &templates, None);
    assert!(plan.removed_streams.contains(&"network-tools".to_owned()));
}

#[test]
fn a_current_config_keeps_its_skips_and_its_other_settings() {
    let insights =
        read_json(&shared("fixtures/insights-archive-sample/samples.operator.openshift.io-config-cluster.json"));
    let mut current = SamplesConfig::from_json(&insights).unwrap();
    current.skipped_imagestreams = vec!["gone-already".into(), "python".into()];
    let plan = plan_catalog("openshift", &CatalogRules::strategy(), &[], &[], Some(&current));
    let config = serde_json::to_value(&plan.samples_config).unwrap();
    assert_eq!(config["apiVersion"], "samples.operator.openshift.io/v1");
    assert_eq!(config["spec"]["managementState"], "Managed");
    assert_eq!(config["spec"]["architectures"], json!(["x86_64"]));
    let skipped = &plan.samples_config.skipped_imagestreams;
    assert!(skipped.contains(&"gone-already".to_owned()), "a skip the operator has stays");
    assert!(!skipped.contains(&"python".to_owned()), "an approved stream is un-skipped");
    assert!(plan.findings.iter().any(|f| f.code == "catalog.unskipped" && f.subject.ends_with("/python")));
}

#[test]
fn deny_list_mode_removes_only_what_it_names() {
    let streams = ImageStream::from_json(&json!({"kind": "List", "items": [
        {"kind": "ImageStream", "metadata": {"name": "php", "namespace": "openshift"}},
        {"kind": "ImageStream", "metadata": {"name": "anything", "namespace": "openshift"}},
        {"kind": "ImageStream", "metadata": {"name": "elsewhere", "namespace": "team-tools"}}]}))
    .unwrap();
    let rules: CatalogRules = serde_json::from_value(json!({"mode": "deny_list", "remove": ["php"]})).unwrap();
    let plan = plan_catalog("openshift", &rules, &streams, &[], None);
    assert_eq!(plan.removed_streams, ["php"]);
    assert_eq!(plan.kept_streams, ["anything"]);
}

#[test]
fn a_broken_template_is_an_error_when_the_policy_keeps_templates() {
    let templates = Template::from_json(&json!({"kind": "Template", "metadata": {"name": "httpd-example", "namespace": "openshift"},
        "objects": [{"spec": {"strategy": {"sourceStrategy": {"from": {"kind": "ImageStreamTag", "name": "httpd:2.4", "namespace": "openshift"}}}}}]}))
    .unwrap();
    let mut rules = CatalogRules::strategy();
    rules.templates.remove_broken = false;
    let plan = plan_catalog("openshift", &rules, &[], &templates, None);
    let broken = plan.findings.iter().find(|f| f.code == "catalog.template_broken").unwrap();
    assert_eq!(broken.severity, Severity::Error);
    assert!(plan.removed_templates.is_empty());
}

#[test]
fn naming_suggestions_pass_their_own_check() {
    let names = ["Postgres_96", "my app", "UPPER", "a..b", "x__y__z", "-lead", "trail-", "ok-name", "Ünïcode_name"];
    for name in names {
        for finding in check_stream_name("ns", name) {
            if let Some(fix) = &finding.suggestion {
                assert!(check_stream_name("ns", fix).is_empty(), "{name} -> {fix}");
            }
        }
        for finding in check_namespace_name(name) {
            if let Some(fix) = &finding.suggestion {
                assert!(check_namespace_name(fix).is_empty(), "{name} -> {fix}");
            }
        }
    }
    assert_eq!(check_stream_name("bcgov", "Postgres_96")[0].suggestion.as_deref(), Some("postgres-96"));
}

#[test]
fn every_sample_stream_name_and_tag_follows_the_conventions() {
    // Red Hat's own names are the convention's model: none may be flagged.
    for dir in ["fixtures/samples-4.6-ocp-x86_64/imagestreams", "fixtures/samples-main-ocp-x86_64/imagestreams"] {
        for stream in ImageStream::from_json(&list_of(dir)).unwrap() {
            assert!(check_stream_name("openshift", stream.name()).is_empty(), "{}", stream.name());
            for tag in stream.tags() {
                assert!(check_tag("openshift", stream.name(), tag.name(), false).is_empty(), "{}", tag.name());
            }
        }
    }
}

#[test]
fn the_versioning_guideline_applies_where_the_policy_says() {
    let tag = |t: &str| check_tag("bcgov", "patroni-postgres-96", t, true);
    assert!(tag("v1.1").is_empty() && tag("v2.0.1").is_empty() && tag("latest").is_empty());
    assert_eq!(tag("1.1")[0].suggestion.as_deref(), Some("v1.1"));
    assert_eq!(tag("12")[0].suggestion.as_deref(), Some("v12.0"));
    assert_eq!(tag("1.2.3-rc.1")[0].suggestion.as_deref(), Some("v1.2.3-rc.1"));
    assert_eq!(tag("13-el8")[0].suggestion, None, "a variant has no single guideline spelling");
    assert_eq!(tag("0a1b2c3d")[0].code, "naming.tag_unversioned");
}

fn inventory_46() -> Value {
    let payload: Vec<Value> = payload_names("release-4.6-08-openshift-imagestreams.yaml")
        .iter()
        .map(|n| json!({"kind": "ImageStream", "metadata": {"name": n, "namespace": "openshift"}}))
        .collect();
    json!({
        "imagestreams": [list_of("fixtures/samples-4.6-ocp-x86_64/imagestreams"), {"kind": "List", "items": payload},
            {"kind": "ImageStream", "metadata": {"name": "Patroni_Postgres", "namespace": "bcgov"},
             "status": {"tags": [{"tag": "1.1", "items": [{"image": "sha256:1", "created": "2024-01-01T00:00:00Z"}]}]}}],
        "templates": list_of("fixtures/samples-4.6-ocp-x86_64/templates"),
        "namespaces": ["a1b2c3-prod", "myteam-prod"],
        "now": "2024-06-01T00:00:00Z",
    })
}

#[test]
fn the_audit_reports_every_rule_family_once() {
    let inventory = Inventory::from_json(&inventory_46()).unwrap();
    let report = audit(&Policy::default(), &inventory).unwrap();
    let codes: BTreeSet<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    for code in [
        "catalog.not_approved",
        "catalog.not_scheduled",
        "catalog.template_broken",
        "catalog.template_removed",
        "naming.stream_invalid",
        "naming.tag_unversioned",
        "naming.namespace_not_plate",
        "curated.owner_missing",
    ] {
        assert!(codes.contains(code), "{code} missing from {codes:?}");
    }
    // Errors first, and the summary counts what is listed.
    assert!(report.findings.windows(2).all(|w| w[0].severity >= w[1].severity));
    let s = &report.summary;
    assert_eq!(s.errors + s.warnings + s.infos, report.findings.len());
    // Retention covers bcgov but not the catalog namespace.
    assert_eq!(report.retention.totals.streams, 1);
    let table = report.to_table();
    assert!(table.contains("Catalog openshift\n") && table.contains("oc delete imagestream -n openshift php"));
}

#[test]
fn the_audit_is_byte_identical_whatever_the_input_order() {
    let mut document = inventory_46();
    let first =
        serde_json::to_string(&audit(&Policy::default(), &Inventory::from_json(&document).unwrap()).unwrap()).unwrap();
    for key in ["imagestreams", "templates", "namespaces"] {
        reverse_lists(&mut document[key]);
    }
    let again =
        serde_json::to_string(&audit(&Policy::default(), &Inventory::from_json(&document).unwrap()).unwrap()).unwrap();
    assert_eq!(first, again);
}

fn reverse_lists(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.reverse();
            items.iter_mut().for_each(reverse_lists);
        }
        Value::Object(map) => map.values_mut().for_each(reverse_lists),
        _ => {}
    }
}

#[test]
fn inventory_errors_name_their_path() {
    let cases = [
        (
            json!({"imagestreams": [{"metadata": {"name": "a"}}, {"kind": "List", "items": [{"kind": "ImageStream", "metadata": {"name": 5}}]}]}),
            "imagestreams[1].items[0].metadata.name",
        ),
        (json!({"templates": {"kind": "Template"}}), "templates.metadata.name"),
        (json!({"namespaces": ["a", 1]}), "namespaces[1]"),
        (json!({"now": "yesterday"}), "now"),
        (json!({"samples_config": {"spec": {"skippedTemplates": "all"}}}), "samples_config.spec.skippedTemplates"),
        (json!({"pods": ["nginx", 3]}), "pods[1]"),
        // A legacy Trivy report is an array: its path starts at an index.
        (
            json!({"scans": [{"image": format!("sha256:{}", "1".repeat(64)), "report": [{"Vulnerabilities": "x"}]}]}),
            "scans[0].report[0].Vulnerabilities",
        ),
    ];
    for (document, path) in cases {
        let err = Inventory::from_json(&document).unwrap_err();
        assert_eq!(err.code().as_str(), "invalid_input", "{document}");
        assert_eq!(err.path(), Some(path), "{document}: {err}");
    }
}

#[test]
fn the_bundled_example_cluster_audits_as_the_readme_says() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/inventory/cluster.json");
    let inventory = Inventory::from_json(&read_json(&path)).unwrap();
    let report = audit(&Policy::default(), &inventory).unwrap();
    let plan = &report.catalog[0];
    // The 4.6 samples before curation: the unapproved go, the approved and required stay.
    assert!(
        plan.removed_streams.contains(&"php".to_owned()) && plan.removed_streams.contains(&"ansible-runner".to_owned())
    );
    assert!(plan.kept_streams.contains(&"python".to_owned()) && plan.kept_streams.contains(&"cli".to_owned()));
    assert!(!report.findings.iter().any(|f| f.code == "catalog.required_missing"));
    // Retention prunes by version, and keeps what anything runs or builds from: the prod pods,
    // a CronJob, a Deployment scaled to zero, a DeploymentConfig's trigger, a BuildConfig's
    // builder image; each decision says which.
    assert_eq!(report.retention.commands, ["oc tag -d a1b2c3-tools/app:0.9.0", "oc tag -d a1b2c3-tools/app:0.9.1"]);
    let users: Vec<(&str, &str)> =
        report.retention.decisions.iter().filter_map(|d| Some((&*d.tag, d.used_by.as_deref()?))).collect();
    assert_eq!(
        users,
        [
            ("1.0.0", "pod/a1b2c3-prod/app-7d9f (container app)"),
            ("1.1.0", "cronjob/a1b2c3-prod/nightly-report (container report)"),
            ("1.2.0", "deploymentconfig/a1b2c3-tools/app-test (trigger)"),
            ("v1.0", "pod/a1b2c3-prod/db-0 (container patroni)"),
            ("v1.1", "deployment/a1b2c3-prod/db-standby (container patroni)"),
            ("v1.2", "buildconfig/a1b2c3-tools/app (build strategy)"),
        ]
    );
    assert_eq!(inventory.evidence.as_ref().unwrap().ignored.get("Service"), Some(&1));
    assert_eq!(report.ignored_kinds.get("Service"), Some(&1));
    // The curated namespace: an image without owner, a community image without champion.
    let curated: Vec<&str> =
        report.findings.iter().filter(|f| f.code.family() == "curated").map(|f| f.code.as_str()).collect();
    assert!(curated.contains(&"curated.owner_missing") && curated.contains(&"curated.champion_missing"));
    // Propagation sends what the lab keeps: every patroni tag, since workloads use the old ones.
    let patroni = report.propagation.steps.iter().filter(|s| s.stream == "patroni-postgres-96");
    assert_eq!(patroni.count(), 6, "v1.0, v1.1, v1.2 (in use), v1.10 (update), 1.11 and latest (add)");
    // The prod gates: the scanned app passes (MEDIUM only), patroni has no report.
    let gates: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.code.family() == "gate")
        .map(|f| (f.code.as_str(), f.subject.as_str()))
        .collect();
    assert_eq!(gates, [("gate.scan_unknown", "container/a1b2c3-prod/db-0/patroni")]);
    let table = report.to_table();
    for line in [
        "the whole Config (oc apply -f -)",
        "naming.stream_invalid",
        "(suggest `backup-container`)",
        "Retention: 20 tags in 4 streams: keep 18, prune 2",
        "seen among the workloads, holding no images: 1 Service",
        "keep app:1.1.0 (sha256:617070312e31): in use by cronjob/a1b2c3-prod/nightly-report (container report)",
        "\n  silver update bcgov/patroni-postgres-96:v1.10",
    ] {
        assert!(table.contains(line), "{line}");
    }
}
