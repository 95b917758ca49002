//! Scan reports as the platform's scanners print them (`../shared/fixtures/scans/`): each
//! format is told apart, bound to the right digests, and read by one severity and fix mapping.
//! How they gate is in the shared conformance cases (`tests/conformance/audit/scans.json`).

use imagecurator::{Inventory, ScanFormat, ScanReport, VulnerabilitySeverity as S};
use serde_json::Value;
use std::path::Path;

fn fixture(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/scans").join(path);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn counts(scan: &ScanReport, fixed_only: bool) -> Vec<usize> {
    S::ALL.iter().map(|s| scan.count(*s, fixed_only)).collect()
}

#[test]
fn one_severity_mapping_for_every_scanner() {
    let cases = [
        ("CRITICAL", S::Critical),
        ("Critical", S::Critical),
        ("CRITICAL_VULNERABILITY_SEVERITY", S::Critical),
        ("HIGH", S::High),
        ("IMPORTANT", S::High),
        ("IMPORTANT_VULNERABILITY_SEVERITY", S::High),
        ("MODERATE", S::Medium),
        ("Medium", S::Medium),
        ("Negligible", S::Low),
        ("LOW_VULNERABILITY_SEVERITY", S::Low),
        ("UNKNOWN_VULNERABILITY_SEVERITY", S::Unknown),
        ("Unknown", S::Unknown),
        ("", S::Unknown),
        ("severe", S::Unknown),
    ];
    for (word, severity) in cases {
        assert_eq!(S::from_scanner(word), severity, "{word}");
    }
}

#[test]
fn centrals_image_object_is_bound_by_its_id_and_counted_as_published() {
    let scan = ScanReport::from_json(&fixture("stackrox/image.json"), None).unwrap();
    assert_eq!(scan.format(), ScanFormat::AcsImage);
    assert_eq!(scan.digests(), ["sha256:a1fb98c7ccc1e10daf9e196e53e8c273ec4b035b06f611775a78770899f9ee26"]);
    // The fixtures' README: 3 CRITICAL, 27 IMPORTANT, 158 MODERATE, 231 LOW, 58 UNKNOWN; 145 fixable.
    assert_eq!(counts(&scan, false), [3, 27, 158, 231, 58]);
    assert_eq!(counts(&scan, true).iter().sum::<usize>(), 145);
    assert!(scan.found_os_packages() && scan.gaps().is_empty());
}

#[test]
fn a_partial_acs_scan_says_what_it_missed() {
    let scan = ScanReport::from_json(&fixture("stackrox/wordpress-debian-ubuntu-11.json"), None).unwrap();
    assert_eq!(scan.gaps(), ["OS_CVES_UNAVAILABLE", "PARTIAL_SCAN_DATA"]);
    // Image-level notes about signatures are not gaps in the scan.
    assert!(!scan.gaps().iter().any(|g| g.contains("SIGNATURE")));
}

#[test]
fn roxctl_json_is_refused_without_the_image_and_bound_to_the_one_given() {
    let report = fixture("stackrox/testComponents.json");
    let err = ScanReport::from_json(&report, None).unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_input");
    assert!(err.message().contains("does not say which image"), "{}", err.message());
    let digest = format!("sha256:{}", "7".repeat(64));
    let scan = ScanReport::from_json(&report, Some(&digest)).unwrap();
    assert_eq!((scan.format(), scan.digests()), (ScanFormat::Roxctl, &[digest][..]));
    // One row per (CVE, component): 11 unique CVEs over 5 components, 17 rows.
    let rows = report["result"]["vulnerabilities"].as_array().unwrap().len();
    assert_eq!(counts(&scan, false).iter().sum::<usize>(), rows);
    assert_eq!(scan.count(S::Unknown, false), 0, "roxctl -o json prints unknown as LOW; it cannot be undone");
    let empty =
        ScanReport::from_json(&fixture("stackrox/empty.json"), Some(&format!("sha256:{}", "8".repeat(64)))).unwrap();
    assert!(!empty.found_os_packages(), "no components found proves nothing");
}

#[test]
fn grype_is_bound_by_repo_and_manifest_digests_never_by_a_tag() {
    let scan = ScanReport::from_json(&fixture("grype/keycloak-test.json"), None).unwrap();
    assert_eq!(scan.format(), ScanFormat::Grype);
    assert_eq!(
        scan.digests(),
        [
            "sha256:347a0d748d05a050dc64b92de2246d2240db6eb38afbc17c3c08d0acb0db1b50",
            "sha256:d1630d3eb8285a978301bcefc5b223e564ae300750af2fc9ea3f413c5376a47e"
        ]
    );
    assert_eq!((scan.count(S::Low, false), scan.count(S::Low, true)), (6, 0), "wont-fix is no fix");
    let ruby = ScanReport::from_json(&fixture("grype/chainguard-ruby-test.json"), None).unwrap();
    assert!(!ruby.digests().iter().any(|d| d.contains("latest")));
    assert_eq!((ruby.count(S::High, false), ruby.count(S::High, true)), (3, 2), "state unknown is no fix");
    let empty = ScanReport::from_json(&fixture("grype/TestEmptyJsonPresenter.golden"), None).unwrap();
    assert!(empty.digests().is_empty(), "a target that is a string names no image");
}

#[test]
fn scanner_documents_are_read_beside_the_clusters_own() {
    let grype = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/scans/grype/keycloak-test.json"),
    )
    .unwrap();
    let acs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/scans/stackrox/image.json"),
    )
    .unwrap();
    let documents: Vec<Value> = [grype, acs].iter().map(|t| serde_json::from_str(t).unwrap()).collect();
    let inventory = Inventory::from_json(&Value::Array(documents)).unwrap();
    let formats: Vec<ScanFormat> = inventory.scans.iter().map(ScanReport::format).collect();
    assert_eq!(formats, [ScanFormat::Grype, ScanFormat::AcsImage]);
    // Alone, as one file or one text, a report is a report, not an inventory's keys.
    for (path, format) in
        [("grype/keycloak-test.json", ScanFormat::Grype), ("stackrox/image.json", ScanFormat::AcsImage)]
    {
        let alone = Inventory::from_json(&fixture(path)).unwrap();
        assert_eq!(alone.scans.iter().map(ScanReport::format).collect::<Vec<_>>(), [format], "{path}");
        let text = serde_json::to_string(&fixture(path)).unwrap();
        assert_eq!(Inventory::from_json_str(&text).unwrap().scans.len(), 1, "{path} as text");
    }
    let roxctl = serde_json::json!([fixture("stackrox/testComponents.json")]);
    let err = Inventory::from_json(&roxctl).unwrap_err();
    assert!(err.message().contains("does not say which image"), "{}", err.message());
}
