//! `grype -o json`: one match per (vulnerability, package), the image under `source.target`.

use super::{array, digests_named, text, Read, Vulnerability, VulnerabilitySeverity};
use crate::error::Error;
use serde_json::Value;

pub(super) fn read(report: &Value) -> Result<Read, Error> {
    let mut vulnerabilities = Vec::new();
    // Ignored matches count too: what may be ignored is the policy's (dated) exceptions.
    for key in ["matches", "ignoredMatches"] {
        let matches = array(report, key, key)?;
        vulnerabilities.extend(matches.iter().map(|m| vulnerability(&m["vulnerability"])));
    }
    // `descriptor.timestamp` is local time with an offset; the goldens write it as "".
    let created = super::time(&report["descriptor"], "timestamp", "descriptor.timestamp")?;
    let os_found = !text(&report["distro"], "name").is_empty();
    Ok(Read { digests: digests(&report["source"]["target"]), created, os_found, gaps: Vec::new(), vulnerabilities })
}

/// Severity `omitempty`: absent is unknown. A fix is state `fixed` with a version to move to.
fn vulnerability(v: &Value) -> Vulnerability {
    let fix = &v["fix"];
    let versions = fix["versions"].as_array().is_some_and(|list| !list.is_empty());
    Vulnerability {
        id: text(v, "id").to_owned(),
        severity: VulnerabilitySeverity::from_scanner(text(v, "severity")),
        fixed: text(fix, "state") == "fixed" && versions,
    }
}

/// The digests an image target names: `repoDigests` (`repo@sha256:...`, what a pod pinned by
/// digest runs), `userInput` when it has one, and `manifestDigest`, the manifest scanned
/// (which in real reports differs from the repo digest). A directory or SBOM target, a
/// string, names none.
fn digests(target: &Value) -> Vec<String> {
    let repo = target["repoDigests"].as_array().into_iter().flatten().filter_map(Value::as_str);
    let others = [text(target, "userInput"), text(target, "manifestDigest")];
    digests_named(repo.chain(others))
}
