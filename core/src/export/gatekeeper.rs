//! A Gatekeeper `K8sAllowedReposv2` constraint, for the gatekeeper-library template of that
//! name (installed on its own). The template matches each container image as a string: an
//! entry ending in `*` is a prefix, any other is the whole image. So a scope is written as
//! prefixes that end at a `/`, `:` or `@`, never in the middle of a name; what a prefix cannot
//! say (a `*.` subdomain, a namespace pattern beyond a leading or trailing `*`, a digest rule)
//! is `not_exportable`. Compared with the library it can only be stricter: a host in another
//! case, and Docker's short names (`nginx`), are refused. The template reads Pods only; a
//! workload's pods are checked as its controller makes them.

use super::vap::NAME;
use super::{annotations, not_exportable};
use crate::error::Error;
use crate::names::{NamespacePattern, PatternKind, RegistryScope};
use crate::rules::gates::{AdmissionAction, GateRules};
use serde_json::{json, Value};

pub(crate) fn objects(gates: &GateRules) -> Result<Vec<Value>, Error> {
    if gates.origin.require_digest {
        return Err(not_exportable(
            "gates.origin.require_digest",
            "Gatekeeper's K8sAllowedReposv2 cannot require digests; export to `vap` for that rule",
        ));
    }
    if gates.origin.allowed.is_empty() {
        // Without approved registries there is no list to write; an empty one refuses all.
        return Err(not_exportable(
            "gates.origin.allowed",
            "Gatekeeper's K8sAllowedReposv2 needs the approved registries; export to `vap` for the other rules",
        ));
    }
    let mut images = Vec::new();
    for (i, scope) in gates.origin.allowed.iter().enumerate() {
        images.extend(allowed_images(scope, &format!("gates.origin.allowed[{i}]"))?);
    }
    images.sort();
    images.dedup();
    let namespaces = globs(&gates.namespaces.include, "gates.namespaces.include")?;
    let excluded = globs(&gates.namespaces.exclude, "gates.namespaces.exclude")?;
    let mut matching = json!({"kinds": [{"apiGroups": [""], "kinds": ["Pod"]}], "namespaces": namespaces});
    if !excluded.is_empty() {
        matching["excludedNamespaces"] = json!(excluded);
    }
    Ok(vec![json!({
        "apiVersion": "constraints.gatekeeper.sh/v1beta1",
        "kind": "K8sAllowedReposv2",
        "metadata": {"name": NAME, "annotations": annotations()},
        "spec": {
            "enforcementAction": enforcement(&gates.admission.actions),
            "match": matching,
            "parameters": {"allowedImages": images},
        },
    })])
}

/// Gatekeeper takes one action: `deny`, else `warn`, else `dryrun` (recorded by its audit).
fn enforcement(actions: &[AdmissionAction]) -> &'static str {
    match () {
        _ if actions.contains(&AdmissionAction::Deny) => "deny",
        _ if actions.contains(&AdmissionAction::Warn) => "warn",
        _ => "dryrun",
    }
}

/// The `allowedImages` entries of a scope: every way a reference it admits can be written,
/// as prefixes that end at a boundary, or whole names.
fn allowed_images(scope: &RegistryScope, path: &str) -> Result<Vec<String>, Error> {
    let (wildcard, _, _, prefix) = scope.parts();
    if wildcard {
        return Err(not_exportable(
            path,
            &format!(
                "`{scope}`: K8sAllowedReposv2 matches images by string prefix, which cannot say \"any subdomain\""
            ),
        ));
    }
    let domain = scope.domain();
    // Not a wildcard, so this is `docker.io` itself.
    let hub = scope.admits_docker_hub();
    let mut domains = vec![domain];
    // `index.docker.io/...` as written is Docker Hub too; Docker's short names cannot be said
    // by a prefix and are refused.
    if hub {
        domains.push("index.docker.io".to_owned());
    }
    let mut out = Vec::new();
    for domain in domains {
        if prefix.is_empty() {
            out.push(format!("{domain}/*"));
            continue;
        }
        out.push(format!("{domain}/{prefix}/*"));
        // The repository the prefix names, with any tag or digest; but on Docker Hub
        // `docker.io/redis` is `docker.io/library/redis`, not the repository `redis`.
        if !hub || prefix.contains('/') {
            out.push(format!("{domain}/{prefix}"));
            out.push(format!("{domain}/{prefix}:*"));
            out.push(format!("{domain}/{prefix}@*"));
        }
    }
    Ok(out)
}

/// Namespace patterns as Gatekeeper's globs: exact names, and globs with `*` only at the front
/// or the end.
fn globs(patterns: &[NamespacePattern], path: &str) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for (i, pattern) in patterns.iter().enumerate() {
        let source = pattern.source();
        let inner = source.trim_start_matches('*').trim_end_matches('*');
        let fits = match pattern.kind() {
            PatternKind::Exact => true,
            PatternKind::Glob => !inner.contains(['*', '?']) && source.len() - inner.len() <= 2,
            PatternKind::Regex | PatternKind::Environment => false,
        };
        if !fits {
            return Err(not_exportable(
                &format!("{path}[{i}]"),
                &format!("`{pattern}`: Gatekeeper's namespace globs have `*` only at the front or the end"),
            ));
        }
        out.push(source.to_owned());
    }
    Ok(out)
}
