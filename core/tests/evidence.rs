//! Evidence of use: every workload kind and every reference form protects what it names, on
//! the shared conformance cases and on real manifests as `oc get -o json` prints them.

use imagecurator::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// A time after every image these tests make, so that the minimum age keeps none of them.
const LATER: &str = "2030-01-01T00:00:00Z";

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every `ret-evidence-*` case says in its description who keeps tag 1.1; the decision says
/// the same, in `used_by` and in its sentence.
#[test]
fn each_evidence_case_names_who_keeps_the_tag() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/retention/plan.json");
    let cases = read_json(&path)["cases"].as_array().unwrap().clone();
    let mut checked = 0;
    for case in cases.iter().filter(|c| c["id"].as_str().unwrap().starts_with("ret-evidence-")) {
        let Some((_, user)) = case["description"].as_str().unwrap().split_once("; the decision names ") else {
            continue;
        };
        let input = &case["input"];
        let plan = bindings::plan_retention_json(
            &input["streams"],
            Some(&input["policy"]),
            Some(&input["in_use"]),
            None,
            Some("2026-01-01T00:00:00Z"),
        )
        .unwrap();
        let kept = plan.decisions.iter().find(|d| &*d.tag == "1.1").unwrap();
        assert_eq!((kept.action, kept.reason), (Action::Keep, Reason::InUse), "{}", case["id"]);
        assert_eq!(kept.used_by.as_deref(), Some(user), "{}", case["id"]);
        let message = serde_json::to_value(kept).unwrap()["message"].as_str().unwrap().to_owned();
        assert!(message.ends_with(&format!("in use by {user}")), "{message}");
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} evidence cases");
}

#[test]
fn kinds_without_images_are_counted_and_unknown_shapes_refused() {
    let list = json!({"kind": "List", "items": [
        {"kind": "Service", "metadata": {"name": "a"}},
        {"kind": "Service", "metadata": {"name": "b"}},
        {"kind": "ConfigMap", "metadata": {"name": "c"}},
        // A kindless item inside a PodList is a pod; inside a List, one with containers is too.
        {"kind": "PodList", "items": [{"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}]},
        {"metadata": {"name": "q"}, "spec": {"containers": [{"name": "c", "image": "busybox"}]}}]});
    let evidence = Evidence::from_json(&list).unwrap();
    assert_eq!(evidence.ignored, BTreeMap::from([("ConfigMap".to_owned(), 1), ("Service".to_owned(), 2)]));
    assert_eq!(evidence.uses.len(), 2);
    let err = Evidence::from_json(&json!({"kind": "List", "items": [{"metadata": {"name": "x"}}]})).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidInput, Some("items[0]")));
    let err = Evidence::from_json(
        &json!([{"kind": "Deployment", "spec": {"template": {"spec": {"containers": [{"image": 5}]}}}}]),
    )
    .unwrap_err();
    assert_eq!(err.path(), Some("[0].spec.template.spec.containers[0].image"));
    let err = Evidence::from_json(&json!({"kind": "BuildConfig", "spec": {"strategy": {"sourceStrategy": {"from": {"kind": "Git", "name": "x"}}}}}))
        .unwrap_err();
    assert!(err.message().contains("`Git` is not ImageStreamTag"), "{err}");
}

/// The stream and tag a use keeps, when it names a stream tag directly or by an
/// internal-registry pull spec.
fn stream_tag(image: &ImageRef) -> Option<(String, String, String)> {
    match image {
        ImageRef::StreamTag { namespace, stream, tag } => Some((namespace.clone(), stream.clone(), tag.clone())),
        ImageRef::PullSpec(spec) => {
            let r = Reference::parse(spec).ok()?;
            let internal = r.internal_image()?;
            Some((
                internal.namespace().to_owned(),
                internal.stream().to_owned(),
                r.tag().unwrap_or("latest").to_owned(),
            ))
        }
        _ => None,
    }
}

/// Real manifests (BC Gov templates, OpenShift and Kubernetes examples), as they read once
/// created: each reads without error, and each stream tag one of them names survives a plan
/// that keeps one version while five newer ones exist.
#[test]
fn real_workloads_protect_what_they_refer_to() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/workloads/processed");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("index.json"));
    files.sort();
    assert!(files.len() >= 9, "{files:?}");
    let (mut kinds, mut protected) = (BTreeMap::<String, usize>::new(), 0);
    for file in &files {
        let document = read_json(file);
        let evidence = Evidence::from_json(&document).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for used in &evidence.uses {
            *kinds.entry(used.kind.clone()).or_default() += 1;
        }
        let mut streams: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for used in &evidence.uses {
            if let Some((ns, stream, tag)) = stream_tag(&used.image) {
                streams.entry((ns, stream)).or_default().push(tag);
            }
        }
        for ((namespace, name), tags) in streams {
            let mut status: Vec<Value> = tags
                .iter()
                .enumerate()
                .map(|(i, t)| json!({"tag": t, "items": [{"image": format!("sha256:{:064x}", i + 1)}]}))
                .collect();
            for v in 0..5 {
                let image = format!("sha256:{:064x}", 100 + v);
                status.push(json!({"tag": format!("99.{v}"), "items": [{"image": image}]}));
            }
            let stream = json!({"metadata": {"name": name, "namespace": namespace}, "status": {"tags": status}});
            let plan =
                bindings::plan_retention_json(&stream, Some(&json!({"keep": 1})), Some(&document), None, Some(LATER))
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            for tag in &tags {
                let d = plan.decisions.iter().find(|d| &*d.tag == tag.as_str()).unwrap();
                assert_eq!((d.action, d.reason), (Action::Keep, Reason::InUse), "{}: {name}:{tag}", file.display());
                assert!(d.used_by.is_some());
                protected += 1;
            }
        }
    }
    // Every kind `oc adm prune images` counts occurs in the fixtures and yields a use.
    for kind in [
        "Pod",
        "ReplicationController",
        "ReplicaSet",
        "Deployment",
        "DeploymentConfig",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "BuildConfig",
        "Build",
    ] {
        assert!(kinds.contains_key(kind), "no {kind} use in the fixtures: {kinds:?}");
    }
    assert!(protected >= 10, "only {protected} stream tags protected");
}

#[test]
fn an_inventory_without_workloads_plans_no_deletions_and_says_so() {
    let stream = |n: u32| json!({"tag": format!("1.{n}"), "items": [{"image": format!("sha256:{n:064}")}]});
    let streams = json!({"kind": "ImageStream", "metadata": {"name": "app", "namespace": "a1b2c3-tools"},
        "status": {"tags": (1..=5).map(stream).collect::<Vec<_>>()}});
    let blind = Inventory::from_json(&json!({"imagestreams": streams.clone()})).unwrap();
    assert!(blind.evidence.is_none());
    let report = audit(&Policy::default(), &blind).unwrap();
    assert!(report.retention.commands.is_empty());
    assert_eq!(report.retention.totals.by_reason.get("no_evidence"), Some(&2));
    assert!(report.retention.notes[0].starts_with("no evidence of what runs"));
    assert!(report.to_table().contains("no evidence of what runs"), "{}", report.to_table());
    let looked = Inventory::from_json(
        &json!({"imagestreams": streams, "workloads": {"kind": "List", "items": []}, "now": LATER}),
    )
    .unwrap();
    assert_eq!(audit(&Policy::default(), &looked).unwrap().retention.commands.len(), 2);
}

const INTERNAL: &str = "image-registry.openshift-image-registry.svc:5000";

/// One workload of a random kind in `namespace`, referring to `stream:tag` (image `digest`) in
/// `target_ns` in a random one of the forms a cluster uses.
fn random_workload(
    rng: &mut Rng,
    n: usize,
    namespace: &str,
    target_ns: &str,
    stream: &str,
    tag: &str,
    digest: &str,
) -> Value {
    let same_ns = namespace == target_ns;
    let object_ref = |rng: &mut Rng| match rng.below(3) {
        0 if same_ns => json!({"kind": "ImageStreamTag", "name": format!("{stream}:{tag}")}),
        0 | 1 => json!({"kind": "ImageStreamTag", "name": format!("{stream}:{tag}"), "namespace": target_ns}),
        _ => json!({"kind": "ImageStreamImage", "name": format!("{stream}@{digest}"), "namespace": target_ns}),
    };
    let pull_spec = |rng: &mut Rng| match rng.below(3) {
        0 => format!("{INTERNAL}/{target_ns}/{stream}:{tag}"),
        1 => format!("{INTERNAL}/{target_ns}/{stream}@{digest}"),
        _ => format!("quay.io/elsewhere/{stream}@{digest}"),
    };
    let containers = |image: String| json!({"containers": [{"name": "main", "image": image}]});
    let name = format!("w{n}");
    let metadata = json!({"name": name, "namespace": namespace});
    match rng.below(11) {
        0 => json!({"kind": "Pod", "metadata": metadata, "spec": containers(pull_spec(rng))}),
        1 => json!({"kind": "CronJob", "metadata": metadata,
            "spec": {"jobTemplate": {"spec": {"template": {"spec": containers(pull_spec(rng))}}}}}),
        2 => {
            json!({"kind": "DeploymentConfig", "metadata": metadata, "spec": {"replicas": 0, "template": {"spec": containers(" ".into())},
            "triggers": [{"type": "ImageChange", "imageChangeParams": {"from": object_ref(rng)}}]}})
        }
        3 => {
            json!({"kind": "DeploymentConfig", "metadata": metadata, "spec": {"template": {"spec": containers(String::new())},
            "triggers": [{"type": "ImageChange", "imageChangeParams": {"lastTriggeredImage": pull_spec(rng)}}]}})
        }
        4 => json!({"kind": "BuildConfig", "metadata": metadata,
            "spec": {"strategy": {"sourceStrategy": {"from": object_ref(rng)}}}}),
        5 => json!({"kind": "Build", "metadata": metadata,
            "spec": {"source": {"images": [{"from": object_ref(rng)}]}, "strategy": {"dockerStrategy": {}}}}),
        6 => {
            let trigger = json!([{"from": object_ref(rng), "fieldPath": "spec.template.spec.containers[0].image"}]);
            json!({"kind": "Deployment", "metadata": {"name": name, "namespace": namespace,
                "annotations": {"image.openshift.io/triggers": trigger.to_string()}},
                "spec": {"replicas": 0, "template": {"spec": containers(" ".into())}}})
        }
        kind => {
            let kind = ["StatefulSet", "DaemonSet", "Job", "ReplicaSet"][kind - 7];
            json!({"kind": kind, "metadata": metadata,
                "spec": {"replicas": 0, "template": {"spec": {"initContainers": [{"name": "init", "image": pull_spec(rng)}]}}}})
        }
    }
}

/// Random clusters: streams with version tags, and workloads of every kind referring to random
/// tags in random forms. No planned deletion removes a tag a workload names, or a tag whose
/// image a workload names by digest.
#[test]
fn no_planned_deletion_removes_what_a_workload_refers_to() {
    let mut pruned_any = 0;
    for seed in 1..=200u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let namespaces = ["a1b2c3-dev", "a1b2c3-prod", "d4e5f6-tools"];
        let mut streams = Vec::new();
        let mut images = Vec::new(); // (namespace, stream, tag, digest)
        for s in 0..1 + rng.below(4) {
            let namespace = namespaces[rng.below(namespaces.len())];
            let name = format!("app{s}");
            let tags: Vec<Value> = (0..2 + rng.below(8))
                .map(|t| {
                    let digest = format!("sha256:{:064x}", seed * 1000 + s as u64 * 100 + rng.below(12) as u64);
                    let tag = format!("1.{t}");
                    images.push((namespace.to_owned(), name.clone(), tag.clone(), digest.clone()));
                    json!({"tag": tag, "items": [{"image": digest}]})
                })
                .collect();
            streams.push(json!({"metadata": {"name": name, "namespace": namespace}, "status": {"tags": tags}}));
        }
        let mut used = Vec::new();
        let workloads: Vec<Value> = (0..rng.below(6))
            .map(|n| {
                let (ns, stream, tag, digest) = images[rng.below(images.len())].clone();
                let home = namespaces[rng.below(namespaces.len())];
                used.push((ns.clone(), stream.clone(), tag.clone(), digest.clone()));
                random_workload(&mut rng, n, home, &ns, &stream, &tag, &digest)
            })
            .collect();
        let in_use = json!({"kind": "List", "items": workloads});
        let policy = json!({"keep": 1, "protect": {"floating": false}});
        let plan =
            bindings::plan_retention_json(&Value::Array(streams), Some(&policy), Some(&in_use), None, Some(LATER))
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        pruned_any += plan.totals.pruned;
        for d in plan.decisions.iter().filter(|d| d.action == Action::Prune) {
            let pruned = (d.namespace.as_deref().unwrap(), &*d.stream, &*d.tag, d.image.as_deref().unwrap());
            for (ns, stream, tag, digest) in &used {
                let same_tag = (ns.as_str(), stream.as_str(), tag.as_str()) == (pruned.0, pruned.1, pruned.2);
                assert!(!same_tag, "seed {seed}: pruned {pruned:?}, which a workload names: {in_use}");
                assert_ne!(digest, pruned.3, "seed {seed}: pruned {pruned:?}, whose image a workload names: {in_use}");
            }
        }
    }
    assert!(pruned_any > 100, "the random clusters must plan deletions for the property to mean anything");
}

#[test]
fn namespaces_read_as_oc_prints_them() {
    let names = |namespaces: Value| Inventory::from_json(&json!({"namespaces": namespaces})).map(|i| i.namespaces);
    // `oc get ns -o name`, as lines or as a list.
    assert_eq!(names(json!("namespace/a1b2c3-prod\nnamespace/a1b2c3-dev\n")).unwrap(), ["a1b2c3-prod", "a1b2c3-dev"]);
    assert_eq!(
        names(json!(["namespace/a1b2c3-prod", "project/b2c3d4-test", "plain"])).unwrap(),
        ["a1b2c3-prod", "b2c3d4-test", "plain"]
    );
    // `oc get ns -o json`: a List (or NamespaceList) of Namespaces, or one.
    let list = json!({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a1b2c3-prod"}},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "openshift"}}]});
    assert_eq!(names(list).unwrap(), ["a1b2c3-prod", "openshift"]);
    assert_eq!(names(json!({"kind": "Namespace", "metadata": {"name": "x1"}})).unwrap(), ["x1"]);
    // Nothing else is read as names.
    assert_eq!(names(json!({"kind": "PodList", "items": []})).unwrap_err().path(), Some("namespaces.kind"));
    assert_eq!(names(json!(["a", 5])).unwrap_err().path(), Some("namespaces[1]"));
    // The naming check sees the bare name, not `namespace/...`.
    let inventory = Inventory::from_json(&json!({"namespaces": "namespace/legacy-app\n", "now": LATER})).unwrap();
    let report = audit(&Policy::default(), &inventory).unwrap();
    assert_eq!(report.findings[0].subject, "namespace/legacy-app");
}

#[test]
fn a_stream_given_twice_is_one_stream_and_two_different_ones_are_an_error() {
    let stream = |image: &str| {
        json!({"kind": "ImageStream", "metadata": {"name": "app", "namespace": "a1b2c3-tools"},
        "status": {"tags": [{"tag": "1.0", "items": [{"image": image}]}]}})
    };
    let a = format!("sha256:{}", "a".repeat(64));
    let twice = json!({"imagestreams": [stream(&a), {"kind": "List", "items": [stream(&a)]}]});
    let once = Inventory::from_json(&twice).unwrap();
    assert_eq!((once.streams.len(), once.repeated["ImageStream"]), (1, 1));
    let b = format!("sha256:{}", "b".repeat(64));
    let clash = json!({"imagestreams": [stream(&a), stream(&b)]});
    let err = Inventory::from_json(&clash).unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidInput, Some("imagestreams")));
    assert!(err.message().contains("a1b2c3-tools/app is given twice with different contents"), "{err}");
}

#[test]
fn a_mixed_list_under_imagestreams_says_what_it_did_not_use() {
    let mixed = json!({"kind": "List", "items": [
        {"kind": "ImageStream", "metadata": {"name": "app", "namespace": "a1b2c3-tools"}},
        {"kind": "Template", "metadata": {"name": "t", "namespace": "a1b2c3-tools"}},
        {"kind": "Pod", "metadata": {"name": "p", "namespace": "a1b2c3-tools"}},
        {"kind": "Pod", "metadata": {"name": "q", "namespace": "a1b2c3-tools"}}]});
    let inventory = Inventory::from_json(&json!({"imagestreams": mixed, "now": LATER})).unwrap();
    assert_eq!(inventory.streams.len(), 1);
    let report = audit(&Policy::default(), &inventory).unwrap();
    assert_eq!(report.unused_input, BTreeMap::from([("Pod".to_owned(), 2), ("Template".to_owned(), 1)]));
    assert!(
        report.to_table().contains("read but not used, under a key that does not take them: 2 Pod, 1 Template; give"),
        "{}",
        report.to_table()
    );
}

#[test]
fn a_scan_report_about_no_known_image_is_said() {
    let report = json!({"SchemaVersion": 2, "CreatedAt": "2029-12-31T00:00:00Z",
        "Metadata": {"OS": {"Family": "alpine"}, "RepoDigests": [format!("other@sha256:{}", "e".repeat(64))]},
        "Results": [{"Class": "os-pkgs", "Vulnerabilities": null}]});
    let pod = json!({"kind": "Pod", "metadata": {"name": "p", "namespace": "a1b2c3-prod"},
        "spec": {"containers": [{"name": "c", "image": format!("quay.io/team/app@sha256:{}", "d".repeat(64))}]}});
    let inventory = Inventory::from_json(&json!({"pods": pod, "scans": [report], "now": LATER})).unwrap();
    let audited = audit(&Policy::default(), &inventory).unwrap();
    assert_eq!(audited.unused_input.get("ScanReport"), Some(&1));
    assert!(audited.to_table().contains("read but not used: 1 scan reports about no image a pod runs"));
    // The pod's own image has no report, which the gate says as before.
    assert!(audited.findings.iter().any(|f| f.code == "gate.scan_unknown"));
}
