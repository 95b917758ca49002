//! The OpenShift cluster image configuration (`config.openshift.io/v1` `Image` `cluster`): a
//! cluster-wide floor under the gates. `registrySources.allowedRegistries` becomes the policy
//! CRI-O applies to every pull on every node, with the scope semantics the library has
//! (containers/image policy scopes: host exact, port-aware, `*.` subdomains, repository
//! prefixes at `/`); `allowedRegistriesForImport` limits what normal users import into image
//! streams, and takes hosts only.

use super::{annotations, not_exportable};
use crate::error::Error;
use crate::names::RegistryScope;
use crate::rules::gates::GateRules;
use regex::Regex;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// What the Image config's CRD admits as an entry of `allowedRegistries` (openshift/api,
/// 4.23; 4.22 takes any string, so the stricter rule is written to): `*.domain`, or
/// `host[:port][/path]`, at most 256 characters, at most 1024 entries.
const ENTRY: &str = r"^\*(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+$|^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-*)[a-z0-9]+)*)*$";
const ENTRY_MAX: usize = 256;
const ENTRIES_MAX: usize = 1024;

const WARNING: &str = "Every change to this object makes the Machine Config Operator roll new registry \
    settings out to every node, which can drain them: apply it in a maintenance window. It is a floor \
    for every namespace, so every registry any namespace pulls from must be in it. It holds only these \
    fields: `oc apply` or `oc patch --type merge` it into the existing `cluster` object, never `oc replace`, \
    which would drop the cluster's other image settings.";

pub(crate) fn objects(gates: &GateRules) -> Result<Vec<Value>, Error> {
    if gates.origin.allowed.is_empty() {
        return Err(not_exportable(
            "gates.origin.allowed",
            "the gates allow any registry, so there is no registry floor to write",
        ));
    }
    let platform = &gates.admission.platform_registries;
    if platform.is_empty() {
        return Err(not_exportable(
            "gates.admission.platform_registries",
            "names no registry the platform pulls from: list the release, operator and internal registries \
             (quay.io/openshift-release-dev, registry.redhat.io, image-registry.openshift-image-registry.svc:5000, \
             say), or the floor stops nodes pulling the cluster's own images",
        ));
    }
    let mut floor = Vec::new();
    let gate_scopes = gates.origin.allowed.iter().map(|s| ("gates.origin.allowed", s));
    let platform_scopes = platform.iter().map(|s| ("gates.admission.platform_registries", s));
    for (i, (list, scope)) in gate_scopes.enumerate().chain(platform_scopes.enumerate()) {
        floor.push((entry(scope, &format!("{list}[{i}]"))?, scope));
    }
    // Keep only the widest: an entry another one covers admits nothing more.
    let all: Vec<(String, &RegistryScope)> = floor.clone();
    floor.retain(|(mine, scope)| !all.iter().any(|(other, wider)| other != mine && covers(wider, scope)));
    floor.sort_by(|a, b| a.0.cmp(&b.0));
    floor.dedup_by(|a, b| a.0 == b.0);
    if floor.len() > ENTRIES_MAX {
        return Err(not_exportable(
            "gates.origin.allowed",
            &format!("the floor has {} registries; the Image config takes at most {ENTRIES_MAX}", floor.len()),
        ));
    }
    let (hosts, paths): (Vec<_>, Vec<_>) = floor.iter().partition(|(_, scope)| scope.parts().3.is_empty());
    if hosts.is_empty() {
        return Err(not_exportable(
            "gates.admission.platform_registries",
            "allowedRegistriesForImport takes registry hosts only, and every registry here is a repository path: \
             an empty list would let users import images from anywhere; list a whole host the platform trusts",
        ));
    }
    let mut annotations = annotations();
    annotations["imagecurator.io/warning"] = json!(WARNING);
    if !paths.is_empty() {
        let omitted: Vec<&str> = paths.iter().map(|(entry, _)| entry.as_str()).collect();
        annotations["imagecurator.io/import-omitted"] = json!(format!(
            "allowedRegistriesForImport takes hosts only, so normal users cannot import image streams from these \
             repository paths (list the whole host in gates.admission.platform_registries to allow it): {}",
            omitted.join(", ")
        ));
    }
    let allowed: Vec<&str> = floor.iter().map(|(entry, _)| entry.as_str()).collect();
    let import: Vec<Value> = hosts.iter().map(|(entry, _)| json!({"domainName": entry})).collect();
    Ok(vec![json!({
        "apiVersion": "config.openshift.io/v1",
        "kind": "Image",
        "metadata": {"name": "cluster", "annotations": annotations},
        "spec": {
            "allowedRegistriesForImport": import,
            "registrySources": {"allowedRegistries": allowed},
        },
    })])
}

/// The scope as an `allowedRegistries` entry, host in lower case; `not_exportable` when the
/// Image config cannot take it (a `*.` scope with a port or a path, an IP v6 host).
fn entry(scope: &RegistryScope, path: &str) -> Result<String, Error> {
    let (wildcard, _, _, prefix) = scope.parts();
    let mut out = if wildcard { format!("*.{}", scope.domain()) } else { scope.domain() };
    if !prefix.is_empty() {
        out.push('/');
        out.push_str(prefix);
    }
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| Regex::new(ENTRY).expect("the Image config's entry pattern compiles"));
    if out.len() > ENTRY_MAX || !pattern.is_match(&out) {
        return Err(not_exportable(
            path,
            &format!(
                "`{scope}` is not a registry scope OpenShift's Image config takes (`host[:port][/path]` or \
                 `*.domain`, at most {ENTRY_MAX} characters)"
            ),
        ));
    }
    Ok(out)
}

/// Whether every reference `inner` admits, `outer` admits too.
fn covers(outer: &RegistryScope, inner: &RegistryScope) -> bool {
    let (outer_wild, outer_host, outer_port, outer_prefix) = outer.parts();
    let (inner_wild, inner_host, inner_port, inner_prefix) = inner.parts();
    if outer_port != inner_port {
        return false;
    }
    let under = outer_prefix.is_empty()
        || inner_prefix.strip_prefix(outer_prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    match (outer_wild, inner_wild) {
        (false, false) => outer_host == inner_host && under,
        // `*.example.com` covers `a.example.com` and `*.a.example.com`, whatever their paths.
        (true, _) => under && outer.host_matches(inner_host),
        (false, true) => false,
    }
}
