//! Prod gates: origin through the image stream history, and scans against the real Trivy
//! reports in `../shared/fixtures/trivy/` (current and legacy formats).

use chrono::{DateTime, Utc};
use imagecurator::{check_gates, GateRules, ImageStream, ScanReport, Severity, VulnerabilitySeverity, Workload};
use serde_json::{json, Value};

fn digest(n: u32) -> String {
    format!("sha256:{n:064}")
}

fn trivy(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/trivy").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A report of a fixture, bound to `digest(n)`.
fn scan(name: &str, n: u32) -> ScanReport {
    ScanReport::from_json(&trivy(name), Some(&digest(n))).unwrap()
}

/// One pod in `namespace` running `image`, resolved to `digest(n)` when `n` is given.
fn pod(namespace: &str, image: &str, n: Option<u32>) -> Vec<Workload> {
    let mut json = json!({"metadata": {"name": "app-1", "namespace": namespace},
        "spec": {"containers": [{"name": "app", "image": image}]}});
    if let Some(n) = n {
        json["status"] =
            json!({"containerStatuses": [{"name": "app", "imageID": format!("docker-pullable://x@{}", digest(n))}]});
    }
    Workload::from_json(&json).unwrap()
}

fn codes(findings: &[imagecurator::Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

/// Within a month of the fixtures' `CreatedAt` (2021-08-25).
fn soon_after_scan() -> Option<DateTime<Utc>> {
    Some("2021-09-01T00:00:00Z".parse().unwrap())
}

#[test]
fn every_trivy_fixture_reads() {
    for (name, os, medium, low) in [
        ("alpine-310.json.golden", true, 4, 0),
        ("ubi-7.json.golden", true, 0, 1),
        ("alpine-310-ignore-cveids.legacy-2020-12.json.golden", true, 2, 2),
        ("opensuse-leap-423.legacy-2020-12.json.golden", true, 0, 0),
    ] {
        let report = scan(name, 1);
        assert_eq!(report.found_os_packages(), os, "{name}");
        assert_eq!(
            (report.count(VulnerabilitySeverity::Medium, false), report.count(VulnerabilitySeverity::Low, false)),
            (medium, low),
            "{name}"
        );
    }
    // The legacy format names no image: without one it is bound to nothing.
    assert!(ScanReport::from_json(&trivy("alpine-310-ignore-cveids.legacy-2020-12.json.golden"), None)
        .unwrap()
        .digests()
        .is_empty());
}

#[test]
fn a_clean_scan_passes_and_a_dirty_one_blocks() {
    let rules = GateRules::default(); // critical 0, high 0, fixable only
    let workloads = pod("a1b2c3-prod", "quay.io/team/app:1.0", Some(1));
    assert!(check_gates(&rules, &workloads, &[], &[scan("alpine-310.json.golden", 1)], soon_after_scan()).is_empty());
    let mut strict = GateRules::default();
    strict.scan.max.insert(VulnerabilitySeverity::Medium, 1);
    let findings = check_gates(&strict, &workloads, &[], &[scan("alpine-310.json.golden", 1)], soon_after_scan());
    assert_eq!(codes(&findings), ["gate.scan_threshold"]);
    assert_eq!(findings[0].severity, Severity::Error);
    assert!(findings[0].message.contains("4 fixable medium"), "{}", findings[0].message);
}

#[test]
fn unfixed_vulnerabilities_count_only_when_asked() {
    let workloads = pod("a1b2c3-prod", "registry.access.redhat.com/ubi7:7.7", Some(2));
    let mut rules = GateRules::default();
    rules.scan.max.insert(VulnerabilitySeverity::Low, 0);
    let scans = [scan("ubi-7.json.golden", 2)];
    assert!(check_gates(&rules, &workloads, &[], &scans, soon_after_scan()).is_empty(), "will_not_fix is not fixable");
    rules.scan.ignore_unfixed = false;
    assert_eq!(codes(&check_gates(&rules, &workloads, &[], &scans, soon_after_scan())), ["gate.scan_threshold"]);
}

#[test]
fn exceptions_hold_until_their_date() {
    let workloads = pod("a1b2c3-prod", "quay.io/team/app:1.0", Some(1));
    let scans = [scan("alpine-310.json.golden", 1)];
    let mut rules = GateRules::default();
    rules.scan.max.insert(VulnerabilitySeverity::Medium, 2);
    rules.scan.exceptions =
        serde_json::from_value(json!([{"id": "CVE-2019-1549", "expires": "2021-12-31", "reason": "no fix in 3.10"}]))
            .unwrap();
    assert!(check_gates(&rules, &workloads, &[], &scans, soon_after_scan()).is_empty());
    let later = Some("2022-01-15T00:00:00Z".parse().unwrap());
    rules.scan.max_report_age_days = 365;
    let findings = check_gates(&rules, &workloads, &[], &scans, later);
    assert_eq!(codes(&findings), ["gate.exception_expired", "gate.scan_threshold"]);
}

#[test]
fn an_unknown_scan_blocks_or_warns_as_the_policy_says() {
    let workloads = pod("a1b2c3-prod", "quay.io/team/app:1.0", Some(1));
    let rules = GateRules::default();
    let unknown = |scans: &[ScanReport], now| {
        let f = check_gates(&rules, &workloads, &[], scans, now);
        assert_eq!(codes(&f), ["gate.scan_unknown"]);
        f[0].message.clone()
    };
    assert!(unknown(&[], soon_after_scan()).contains("no scan report"));
    assert!(
        unknown(&[scan("alpine-310.json.golden", 2)], soon_after_scan()).contains("no scan report"),
        "another digest"
    );
    let empty = ScanReport::from_json(&json!({"SchemaVersion": 2, "Results": []}), Some(&digest(1))).unwrap();
    assert!(unknown(&[empty], soon_after_scan()).contains("no operating system packages"));
    let stale = Some("2026-01-01T00:00:00Z".parse().unwrap());
    assert!(unknown(&[scan("alpine-310.json.golden", 1)], stale).contains("older than 30 days"));
    // An image whose digest nothing records cannot be bound to any report.
    let f = check_gates(&rules, &pod("a1b2c3-prod", "quay.io/team/app:1.0", None), &[], &[], None);
    assert!(f[0].message.contains("digest is unknown"));
    let mut lenient = GateRules::default();
    lenient.scan.unknown_blocks = false;
    assert_eq!(check_gates(&lenient, &workloads, &[], &[], None)[0].severity, Severity::Warning);
}

#[test]
fn a_legacy_report_is_undated_so_unknown_unless_the_policy_trusts_it() {
    let workloads = pod("a1b2c3-prod", "registry.example.com/opensuse:42.3", Some(3));
    let scans = [scan("opensuse-leap-423.legacy-2020-12.json.golden", 3)];
    // Legacy reports carry no creation time, so whether they are stale cannot be known: by
    // default that makes the image's scan unknown, and the finding says why.
    let findings = check_gates(&GateRules::default(), &workloads, &[], &scans, soon_after_scan());
    assert_eq!(codes(&findings), ["gate.scan_unknown"]);
    assert!(findings[0].message.contains("scan report (trivy-legacy) has no creation time"), "{}", findings[0].message);
    // A policy that trusts undated reports reads it as current: it has no vulnerabilities.
    let mut trusting = GateRules::default();
    trusting.scan.trust_undated_reports = true;
    assert!(check_gates(&trusting, &workloads, &[], &scans, soon_after_scan()).is_empty());
}

fn stream_with_origin(origin: &str) -> Vec<ImageStream> {
    let json = json!({"metadata": {"name": "app", "namespace": "a1b2c3-tools"}, "status": {"tags": [{"tag": "1.0", "items": [
        {"image": digest(7), "dockerImageReference": format!("{origin}@{}", digest(7))}]}]}});
    ImageStream::from_json(&json).unwrap()
}

#[test]
fn origin_is_traced_through_the_image_stream_history() {
    let mut rules = GateRules::default();
    rules.origin.allowed = serde_json::from_value(json!(["artifacts.example.com"])).unwrap();
    rules.scan.unknown_blocks = false;
    let internal = "image-registry.openshift-image-registry.svc:5000/a1b2c3-tools/app:1.0";
    let origin_codes = |streams: &[ImageStream], image: &str| -> Vec<&'static str> {
        codes(&check_gates(&rules, &pod("a1b2c3-prod", image, None), streams, &[], None))
            .into_iter()
            .filter(|c| c.starts_with("gate.origin"))
            .collect()
    };
    assert!(origin_codes(&stream_with_origin("artifacts.example.com/team/app"), internal).is_empty());
    assert_eq!(origin_codes(&stream_with_origin("quay.io/team/app"), internal), ["gate.origin_not_approved"]);
    assert_eq!(
        origin_codes(&stream_with_origin("artifacts.example.com.evil.io/team/app"), internal),
        ["gate.origin_not_approved"]
    );
    let built_here = stream_with_origin("image-registry.openshift-image-registry.svc:5000/a1b2c3-tools/app");
    let f = check_gates(&rules, &pod("a1b2c3-prod", internal, None), &built_here, &[], None);
    assert!(f.iter().any(|f| f.message.contains("was built on the cluster")));
    assert_eq!(origin_codes(&[], internal), ["gate.origin_untraceable"]);
    // By digest, the history entry with that image is the one traced.
    let by_digest = format!("image-registry.openshift-image-registry.svc:5000/a1b2c3-tools/app@{}", digest(7));
    assert!(origin_codes(&stream_with_origin("artifacts.example.com/team/app"), &by_digest).is_empty());
    // External references are their own origin.
    assert!(origin_codes(&[], "artifacts.example.com/team/app:1.0").is_empty());
    assert_eq!(origin_codes(&[], "docker.io/library/nginx:1.25"), ["gate.origin_not_approved"]);
}

#[test]
fn the_origin_rule_is_off_until_the_policy_names_a_registry_and_digests_are_optional() {
    let mut rules = GateRules::default();
    rules.scan.unknown_blocks = false;
    let f = check_gates(&rules, &pod("a1b2c3-prod", "docker.io/library/nginx:1.25", None), &[], &[], None);
    assert_eq!(codes(&f), ["gate.scan_unknown"]);
    rules.origin.require_digest = true;
    let f = check_gates(&rules, &pod("a1b2c3-prod", "docker.io/library/nginx:1.25", None), &[], &[], None);
    assert_eq!(codes(&f), ["gate.digest_required", "gate.scan_unknown"]);
}

#[test]
fn the_registry_rule_refuses_short_names_and_says_the_full_one() {
    let mut rules = GateRules::default();
    rules.scan.unknown_blocks = false;
    rules.origin.require_registry = true;
    let check = |rules: &GateRules, image: &str| check_gates(rules, &pod("a1b2c3-prod", image, None), &[], &[], None);
    let f = check(&rules, "nginx:1.25");
    assert_eq!(codes(&f), ["gate.registry_required", "gate.scan_unknown"]);
    assert_eq!(f[0].remediation, "name it in full: `docker.io/library/nginx:1.25`");
    assert_eq!(codes(&check(&rules, "bitnami/redis")), ["gate.registry_required", "gate.scan_unknown"]);
    // Named, by host, port or `localhost`: whatever the registry, the rule holds.
    for named in ["docker.io/library/nginx:1.25", "localhost/app", "registry:5000/app", "quay.io/a/b"] {
        assert_eq!(codes(&check(&rules, named)), ["gate.scan_unknown"], "{named}");
    }
    // Off by default.
    rules.origin.require_registry = false;
    assert_eq!(codes(&check(&rules, "nginx")), ["gate.scan_unknown"]);
}

#[test]
fn only_gated_namespaces_are_checked() {
    let rules = GateRules::default();
    for namespace in ["a1b2c3-production", "a1b2c3-prod-old", "a1b2c3-dev"] {
        assert!(check_gates(&rules, &pod(namespace, "nginx", None), &[], &[], None).is_empty(), "{namespace}");
    }
}

#[test]
fn scan_report_errors_name_their_path() {
    let err = ScanReport::from_json(&json!({"Results": [{"Vulnerabilities": "none"}]}), None).unwrap_err();
    assert_eq!(err.path(), Some("Results[0].Vulnerabilities"));
    let err = ScanReport::from_json(&json!({"CreatedAt": "yesterday"}), None).unwrap_err();
    assert_eq!(err.path(), Some("CreatedAt"));
    let err = ScanReport::from_json(&json!({}), Some("nginx:latest")).unwrap_err();
    assert_eq!(err.path(), Some("image"));
}
