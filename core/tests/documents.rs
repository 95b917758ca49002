//! Input as `oc` prints it: any number of documents, each one object or a List of any mix of
//! kinds, sorted by kind into the inventory, beside keyed inventory documents; tested on the
//! real manifests and cluster output under `../shared/fixtures`.

use imagecurator::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures").join(path)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The processed workload fixtures: each a `List` of many kinds, as a cluster prints them.
fn processed() -> Vec<(PathBuf, Value)> {
    let dir = fixture("workloads/processed");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("index.json"));
    files.sort();
    assert!(files.len() >= 9, "{files:?}");
    files.into_iter().map(|p| (p.clone(), read_json(&p))).collect()
}

fn count_kinds(list: &Value) -> BTreeMap<String, usize> {
    let mut kinds = BTreeMap::new();
    for item in list["items"].as_array().unwrap() {
        *kinds.entry(item["kind"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    kinds
}

/// Each real List, given whole: every ImageStream a stream, every workload's uses the same as
/// the evidence reader finds, every Pod a workload, and every other kind counted as unused.
#[test]
fn each_real_list_given_whole_goes_where_its_kinds_belong() {
    for (path, list) in processed() {
        let kinds = count_kinds(&list);
        let inventory = Inventory::from_json(&list).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let shown = path.display();
        assert_eq!(inventory.streams.len(), kinds.get("ImageStream").copied().unwrap_or(0), "{shown}");
        let expected = Evidence::from_json(&list).unwrap();
        assert_eq!(inventory.evidence.as_ref().unwrap().uses, expected.uses, "{shown}");
        let pods = inventory.workloads.iter().map(|w| &w.pod).collect::<std::collections::BTreeSet<_>>();
        assert_eq!(pods.len(), kinds.get("Pod").copied().unwrap_or(0), "{shown}");
        // What holds no image, less the kinds the inventory reads elsewhere, is unused.
        let mut unused = expected.ignored.clone();
        unused.retain(|k, _| !["ImageStream", "Template"].contains(&k.as_str()));
        assert_eq!(inventory.unused, unused, "{shown}");
        // The text route reads the same.
        assert_eq!(Inventory::from_json_str(&list.to_string()).unwrap(), inventory, "{shown}");
    }
}

/// All of them at once, as an array and as JSON documents one after another, with a keyed
/// document giving the time: the union of what each gives alone.
#[test]
fn many_documents_read_as_the_union_of_each() {
    let lists: Vec<Value> = processed().into_iter().map(|(_, v)| v).collect();
    let alone: Vec<Inventory> = lists.iter().map(|l| Inventory::from_json(l).unwrap()).collect();
    let mut documents = lists.clone();
    documents.push(json!({"now": "2026-01-01T00:00:00Z"}));
    let all = Inventory::from_json(&Value::Array(documents.clone())).unwrap();
    assert_eq!(all.streams.len(), alone.iter().map(|i| i.streams.len()).sum::<usize>());
    let uses: usize = alone.iter().map(|i| i.evidence.as_ref().unwrap().uses.len()).sum();
    assert_eq!(all.evidence.as_ref().unwrap().uses.len(), uses);
    assert_eq!(all.unused["Service"], alone.iter().map(|i| i.unused.get("Service").unwrap_or(&0)).sum::<usize>());
    assert_eq!(all.now.unwrap().to_rfc3339(), "2026-01-01T00:00:00+00:00");
    let text: String = documents.iter().map(|d| format!("{d}\n")).collect();
    assert_eq!(Inventory::from_json_str(&text).unwrap(), all);
    let report = audit(&Policy::default(), &all).unwrap();
    assert!(report.families.iter().any(|f| f.family == RuleFamily::Retention && f.evaluated));
}

/// The status-only `oc get is` fixture has no `kind`: its shape (tags in `status`) makes it a
/// stream, as a document of its own and as an item of a List.
#[test]
fn a_kindless_stream_is_read_by_its_shape() {
    let mut stream = read_json(&fixture("oc-get-is/k-srkw_openshift-java_status.converted.json"));
    stream["metadata"] = json!({"name": "java", "namespace": "openshift"});
    let tags = stream["status"]["tags"].as_array().unwrap().len();
    for document in [stream.clone(), json!({"kind": "List", "items": [stream]})] {
        let inventory = Inventory::from_json(&document).unwrap();
        assert_eq!((inventory.streams.len(), inventory.streams[0].tags().len()), (1, tags));
    }
    // Shapes that say two things, or nothing, are refused at their path.
    let both = json!({"kind": "List", "items": [{"metadata": {"name": "x"}, "spec": {"tags": [], "containers": []}}]});
    let err = Inventory::from_json(&both).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidInput, Some("items[0]")));
    assert!(err.message().contains("has no `kind`"), "{err}");
    let nested = json!([{"kind": "List", "items": [{"kind": "List", "items": []}]}]);
    assert_eq!(Inventory::from_json(&nested).unwrap_err().path(), Some("[0].items[0]"));
}

/// Typed Lists give their kindless items their kind: a `PodList`'s are pods, a
/// `NamespaceList`'s namespaces, a `TemplateList`'s templates.
#[test]
fn typed_lists_name_their_items_kind() {
    let template = read_json(&fixture("samples-main-ocp-x86_64/templates/cakephp-mysql-example.json"));
    let mut kindless = template.clone();
    kindless.as_object_mut().unwrap().remove("kind");
    let documents = json!([
        {"kind": "PodList", "items": [{"metadata": {"name": "web-1", "namespace": "a1b2c3-prod"},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}]},
        {"kind": "NamespaceList", "items": [{"metadata": {"name": "a1b2c3-prod"}}]},
        {"kind": "TemplateList", "items": [kindless]},
    ]);
    let inventory = Inventory::from_json(&documents).unwrap();
    assert_eq!(inventory.workloads[0].image, "nginx:1.25");
    assert_eq!(inventory.namespaces, ["a1b2c3-prod"]);
    assert_eq!(inventory.templates.len(), 1);
    assert_eq!(inventory.templates[0].name(), template["metadata"]["name"].as_str().unwrap());
    assert_eq!(inventory.pins, template_pins(&template).unwrap());
}

/// The samples operator's `Config` and a Trivy report, as their tools print them, are read as
/// documents too; the `Config` is known by its API group, not its bare kind.
#[test]
fn the_samples_config_and_trivy_reports_are_documents() {
    let config = read_json(&fixture("insights-archive-sample/samples.operator.openshift.io-config-cluster.json"));
    let trivy = read_json(&fixture("trivy/alpine-310.json.golden"));
    let inventory = Inventory::from_json(&json!([config, trivy])).unwrap();
    assert!(inventory.samples_config.is_some());
    assert_eq!(inventory.scans.len(), 1);
    let other = json!({"apiVersion": "operator.openshift.io/v1", "kind": "Config", "metadata": {"name": "cluster"}});
    let inventory = Inventory::from_json(&other).unwrap();
    assert!(inventory.samples_config.is_none());
    assert_eq!(inventory.unused["Config"], 1);
    // Two different Configs, or a legacy Trivy report (an array of results, which names no
    // image), are refused with what to do.
    let mut changed = config.clone();
    changed["spec"]["skippedImagestreams"] = json!(["php"]);
    let err = Inventory::from_json(&json!([config, changed])).unwrap_err();
    assert_eq!(err.path(), Some("[1]"));
    let legacy = read_json(&fixture("trivy/alpine-310-ignore-cveids.legacy-2020-12.json.golden"));
    let err = Inventory::from_json(&json!([legacy])).unwrap_err();
    assert!(err.message().contains("under `scans`"), "{err}");
}

/// The same object twice is read once and counted, however it came (a List, an array, a
/// keyed document); two different objects under one kind, namespace and name are an error
/// naming both places.
#[test]
fn an_object_given_twice_is_read_once_and_two_different_ones_are_refused() {
    let deployment = |image: &str| {
        json!({"kind": "Deployment", "metadata": {"name": "web", "namespace": "a1b2c3-prod"},
            "spec": {"replicas": 0, "template": {"spec": {"containers": [{"name": "web", "image": image}]}}}})
    };
    let stream = json!({"kind": "ImageStream", "metadata": {"name": "web", "namespace": "a1b2c3-tools"}});
    let twice = json!([
        {"kind": "List", "items": [deployment("nginx:1"), stream]},
        deployment("nginx:1"),
        {"imagestreams": stream},
    ]);
    let inventory = Inventory::from_json(&twice).unwrap();
    assert_eq!(inventory.repeated, BTreeMap::from([("Deployment".to_owned(), 1), ("ImageStream".to_owned(), 1)]));
    assert_eq!(inventory.evidence.unwrap().uses.len(), 1);
    let report = audit(&Policy::default(), &Inventory::from_json(&twice).unwrap()).unwrap();
    assert!(report.to_table().contains("given more than once, read once: 1 Deployment, 1 ImageStream"));
    let clash = json!([{"kind": "List", "items": [deployment("nginx:1")]}, deployment("nginx:2")]);
    let err = Inventory::from_json(&clash).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidInput, Some("[1]")));
    assert!(err.message().contains("as is `[0].items[0]` with different contents"), "{err}");
}

/// Keyed documents beside others: their singletons may be given once, or alike.
#[test]
fn keyed_documents_merge_and_their_singletons_may_not_disagree() {
    let a = json!({"now": "2026-01-01T00:00:00Z", "namespaces": ["a1b2c3-dev"]});
    let b = json!({"now": "2026-01-01T00:00:00Z", "namespaces": ["a1b2c3-dev", "a1b2c3-prod"]});
    let inventory = Inventory::from_json(&json!([a, b])).unwrap();
    assert_eq!(inventory.namespaces, ["a1b2c3-dev", "a1b2c3-prod"]);
    let later = json!({"now": "2026-02-01T00:00:00Z"});
    let err = Inventory::from_json(&json!([a, later])).unwrap_err();
    assert_eq!(err.path(), Some("[1]"));
    assert!(err.message().contains("a `now` other than an earlier document's"), "{err}");
    // An error inside a keyed document names its place in the array.
    let err = Inventory::from_json(&json!([a, {"namespaces": [5]}])).unwrap_err();
    assert_eq!(err.path(), Some("[1].namespaces[0]"));
    // Not JSON, in the second of several documents, says which.
    let err = Inventory::from_json_str("{\"now\": \"2026-01-01T00:00:00Z\"} {").unwrap_err();
    assert!(err.message().contains("input is not JSON (document 2)"), "{err}");
}

/// `workloads` is read object by object as the text streams by; the text and a tree give the
/// same evidence and the same errors at the same paths, `oc`'s List kind after its items
/// included.
#[test]
fn workloads_read_from_text_and_from_a_tree_alike() {
    let cases = [
        // A PodList's kindless items are pods, though the List's kind comes after them.
        r#"{"workloads": {"apiVersion": "v1", "items": [{"metadata": {"name": "p", "namespace": "ns"},
            "spec": {"containers": [{"name": "c", "image": "nginx:1"}]}}], "kind": "PodList"}}"#,
        r#"{"workloads": [{"kind": "List", "items": [{"kind": "CronJob", "metadata": {"name": "n"},
            "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": 5}}}}}}]}]}"#,
        r#"{"workloads": {"items": [], "kind": 5}}"#,
        r#"{"workloads": {"items": 5}}"#,
        r#"{"workloads": [7]}"#,
        r#"{"workloads": {"kind": "List", "items": [{"metadata": {"name": "x"}}]}}"#,
    ];
    let mut outcomes = Vec::new();
    for text in cases {
        let from_text = Inventory::from_json_str(text).map(|i| i.evidence);
        let value: Value = serde_json::from_str(text).unwrap();
        let from_tree = Inventory::from_json(&value).map(|i| i.evidence);
        assert_eq!(from_text, from_tree, "{text}");
        outcomes.push(from_text.map_err(|e| e.path().map(str::to_owned)));
    }
    let uses = outcomes[0].as_ref().unwrap().as_ref().unwrap();
    assert_eq!(uses.uses[0].user(), "pod/ns/p (container c)");
    let paths: Vec<_> = outcomes[1..].iter().map(|o| o.clone().unwrap_err().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "workloads[0].items[0].spec.jobTemplate.spec.template.spec.containers",
            "workloads.kind",
            "workloads.items",
            "workloads[0]",
            "workloads.items[0]",
        ]
    );
}

/// Templates given twice under the keyed `templates` are read once, as streams are; two
/// different ones under one name are an error naming it.
#[test]
fn a_template_given_twice_is_read_once() {
    // Contents as the library reads a template: the streams it refers to.
    let template = |stream: &str| {
        json!({"kind": "Template", "metadata": {"name": "app", "namespace": "openshift"}, "objects": [
            {"kind": "BuildConfig", "spec": {"strategy": {"sourceStrategy": {"from":
                {"kind": "ImageStreamTag", "name": format!("{stream}:latest"), "namespace": "openshift"}}}}}]})
    };
    let twice = json!([{"templates": template("python")}, {"templates": [template("python")]}]);
    let inventory = Inventory::from_json(&twice).unwrap();
    assert_eq!((inventory.templates.len(), inventory.repeated["Template"]), (1, 1));
    let clash = json!([{"templates": template("python")}, {"templates": template("php")}]);
    let err = Inventory::from_json(&clash).unwrap_err();
    assert_eq!(err.path(), Some("templates"));
    assert!(err.message().contains("template openshift/app is given twice with different contents"), "{err}");
}
