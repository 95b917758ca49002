//! Curated images (`bcgov`): owners, champions, rebuilds, versions, deprecation, and
//! propagation to the other clusters.

use chrono::{DateTime, Utc};
use imagecurator::{
    check_curated, plan_propagation, CuratedImage, CuratedRules, Finding, ImageStatus, ImageStream, Policy,
    PropagationAction,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn now() -> Option<DateTime<Utc>> {
    Some("2026-06-01T00:00:00Z".parse().unwrap())
}

/// A bcgov stream with annotations and (tag, digest number, created) history.
fn stream(name: &str, annotations: Value, tags: &[(&str, u32, &str)]) -> ImageStream {
    let status: Vec<Value> = tags
        .iter()
        .map(|(tag, n, created)| {
            let image = format!("sha256:{n:064}");
            json!({"tag": tag, "items": [{"image": image, "created": created,
                "dockerImageReference": format!("image-registry.apps.klab.example/bcgov/{name}@{image}")}]})
        })
        .collect();
    let json = json!({"metadata": {"name": name, "namespace": "bcgov", "annotations": annotations}, "status": {"tags": status}});
    ImageStream::from_json(&json).unwrap().remove(0)
}

fn owned(annotations: Value) -> Value {
    let mut a = annotations;
    a["imagecurator.io/owner"] = json!("jason");
    a
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn an_owned_recently_built_image_passes() {
    let s = stream("patroni-postgres-96", owned(json!({})), &[("v1.1", 1, "2026-05-20T00:00:00Z")]);
    assert!(check_curated(&CuratedRules::default(), &[s], now()).is_empty());
}

#[test]
fn owner_from_the_policy_or_the_annotation_and_blank_is_missing() {
    let bare = stream("minio", json!({}), &[("v1.0", 1, "2026-05-20T00:00:00Z")]);
    assert_eq!(
        codes(&check_curated(&CuratedRules::default(), std::slice::from_ref(&bare), now())),
        ["curated.owner_missing"]
    );
    let blank = stream("minio", json!({"imagecurator.io/owner": "  "}), &[("v1.0", 1, "2026-05-20T00:00:00Z")]);
    assert_eq!(codes(&check_curated(&CuratedRules::default(), &[blank], now())), ["curated.owner_missing"]);
    let mut rules = CuratedRules::default();
    rules.images.push(CuratedImage { name: "minio".into(), owner: Some("steven".into()), ..Default::default() });
    assert!(check_curated(&rules, &[bare], now()).is_empty());
}

#[test]
fn a_community_image_needs_a_champion() {
    let community = json!({"imagecurator.io/community": "true"});
    let s = stream("backup-container", owned(community.clone()), &[("v2.3", 1, "2026-05-20T00:00:00Z")]);
    assert_eq!(codes(&check_curated(&CuratedRules::default(), &[s], now())), ["curated.champion_missing"]);
    let mut championed = owned(community);
    championed["imagecurator.io/champion"] = json!("wade");
    let s = stream("backup-container", championed, &[("v2.3", 1, "2026-05-20T00:00:00Z")]);
    assert!(check_curated(&CuratedRules::default(), &[s], now()).is_empty());
}

#[test]
fn rebuilds_are_due_monthly_with_a_grace_period() {
    let rules = CuratedRules::default();
    let built = |created: &str| stream("nats", owned(json!({})), &[("v2.1", 1, created)]);
    // 31 days plus 7 of grace: 2026-04-24 is 38 days before now, still in grace; 2026-04-20 is not.
    assert!(check_curated(&rules, &[built("2026-04-24T00:00:00Z")], now()).is_empty());
    let late = check_curated(&rules, &[built("2026-04-20T00:00:00Z")], now());
    assert_eq!(codes(&late), ["curated.rebuild_overdue"]);
    assert!(late[0].message.contains("11 days late"), "{}", late[0].message);
    // An image's own interval, and the last-build annotation over the history.
    let quarterly = stream(
        "nats",
        owned(json!({"imagecurator.io/rebuild-interval-days": "90"})),
        &[("v2.1", 1, "2026-04-01T00:00:00Z")],
    );
    assert!(check_curated(&rules, &[quarterly], now()).is_empty());
    let annotated = stream(
        "nats",
        owned(json!({"imagecurator.io/last-build": "2026-05-30T00:00:00Z"})),
        &[("v2.1", 1, "2025-01-01T00:00:00Z")],
    );
    assert!(check_curated(&rules, &[annotated], now()).is_empty());
    // Without the time of the audit, nothing time-based is judged.
    assert!(check_curated(&rules, &[built("2020-01-01T00:00:00Z")], None).is_empty());
}

#[test]
fn a_build_in_the_future_or_none_at_all_is_a_finding() {
    let rules = CuratedRules::default();
    let future = stream("nats", owned(json!({})), &[("v2.1", 1, "2026-06-02T00:00:00Z")]);
    assert_eq!(codes(&check_curated(&rules, &[future], now())), ["curated.build_in_future"]);
    let skewed = stream("nats", owned(json!({})), &[("v2.1", 1, "2026-06-01T00:04:00Z")]);
    assert!(check_curated(&rules, &[skewed], now()).is_empty(), "minutes of clock skew are tolerated");
    let never = stream("nats", owned(json!({})), &[]);
    assert_eq!(codes(&check_curated(&rules, &[never], now())), ["curated.never_built"]);
}

#[test]
fn more_than_three_versions_counting_images_not_tags() {
    let fresh = "2026-05-20T00:00:00Z";
    let four = stream(
        "caddy",
        owned(json!({})),
        &[("v1.0", 1, fresh), ("v1.1", 2, fresh), ("v2.0", 3, fresh), ("v2.1", 4, fresh)],
    );
    let findings = check_curated(&CuratedRules::default(), &[four], now());
    assert_eq!(codes(&findings), ["curated.too_many_versions"]);
    // Aliases of one image, and floating tags, are one version or none.
    let aliases = stream(
        "caddy",
        owned(json!({})),
        &[("v1.0", 1, fresh), ("v1", 1, fresh), ("v2.0", 2, fresh), ("latest", 3, fresh), ("v2.1", 3, fresh)],
    );
    assert!(check_curated(&CuratedRules::default(), &[aliases], now()).is_empty());
}

#[test]
fn deprecation_and_removal() {
    let rules = CuratedRules::default();
    let deprecated = |on: &str| {
        stream(
            "jenkins",
            owned(json!({"imagecurator.io/status": "deprecated", "imagecurator.io/deprecated-on": on})),
            &[("v1", 1, "2020-01-01T00:00:00Z")],
        )
    };
    assert_eq!(codes(&check_curated(&rules, &[deprecated("2026-05-01")], now())), ["curated.deprecated_past_date"]);
    // Before its date it is neither overdue for a rebuild nor past its date.
    assert!(check_curated(&rules, &[deprecated("2026-12-31")], now()).is_empty());
    let removed = stream("jenkins", owned(json!({"imagecurator.io/status": "removed"})), &[]);
    assert_eq!(codes(&check_curated(&rules, &[removed], now())), ["curated.removed_present"]);
    let mut listed = CuratedRules::default();
    listed.images.push(CuratedImage { name: "gone".into(), status: Some(ImageStatus::Removed), ..Default::default() });
    listed.images.push(CuratedImage { name: "planned".into(), owner: Some("jason".into()), ..Default::default() });
    assert_eq!(codes(&check_curated(&listed, &[], now())), ["curated.stale_entry"]);
}

#[test]
fn unreadable_annotations_are_findings_not_failures() {
    let s = stream(
        "nats",
        owned(json!({"imagecurator.io/community": "yes", "imagecurator.io/rebuild-interval-days": "monthly",
            "imagecurator.io/last-build": "yesterday", "imagecurator.io/status": "deprecated"})),
        &[("v2.1", 1, "2026-05-20T00:00:00Z")],
    );
    let findings = check_curated(&CuratedRules::default(), &[s], now());
    assert_eq!(codes(&findings), ["curated.bad_annotation"; 4]);
    assert!(findings.iter().any(|f| f.message.contains("`yes` is not `true` or `false`")));
}

#[test]
fn only_curated_namespaces_are_checked() {
    let json = json!({"metadata": {"name": "app", "namespace": "a1b2c3-tools"}});
    let elsewhere = ImageStream::from_json(&json).unwrap();
    assert!(check_curated(&CuratedRules::default(), &elsewhere, now()).is_empty());
}

#[test]
fn a_real_tag_history_is_judged_by_its_created_times() {
    // k-srkw's java stream, moved into bcgov: imported 2022-05-24, long overdue by 2026.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/oc-get-is/k-srkw_openshift-java_status.converted.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["metadata"] = json!({"name": "java", "namespace": "bcgov", "annotations": {"imagecurator.io/owner": "jason"}});
    let streams = ImageStream::from_json(&json).unwrap();
    let findings = check_curated(&CuratedRules::default(), &streams, now());
    let overdue = findings.iter().find(|f| f.code == "curated.rebuild_overdue").expect("overdue");
    assert!(overdue.message.contains("2022-05-24"), "{}", overdue.message);
}

#[test]
fn propagation_adds_updates_and_reports_extras_per_cluster() {
    let fresh = "2026-05-20T00:00:00Z";
    let source = vec![stream("nats", json!({}), &[("v2.1", 1, fresh), ("v2.2", 2, fresh)])];
    let peers = BTreeMap::from([
        (
            "gold".to_owned(),
            vec![stream("nats", json!({}), &[("v2.1", 1, fresh), ("v2.2", 9, fresh), ("v1.0", 7, fresh)])],
        ),
        ("silver".to_owned(), vec![]),
        ("emerald".to_owned(), source.clone()),
    ]);
    let plan = plan_propagation(&CuratedRules::default(), &source, &peers);
    let steps: Vec<(&str, &str, PropagationAction)> =
        plan.steps.iter().map(|s| (s.cluster.as_str(), s.tag.as_str(), s.action)).collect();
    assert_eq!(
        steps,
        [
            ("gold", "v1.0", PropagationAction::Extra),
            ("gold", "v2.2", PropagationAction::Update),
            ("silver", "v2.1", PropagationAction::Add),
            ("silver", "v2.2", PropagationAction::Add),
        ]
    );
    let digest = |n: u32| format!("sha256:{n:064}");
    assert_eq!(plan.steps[1].target_image.as_deref(), Some(&*digest(9)));
    assert_eq!(plan.commands.len(), 3, "extras get no command");
    assert_eq!(
        plan.commands[0],
        format!(
            "oc --context=gold -n bcgov tag --source=docker image-registry.apps.klab.example/bcgov/nats@{} nats:v2.2",
            digest(2)
        )
    );
}

#[test]
fn curated_policy_errors_name_their_path() {
    let cases = [
        (json!({"curated": {"max_versions": 0}}), "curated.max_versions"),
        (json!({"curated": {"images": [{"name": "a"}, {"name": "a"}]}}), "curated.images[1].name"),
        (json!({"curated": {"images": [{"name": "Bad"}]}}), "curated.images[0].name"),
        (json!({"curated": {"images": [{"name": "a", "status": "retired"}]}}), "curated.images[0].status"),
        (json!({"curated": {"images": [{"name": "a", "last_build": "yesterday"}]}}), "curated.images[0].last_build"),
        (json!({"curated": {"annotations": {"owner": "x", "colour": "y"}}}), "curated.annotations.colour"),
        (json!({"curated": []}), "curated"),
    ];
    for (document, path) in cases {
        let err = Policy::from_json(&document).expect_err(&document.to_string());
        assert_eq!(err.path(), Some(path), "{document}: {err}");
    }
    let ok = Policy::from_json(
        &json!({"curated": {"images": [{"name": "jenkins", "status": {"deprecated": "2026-06-30"}}]}}),
    )
    .unwrap();
    assert!(matches!(ok.curated.images[0].status, Some(ImageStatus::Deprecated(_))));
}
