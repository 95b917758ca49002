//! Red Hat Advanced Cluster Security (StackRox): `roxctl image scan -o json`, and the image
//! object (`storage.Image`) that roxctl's legacy `--format json` prints and Central's API
//! returns.

use super::{array, digests_named, text, time, Read, Vulnerability, VulnerabilitySeverity};
use crate::error::Error;
use serde_json::Value;

/// `{"result": {"summary": {...}, "vulnerabilities": [...]}}`: one row per (CVE, component),
/// no image, no time; `vulnerabilities` is left out when there are none.
pub(super) fn read_roxctl(report: &Value) -> Result<Read, Error> {
    let result = &report["result"];
    let rows = array(result, "vulnerabilities", "result.vulnerabilities")?;
    let vulnerabilities = rows
        .iter()
        .map(|row| Vulnerability {
            id: text(row, "cveId").to_owned(),
            severity: VulnerabilitySeverity::from_scanner(text(row, "cveSeverity")),
            fixed: !text(row, "componentFixedVersion").is_empty(),
        })
        .collect();
    // The format names no operating system; components found is the nearest it says.
    let components = result["summary"]["TOTAL-COMPONENTS"].as_u64().unwrap_or(0);
    Ok(Read {
        digests: Vec::new(),
        created: None,
        os_found: components > 0 || !rows.is_empty(),
        gaps: Vec::new(),
        vulnerabilities,
    })
}

/// The image object. roxctl's legacy printer leaves out zero values: a vulnerability without
/// `severity` is of unknown severity, and one without `fixedBy` has no fix.
pub(super) fn read_image(image: &Value) -> Result<Read, Error> {
    let scan = &image["scan"];
    let mut vulnerabilities = Vec::new();
    let components = array(scan, "components", "scan.components")?;
    for (i, component) in components.iter().enumerate() {
        let vulns = array(component, "vulns", &format!("scan.components[{i}].vulns"))?;
        vulnerabilities.extend(vulns.iter().map(|v| Vulnerability {
            id: text(v, "cve").to_owned(),
            severity: VulnerabilitySeverity::from_scanner(text(v, "severity")),
            fixed: !text(v, "fixedBy").is_empty(),
        }));
    }
    let mut gaps: Vec<String> =
        array(scan, "notes", "scan.notes")?.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    let image_notes = array(image, "notes", "notes")?;
    gaps.extend(image_notes.iter().filter_map(Value::as_str).filter(|n| *n == "MISSING_SCAN_DATA").map(str::to_owned));
    // `source` OS is the enum's zero value, which the legacy printer leaves out.
    let os_packages = components.iter().any(|c| matches!(c["source"].as_str(), None | Some("OS")));
    let os = text(scan, "operatingSystem");
    let os_found = os_packages || (!os.is_empty() && os != "unknown");
    let created = time(scan, "scanTime", "scan.scanTime")?;
    Ok(Read { digests: digests(image), created, os_found, gaps, vulnerabilities })
}

/// The digests the image object names: `id`, `metadata.v1.digest`, and those of its `name`
/// and `names` (a reference with `@sha256:...`).
fn digests(image: &Value) -> Vec<String> {
    let names = std::iter::once(&image["name"]).chain(image["names"].as_array().into_iter().flatten());
    let texts = [text(image, "id"), text(&image["metadata"]["v1"], "digest")]
        .into_iter()
        .chain(names.map(|name| text(name, "fullName")));
    digests_named(texts)
}
