//! Retention planning through the public API: the rules one by one, the properties a plan must
//! have, and real image streams from `../shared/fixtures/`.

use imagecurator::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn digest(n: u32) -> String {
    format!("sha256:{n:064x}")
}

/// A stream in `ns` whose status has `tags` as (tag, image number, created).
fn stream(ns: &str, name: &str, tags: &[(&str, u32, &str)]) -> Value {
    let status: Vec<Value> = tags
        .iter()
        .map(|(tag, n, created)| json!({"tag": tag, "items": [{"image": digest(*n), "created": created}]}))
        .collect();
    json!({"kind": "ImageStream", "metadata": {"name": name, "namespace": ns}, "status": {"tags": status}})
}

/// A context that says nothing runs (evidence given, and empty), at a time long after every
/// image these tests make.
fn nothing_runs() -> RetentionContext {
    RetentionContext { evidence: Some(Evidence::default()), now: Some(later()), ..Default::default() }
}

fn later() -> chrono::DateTime<chrono::Utc> {
    "2030-01-01T00:00:00Z".parse().unwrap()
}

fn plan(policy: &RetentionPolicy, streams: &[Value], context: &RetentionContext) -> RetentionPlan {
    let streams: Vec<ImageStream> = streams.iter().flat_map(|s| ImageStream::from_json(s).unwrap()).collect();
    plan_retention(policy, &streams, context).unwrap()
}

#[track_caller]
fn decisions(plan: &RetentionPlan) -> Vec<(String, Action, Reason)> {
    plan.decisions.iter().map(|d| (d.tag.to_string(), d.action, d.reason)).collect()
}

#[track_caller]
fn pruned(plan: &RetentionPlan) -> Vec<&str> {
    plan.decisions.iter().filter(|d| d.action == Action::Prune).map(|d| &*d.tag).collect()
}

const OLD: &str = "2020-01-01T00:00:00Z";

#[test]
fn orders_by_version_not_push_time() {
    // 1.10 was pushed first and 1.9 last: push order would keep the wrong ones.
    let s = stream(
        "ns",
        "app",
        &[
            ("1.10", 1, "2020-01-01T00:00:00Z"),
            ("1.11", 2, "2020-01-02T00:00:00Z"),
            ("1.2", 3, "2020-01-03T00:00:00Z"),
            ("1.12", 4, "2020-01-04T00:00:00Z"),
            ("1.9", 5, "2020-01-05T00:00:00Z"),
        ],
    );
    let p = plan(&RetentionPolicy::default(), &[s], &nothing_runs());
    assert_eq!(pruned(&p), ["1.2", "1.9"]);
    assert_eq!(p.commands, ["oc tag -d ns/app:1.2", "oc tag -d ns/app:1.9"]);
    assert_eq!(p.decisions.iter().map(|d| &*d.tag).collect::<Vec<_>>(), ["1.2", "1.9", "1.10", "1.11", "1.12"]);
    let kept = &p.decisions[4];
    assert_eq!((kept.reason, kept.rule), (Reason::WithinNewestN, DecisionRule::VersionCount));
    assert_eq!(
        kept.message(),
        format!(
            "keep app:1.12 (sha256:{}): it is among the newest 3 versions of its group (scheme N.N)",
            "0".repeat(12)
        )
    );
}

#[test]
fn a_stream_without_a_namespace_gets_commands_without_one() {
    let mut s = stream("ns", "app", &[("1.1", 1, OLD), ("1.2", 2, OLD), ("1.3", 3, OLD), ("1.4", 4, OLD)]);
    s["metadata"].as_object_mut().unwrap().remove("namespace");
    let p = plan(&RetentionPolicy::default(), &[s], &nothing_runs());
    assert_eq!(p.commands, ["oc tag -d app:1.1"]);
}

#[test]
fn counts_images_not_tags() {
    // 2.0.1, 2.0 and 2 are one image: three tags, one version.
    let s = stream(
        "ns",
        "app",
        &[("2.0.1", 5, OLD), ("2.0", 5, OLD), ("2", 5, OLD), ("1.9.0", 4, OLD), ("1.8.0", 3, OLD), ("1.7.0", 2, OLD)],
    );
    let p = plan(&RetentionPolicy::default(), &[s], &nothing_runs());
    assert_eq!(pruned(&p), ["1.7.0"]);
    let reasons: BTreeMap<String, Reason> = p.decisions.iter().map(|d| (d.tag.to_string(), d.reason)).collect();
    assert_eq!(reasons["2.0.1"], Reason::WithinNewestN);
    assert_eq!(reasons["2.0"], Reason::AliasOfKept);
    assert_eq!(reasons["2"], Reason::AliasOfKept);
}

#[test]
fn a_digest_held_by_a_protected_tag_is_never_pruned() {
    // `latest` still points to the oldest image: that image, and its version tag, stay.
    let s =
        stream("ns", "app", &[("latest", 1, OLD), ("1.0", 1, OLD), ("1.1", 2, OLD), ("1.2", 3, OLD), ("1.3", 4, OLD)]);
    let policy = RetentionPolicy { keep: 2, ..Default::default() };
    let p = plan(&policy, &[s], &nothing_runs());
    assert_eq!(pruned(&p), ["1.1"]);
    let d: BTreeMap<String, (Action, Reason)> =
        p.decisions.iter().map(|d| (d.tag.to_string(), (d.action, d.reason))).collect();
    assert_eq!(d["latest"], (Action::Keep, Reason::ProtectedPattern));
    assert_eq!(d["1.0"], (Action::Keep, Reason::AliasOfKept));
}

#[test]
fn spec_aliases_follow_their_target() {
    let s = json!({"metadata": {"name": "py", "namespace": "openshift"},
        "spec": {"tags": [{"name": "stable", "from": {"kind": "ImageStreamTag", "name": "3.6"}}]},
        "status": {"tags": [
            {"tag": "3.6", "items": [{"image": digest(1)}]}, {"tag": "3.8", "items": [{"image": digest(2)}]},
            {"tag": "3.9", "items": [{"image": digest(3)}]}, {"tag": "3.11", "items": [{"image": digest(4)}]}]}});
    let policy = RetentionPolicy { keep: 2, ..Default::default() };
    let p = plan(&policy, &[s], &nothing_runs());
    // `stable` has no status of its own; it takes 3.6's image, and protects it.
    assert_eq!(pruned(&p), ["3.8"]);
    let stable = p.decisions.iter().find(|d| &*d.tag == "stable").unwrap();
    assert_eq!(stable.image.as_deref(), Some(digest(1).as_str()));
}

#[test]
fn in_use_by_digest_or_internal_tag_is_kept() {
    let s = stream(
        "team-prod",
        "api",
        &[("1.0", 1, OLD), ("1.1", 2, OLD), ("1.2", 3, OLD), ("1.3", 4, OLD), ("1.4", 5, OLD)],
    );
    let context = RetentionContext {
        evidence: Some(Evidence::from_references([
            format!("quay.io/elsewhere/api@{}", digest(1)),
            "image-registry.openshift-image-registry.svc:5000/team-prod/api:1.1".into(),
            // Another namespace's stream of the same name is another stream.
            "image-registry.openshift-image-registry.svc:5000/team-dev/api:1.0".into(),
        ])),
        ..Default::default()
    };
    let p = plan(&RetentionPolicy::default(), &[s], &context);
    assert_eq!(pruned(&p), Vec::<&str>::new());
    let reasons: Vec<Reason> = p.decisions.iter().map(|d| d.reason).collect();
    assert_eq!(reasons[..2], [Reason::InUse, Reason::InUse]);
    let bad = RetentionContext { evidence: Some(Evidence::from_references(["Not A Reference"])), ..Default::default() };
    let err = plan_retention(&RetentionPolicy::default(), &[], &bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.message().contains("Not A Reference"));
}

#[test]
fn pods_and_templates_feed_the_plan() {
    let pods = json!({"kind": "PodList", "items": [{
        "spec": {"containers": [{"image": "image-registry.openshift-image-registry.svc:5000/ns/app:1.0"}],
                 "initContainers": [{"image": "busybox"}], "ephemeralContainers": [{"image": "debug:1"}]},
        "status": {"containerStatuses": [{"imageID": format!("docker-pullable://quay.io/x/y@{}", digest(2))}]}}]});
    let in_use = images_in_use(&pods).unwrap();
    assert_eq!(in_use.len(), 4);
    let template = json!({"kind": "Template", "objects": [{"kind": "DeploymentConfig", "spec": {"triggers": [
        {"imageChangeParams": {"from": {"kind": "ImageStreamTag", "name": "app:1.2", "namespace": "ns"}}}]}}]});
    let pins = template_pins(&template).unwrap();
    let s = stream(
        "ns",
        "app",
        &[("1.0", 1, OLD), ("1.1", 2, OLD), ("1.2", 3, OLD), ("1.3", 4, OLD), ("1.4", 5, OLD), ("1.5", 6, OLD)],
    );
    let policy = RetentionPolicy { keep: 1, ..Default::default() };
    let p = plan(
        &policy,
        &[s],
        &RetentionContext { evidence: Some(Evidence::from_references(in_use)), pins, now: Some(later()) },
    );
    let d = decisions(&p);
    assert_eq!(d[0], ("1.0".into(), Action::Keep, Reason::InUse));
    assert_eq!(d[1], ("1.1".into(), Action::Keep, Reason::InUse));
    assert_eq!(d[2], ("1.2".into(), Action::Keep, Reason::PinnedByTemplate));
    assert_eq!(pruned(&p), ["1.3", "1.4"]);
}

#[test]
fn young_images_stay() {
    let s = stream("ns", "app", &[("1", 1, OLD), ("2", 2, OLD), ("3", 3, "2026-11-28T23:30:00Z")]);
    let policy = RetentionPolicy { keep: 1, ..Default::default() };
    let now = "2026-11-29T00:00:00Z".parse().unwrap();
    let p = plan(&policy, std::slice::from_ref(&s), &RetentionContext { now: Some(now), ..nothing_runs() });
    assert_eq!(decisions(&p)[2], ("3".into(), Action::Keep, Reason::TooYoung));
    // The young image still counts as the newest version: with keep 1, the older two go.
    assert_eq!(pruned(&p), ["1", "2"]);
    // Without a time of planning no image is too young.
    let p = plan(&policy, &[s], &nothing_runs());
    assert_eq!(decisions(&p)[2], ("3".into(), Action::Keep, Reason::WithinNewestN));
}

#[test]
fn tags_that_are_not_versions_are_never_pruned_by_the_version_rule() {
    let s = stream(
        "ns",
        "app",
        &[("1", 1, OLD), ("2", 2, OLD), ("abc1234", 3, OLD), ("openjdk-11-el7", 4, OLD), ("build_1-x", 5, OLD)],
    );
    let policy = RetentionPolicy { keep: 1, ..Default::default() };
    let p = plan(&policy, std::slice::from_ref(&s), &nothing_runs());
    assert_eq!(pruned(&p), ["1"]);
    // `openjdk-11-el7` is a version with a prefix word, the newest of its own scheme.
    let others = || p.decisions.iter().filter(|d| !["1", "2", "abc1234", "openjdk-11-el7"].contains(&&*d.tag));
    assert!(others().all(|d| d.reason == Reason::NotAVersion));
    assert!(p.decisions.iter().any(|d| &*d.tag == "openjdk-11-el7" && d.reason == Reason::WithinNewestN));
    // A commit id is ranked by time in its own scheme; alone, it is the newest of it.
    assert!(decisions(&p).contains(&("abc1234".into(), Action::Keep, Reason::WithinNewestN)));
    // Unless the policy leaves ids alone.
    let ids_kept = RetentionPolicy { keep: 1, unversioned: Unversioned::Keep, ..Default::default() };
    let p = plan(&ids_kept, &[s], &nothing_runs());
    let ids = p.decisions.iter().filter(|d| ["abc1234", "build_1-x"].contains(&&*d.tag));
    assert!(ids.clone().count() == 2 && ids.into_iter().all(|d| d.reason == Reason::NotAVersion));
}

#[test]
fn every_line_is_ranked_and_counted_on_its_own() {
    // Each variant line is a scheme: ranked across lines by version, el7 would lose everything.
    let s = stream(
        "ns",
        "pg",
        &[
            ("10-el7", 1, OLD),
            ("12-el7", 2, OLD),
            ("13-el8", 3, OLD),
            ("14-el8", 4, OLD),
            ("15-el8", 5, OLD),
            ("16-el8", 6, OLD),
        ],
    );
    let policy = RetentionPolicy { keep: 2, ..Default::default() };
    let p = plan(&policy, std::slice::from_ref(&s), &nothing_runs());
    assert_eq!(pruned(&p), ["13-el8", "14-el8"]);
    assert_eq!(decisions(&p)[1], ("12-el7".into(), Action::Keep, Reason::WithinNewestN));
    let by_line = RetentionPolicy { keep: 2, group_by: GroupBy::Line, ..Default::default() };
    assert_eq!(pruned(&plan(&by_line, &[s], &nothing_runs())), ["13-el8", "14-el8"]);
}

#[test]
fn grouping_by_major_keeps_n_per_major() {
    let s = stream(
        "ns",
        "app",
        &[
            ("1.0.0", 1, OLD),
            ("1.1.0", 2, OLD),
            ("1.2.0", 3, OLD),
            ("2.0.0", 4, OLD),
            ("2.1.0", 5, OLD),
            ("2.2.0", 6, OLD),
        ],
    );
    let policy = RetentionPolicy { keep: 2, group_by: GroupBy::Major, ..Default::default() };
    assert_eq!(pruned(&plan(&policy, std::slice::from_ref(&s), &nothing_runs())), ["1.0.0", "2.0.0"]);
    let policy = RetentionPolicy { keep: 1, group_by: GroupBy::MajorMinor, ..Default::default() };
    assert_eq!(pruned(&plan(&policy, &[s], &nothing_runs())), Vec::<&str>::new());
}

#[test]
fn prerelease_policies() {
    let s = stream(
        "ns",
        "app",
        &[
            ("1.0.0-rc.1", 1, OLD),
            ("1.0.0-rc.2", 2, OLD),
            ("1.0.0", 3, OLD),
            ("1.1.0-rc.1", 4, OLD),
            ("1.1.0-rc.2", 5, OLD),
        ],
    );
    let counted = plan(&RetentionPolicy::default(), std::slice::from_ref(&s), &nothing_runs());
    assert_eq!(pruned(&counted), ["1.0.0-rc.1", "1.0.0-rc.2"]);
    let released = RetentionPolicy { prereleases: Prereleases::PruneReleased, ..Default::default() };
    let p = plan(&released, std::slice::from_ref(&s), &nothing_runs());
    assert_eq!(pruned(&p), ["1.0.0-rc.1", "1.0.0-rc.2"]);
    assert_eq!(p.decisions[0].reason, Reason::SupersededByRelease);
    let newest = RetentionPolicy { prereleases: Prereleases::KeepNewest(1), ..Default::default() };
    let p = plan(&newest, &[s], &nothing_runs());
    assert_eq!(pruned(&p), ["1.0.0-rc.1", "1.0.0-rc.2", "1.1.0-rc.1"]);
    assert!(p.decisions.iter().any(|d| d.reason == Reason::BeyondNewestPrereleases));
}

#[test]
fn overrides_apply_per_namespace() {
    let tags: Vec<(String, u32)> = (1..=7).map(|n| (format!("1.{n}"), n)).collect();
    let tags: Vec<(&str, u32, &str)> = tags.iter().map(|(t, n)| (t.as_str(), *n, OLD)).collect();
    let policy: RetentionPolicy =
        serde_json::from_value(json!({"keep": 3, "overrides": [{"namespaces": "*-prod", "keep": 5}]})).unwrap();
    let p = plan(&policy, &[stream("a1b2c3-prod", "app", &tags), stream("a1b2c3-dev", "app", &tags)], &nothing_runs());
    let pruned_in = |ns: &str| {
        p.decisions.iter().filter(|d| d.namespace.as_deref() == Some(ns) && d.action == Action::Prune).count()
    };
    assert_eq!((pruned_in("a1b2c3-prod"), pruned_in("a1b2c3-dev")), (2, 4));
}

#[test]
fn a_policy_that_keeps_nothing_is_refused() {
    for policy in [json!({"keep": 0}), json!({"overrides": [{"namespaces": "*", "keep": 0}]})] {
        let policy: RetentionPolicy = serde_json::from_value(policy).unwrap();
        assert_eq!(plan_retention(&policy, &[], &nothing_runs()).unwrap_err().code(), ErrorCode::InvalidPolicy);
    }
    assert!(serde_json::from_value::<RetentionPolicy>(json!({"kepe": 3})).is_err(), "unknown fields are refused");
}

#[test]
fn bad_input_names_its_path() {
    let bad = json!({"kind": "List", "items": [{"kind": "ImageStream", "metadata": {"name": "a"},
        "status": {"tags": [{"tag": "1", "items": [{"image": "sha256:1", "created": "yesterday"}]}]}}]});
    let err = ImageStream::from_json(&bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.path(), Some("items[0].status.tags[0].items[0].created"));
    assert!(
        err.message()
            .starts_with("input at $.items[0].status.tags[0].items[0].created: `yesterday` is not an RFC 3339 time"),
        "{err}"
    );
    let err = ImageStream::from_json(&json!({"metadata": {"name": 5}})).unwrap_err();
    assert_eq!(err.message(), "input at $.metadata.name: invalid type: integer `5`, expected a string");
    // Text reads the same way, with the same paths.
    let err = ImageStream::from_json_str(&bad.to_string()).unwrap_err();
    assert_eq!(err.path(), Some("items[0].status.tags[0].items[0].created"));
    let err = ImageStream::from_json(&json!({"status": {"tags": [{"items": []}]}})).unwrap_err();
    assert_eq!((err.path(), err.message()), (Some("status.tags[0]"), "input at $.status.tags[0]: missing field `tag`"));
}

// ---- properties over generated streams --------------------------------------------------

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn generated(rng: &mut Rng, ns: &str, name: &str) -> Value {
    let mut tags: Vec<(String, u32)> = Vec::new();
    for _ in 0..(5 + rng.below(30)) {
        let image = rng.below(25) as u32;
        let tag = match rng.below(8) {
            0 => ["latest", "stable", "dev", "prod"][rng.below(4) as usize].to_owned(),
            1 => format!("{}-el{}", rng.below(20), 7 + rng.below(3)),
            2 => format!("1.{}.0-rc.{}", rng.below(5), rng.below(4)),
            3 => format!("{:07x}", 0x1000000 + rng.below(0xffffff)),
            _ => format!("{}.{}", rng.below(4), rng.below(12)),
        };
        if !tags.iter().any(|(t, _)| *t == tag) {
            tags.push((tag, image));
        }
    }
    let tags: Vec<(&str, u32, &str)> = tags.iter().map(|(t, i)| (t.as_str(), *i, OLD)).collect();
    stream(ns, name, &tags)
}

/// Removes what a plan prunes from the streams it planned.
fn apply(streams: &[Value], plan: &RetentionPlan) -> Vec<Value> {
    let gone: BTreeSet<(String, String)> = plan
        .decisions
        .iter()
        .filter(|d| d.action == Action::Prune)
        .map(|d| (d.stream.to_string(), d.tag.to_string()))
        .collect();
    streams
        .iter()
        .map(|s| {
            let mut s = s.clone();
            let name = s["metadata"]["name"].as_str().unwrap().to_owned();
            let tags = s["status"]["tags"].as_array_mut().unwrap();
            tags.retain(|t| !gone.contains(&(name.clone(), t["tag"].as_str().unwrap().to_owned())));
            s
        })
        .collect()
}

#[test]
fn plans_have_their_properties() {
    let mut rng = Rng(0x2545_f491);
    for round in 0..200 {
        let streams: Vec<Value> = (0..3).map(|i| generated(&mut rng, "ns", &format!("s{round}-{i}"))).collect();
        let in_use = vec![
            format!("image-registry.openshift-image-registry.svc:5000/ns/s{round}-0:1.1"),
            format!("x@{}", digest(3)),
        ];
        let context = RetentionContext { evidence: Some(Evidence::from_references(in_use)), ..Default::default() };
        let keep = 1 + rng.below(4) as u32;
        let group_by = [GroupBy::Image, GroupBy::Line, GroupBy::Major, GroupBy::MajorMinor][rng.below(4) as usize];
        let policy = RetentionPolicy { keep, group_by, ..Default::default() };
        let first = plan(&policy, &streams, &context);

        // Never prunes a protected, in-use or pinned tag; never prunes an image a kept tag holds.
        let kept_images: BTreeSet<(&str, &str)> = first
            .decisions
            .iter()
            .filter(|d| d.action == Action::Keep)
            .filter_map(|d| Some((&*d.stream, d.image.as_deref()?)))
            .collect();
        for d in first.decisions.iter().filter(|d| d.action == Action::Prune) {
            assert!(!kept_images.contains(&(&*d.stream, d.image.as_deref().unwrap())), "{d:?}");
            assert!(matches!(
                d.reason,
                Reason::BeyondNewestN | Reason::BeyondNewestPrereleases | Reason::SupersededByRelease
            ));
            assert_ne!(&*d.tag, "latest");
        }
        // Planning again over what the plan keeps prunes nothing.
        let again = plan(&policy, &apply(&streams, &first), &context);
        assert_eq!(pruned(&again), Vec::<&str>::new(), "round {round}");
        // Identical input, byte-identical output; input order does not matter.
        let reversed: Vec<Value> = streams.iter().rev().cloned().collect();
        let a = serde_json::to_string(&first).unwrap();
        assert_eq!(a, serde_json::to_string(&plan(&policy, &streams, &context)).unwrap());
        assert_eq!(a, serde_json::to_string(&plan(&policy, &reversed, &context)).unwrap());
        // Where nothing protects more, at most `keep` versions per scheme (the newest of each
        // scheme is one of them).
        if group_by == GroupBy::Line {
            let mut per_scheme: BTreeMap<(String, Option<String>), BTreeSet<String>> = BTreeMap::new();
            for d in first.decisions.iter().filter(|d| matches!(d.reason, Reason::WithinNewestN | Reason::NewestOfLine))
            {
                let tag = Tag::parse(&d.tag).unwrap();
                per_scheme
                    .entry((d.stream.to_string(), tag.scheme()))
                    .or_default()
                    .insert(d.image.as_deref().unwrap().to_owned());
            }
            assert!(per_scheme.values().all(|images| images.len() <= keep as usize), "{per_scheme:?}");
        }
    }
}

// ---- real streams -----------------------------------------------------------------------

fn fixture(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures").join(path);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

#[test]
fn real_status_history_is_read_and_planned() {
    let streams = ImageStream::from_json(&fixture("oc-get-is/k-srkw_openshift-java_status.converted.json")).unwrap();
    assert_eq!((streams[0].namespace(), streams[0].name()), (Some("openshift"), "java"));
    let p = plan_retention(&RetentionPolicy { keep: 1, ..Default::default() }, &streams, &nothing_runs()).unwrap();
    // `latest` and `openjdk-11-el7` share images with version tags, which therefore stay.
    let d: BTreeMap<&str, (Action, Reason)> = p.decisions.iter().map(|d| (&*d.tag, (d.action, d.reason))).collect();
    assert_eq!(d["latest"], (Action::Keep, Reason::ProtectedPattern));
    // `openjdk-11-el7` is a version with a prefix word; `11`, its plain alias, stands for the
    // image they share.
    assert_eq!(d["openjdk-11-el7"], (Action::Keep, Reason::AliasOfKept));
    assert_eq!(d["11"].0, Action::Keep);
    let failing =
        ImageStream::from_json(&fixture("oc-get-is/hongkailiu_openshift-ansible-runner.converted.json")).unwrap();
    assert_eq!(failing[0].tags()[0].history().len(), 1);
}

/// The sample streams have no status; give every spec tag an image (aliases share their
/// target's), as an import would, and plan them.
#[test]
fn real_sample_streams_plan_safely() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/samples-4.6-ocp-x86_64/imagestreams");
    let mut streams = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let mut value: Value = serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let spec: Vec<Value> = value["spec"]["tags"].as_array().cloned().unwrap_or_default();
        let status: Vec<Value> = spec
            .iter()
            .filter(|t| t["from"]["kind"] == "DockerImage")
            .enumerate()
            .map(|(i, t)| json!({"tag": t["name"], "items": [{"image": digest(i as u32 + 1), "created": OLD}]}))
            .collect();
        value["metadata"]["namespace"] = json!("openshift");
        value["status"] = json!({"tags": status});
        streams.extend(ImageStream::from_json(&value).unwrap());
    }
    assert!(streams.len() > 70);
    let p = plan_retention(&RetentionPolicy::default(), &streams, &nothing_runs()).unwrap();
    assert!(p.totals.pruned > 0 && p.totals.kept > p.totals.pruned, "{:?}", p.totals);
    for d in &p.decisions {
        if d.action == Action::Prune {
            // Only versions go, and never one a floating alias such as `latest` holds.
            assert!(Tag::parse(&d.tag).unwrap().is_version(), "{d:?}");
        }
    }
    // Once the plan has run, planning again prunes nothing more, at any `keep`.
    for keep in [1, 3] {
        let policy = RetentionPolicy { keep, ..Default::default() };
        let first = plan_retention(&policy, &streams, &nothing_runs()).unwrap();
        let after = first.apply_to(&streams);
        let left: usize = after.iter().map(|s| s.tags().len()).sum();
        assert_eq!(left, first.totals.kept, "keep {keep}: every kept tag stays, every pruned one goes");
        let again = plan_retention(&policy, &after, &nothing_runs()).unwrap();
        assert_eq!(again.totals.pruned, 0, "keep {keep}: {:?}", again.commands);
    }
    // postgresql: the el7 and el8 lines each keep their newest.
    let pg: Vec<&TagDecision> = p.decisions.iter().filter(|d| &*d.stream == "postgresql").collect();
    for line in ["el7", "el8"] {
        assert!(pg.iter().any(|d| d.tag.ends_with(line) && d.action == Action::Keep), "{line}");
    }
}

#[test]
fn revision_history_keeps_the_newest_n_images_of_each_tag() {
    let history = |images: &[u32]| -> Vec<Value> { images.iter().map(|n| json!({"image": digest(*n)})).collect() };
    let s = json!({"metadata": {"name": "app", "namespace": "ns"}, "status": {"tags": [
        {"tag": "latest", "items": history(&[5, 4, 3, 2, 1])},
        // 1.0's current image is latest's oldest revision: still current, so it stays.
        {"tag": "1.0", "items": history(&[1])}]}});
    let context = RetentionContext {
        evidence: Some(Evidence::from_references([format!("quay.io/a/b@{}", digest(3))])),
        ..Default::default()
    };
    let policy = RetentionPolicy { keep_tag_revisions: Some(2), ..Default::default() };
    let p = plan(&policy, std::slice::from_ref(&s), &context);
    let dropped: Vec<(&str, usize)> = p.revisions.iter().map(|r| (r.tag.as_str(), r.position)).collect();
    assert_eq!(dropped, [("latest", 3)], "position 2 is in use, position 4 is 1.0's current image");
    assert_eq!(p.revisions[0].reason, RevisionReason::BeyondTagRevisions);
    assert!(plan(&RetentionPolicy::default(), &[s], &context).revisions.is_empty(), "off unless asked");
    let zero = RetentionPolicy { keep_tag_revisions: Some(0), ..Default::default() };
    assert_eq!(plan_retention(&zero, &[], &nothing_runs()).unwrap_err().code(), ErrorCode::InvalidPolicy);
}

#[test]
fn plain_registry_repositories_are_planned_without_oc_commands() {
    let repo = json!({"repository": "quay.io/org/app", "tags": [
        {"name": "1.0", "digest": digest(1), "created": OLD}, {"name": "1.1", "digest": digest(2)},
        {"name": "1.2", "digest": digest(3)}, {"name": "1.3", "digest": digest(4)}, {"name": "nightly"}]});
    let context = RetentionContext {
        evidence: Some(Evidence::from_references(["quay.io/org/app:1.0"])),
        now: Some(later()),
        ..Default::default()
    };
    let p = plan(&RetentionPolicy { keep: 2, ..Default::default() }, &[repo], &context);
    assert_eq!(pruned(&p), ["1.1"]);
    assert!(p.commands.is_empty(), "oc tag -d does not apply outside OpenShift");
    let d: BTreeMap<&str, Reason> = p.decisions.iter().map(|d| (&*d.tag, d.reason)).collect();
    assert_eq!((d["1.0"], d["nightly"]), (Reason::InUse, Reason::ProtectedPattern));
    assert!(p.decisions.iter().all(|d| d.namespace.is_none() && &*d.stream == "quay.io/org/app"));
    let bad = json!({"repository": "Not A Repo", "tags": []});
    assert_eq!(ImageStream::from_json(&bad).unwrap_err().code(), ErrorCode::InvalidInput);
}

/// One counting rule: what the curated check counts per scheme (`versions_per_scheme`) is what
/// retention ranks per scheme, on random streams; and retention keeps at most `keep` of each.
#[test]
fn curated_and_retention_count_versions_alike() {
    let mut rng = Rng(0x9e37_79b9);
    for round in 0..200 {
        let value = generated(&mut rng, "ns", &format!("s{round}"));
        let streams = ImageStream::from_json(&value).unwrap();
        let counts = versions_per_scheme(&streams[0]);
        // With room for every version, each counted image is ranked once, in its scheme.
        let all = RetentionPolicy { keep: 1000, ..Default::default() };
        let ranked = plan(&all, std::slice::from_ref(&value), &nothing_runs());
        let mut per_scheme: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for d in ranked.decisions.iter().filter(|d| d.reason == Reason::WithinNewestN) {
            per_scheme
                .entry(d.scheme.as_deref().unwrap().to_owned())
                .or_default()
                .insert(d.image.clone().unwrap().to_string());
        }
        let ranked_counts: BTreeMap<String, usize> = per_scheme.into_iter().map(|(s, i)| (s, i.len())).collect();
        assert_eq!(ranked_counts, counts, "round {round}");
        // With keep 2, no scheme keeps more than two versions by count.
        let two = RetentionPolicy { keep: 2, ..Default::default() };
        let kept = plan(&two, std::slice::from_ref(&value), &nothing_runs());
        let mut by_count: BTreeMap<String, usize> = BTreeMap::new();
        for d in kept.decisions.iter().filter(|d| matches!(d.reason, Reason::WithinNewestN | Reason::NewestOfLine)) {
            *by_count.entry(d.scheme.as_deref().unwrap().to_owned()).or_default() += 1;
        }
        assert!(by_count.iter().all(|(s, n)| *n <= 2.min(counts[s])), "round {round}: {by_count:?} {counts:?}");
    }
}

/// Bad input given to `plan_retention_json` names its place, as the inventory's does: the same
/// reader of "one document or an array of them" serves both.
#[test]
fn plan_retention_errors_name_the_document() {
    let stream = json!({"metadata": {"name": "a"}});
    let templates = json!([{"kind": "Template", "objects": []}, 5]);
    let err = bindings::plan_retention_json(&stream, None, None, Some(&templates), None).unwrap_err();
    assert_eq!(err.path(), Some("templates[1]"), "{err:?}");
    let streams = json!([stream, {"metadata": {"name": 5}}]);
    let err = bindings::plan_retention_json(&streams, None, None, None, None).unwrap_err();
    assert_eq!(err.path(), Some("[1].metadata.name"));
}
