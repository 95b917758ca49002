//! Trivy reports: current (`SchemaVersion` 2, `trivy image -f json`) or legacy (a top-level
//! array of results, which names no image and no time).

use super::{array, bad, text, time, Read, Vulnerability, VulnerabilitySeverity};
use crate::error::Error;
use serde_json::Value;

/// Trivy's OS `Type`s in legacy reports, where results have no `Class`.
const OS_TYPES: [&str; 20] = [
    "alpine",
    "alma",
    "amazon",
    "cbl-mariner",
    "centos",
    "chainguard",
    "debian",
    "fedora",
    "opensuse",
    "opensuse.leap",
    "opensuse.tumbleweed",
    "oracle",
    "photon",
    "redhat",
    "rocky",
    "sles",
    "suse linux enterprise server",
    "ubuntu",
    "wolfi",
    "azurelinux",
];

pub(super) fn read(report: &Value) -> Result<Read, Error> {
    let (results, results_path) = match report {
        Value::Array(results) => (results.as_slice(), ""),
        _ => (array(report, "Results", "Results")?, "Results"),
    };
    let digests = report["Metadata"]["RepoDigests"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_str).filter_map(super::digest_of).collect())
        .unwrap_or_default();
    let mut os_found = report["Metadata"]["OS"].is_object();
    let mut vulnerabilities = Vec::new();
    for (i, result) in results.iter().enumerate() {
        let class = result["Class"].as_str();
        os_found |= class == Some("os-pkgs") || (class.is_none() && OS_TYPES.contains(&text(result, "Type")));
        let list = array(result, "Vulnerabilities", &format!("{results_path}[{i}].Vulnerabilities"))
            .map_err(|_| bad(&format!("{results_path}[{i}].Vulnerabilities"), "must be an array or null"))?;
        vulnerabilities.extend(list.iter().map(vulnerability));
    }
    let created = time(report, "CreatedAt", "CreatedAt")?;
    Ok(Read { digests, created, os_found, gaps: Vec::new(), vulnerabilities })
}

fn vulnerability(v: &Value) -> Vulnerability {
    let fixed = !text(v, "FixedVersion").is_empty() || text(v, "Status") == "fixed";
    let severity = VulnerabilitySeverity::from_scanner(text(v, "Severity"));
    Vulnerability { id: text(v, "VulnerabilityID").to_owned(), severity, fixed }
}
