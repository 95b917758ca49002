//! The scan rule of the gates at admission (`gates.admission.require_scan_passed`): in the
//! gated namespaces, only images pinned to a digest whose scan passed the gate, as an audit
//! found. Written from the audit's data as three objects, applied in this order: the
//! `ConfigMap` of passing digests, a `ValidatingAdmissionPolicy` that reads it as its
//! parameter, and the binding.
//!
//! The binding names the gated namespaces the audit saw, and refuses when the `ConfigMap` is
//! missing (`parameterNotFoundAction: Deny`). The API server looks the parameter up before it
//! evaluates any match condition, so a binding over every namespace would, with the
//! `ConfigMap` gone, refuse every pod in the cluster; bound to the gated namespaces, a missing
//! list fails closed where the gate applies and nowhere else. The other choice, `Allow`,
//! would skip the rule silently. A gated namespace made after the export is not bound until
//! the next one.

use super::cel::pinned_by_digest;
use super::vap::{self, Program};
use super::{annotations, not_exportable};
use crate::error::Error;
use crate::io::Inventory;
use crate::policy::Policy;
use crate::rules::gates::{scan_passed_digests, GateRules};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// The policy's and the binding's name.
pub(crate) const NAME: &str = "imagecurator-prod-scan-gate";
/// The ConfigMap's name.
pub(crate) const PARAMS: &str = "imagecurator-scan-passed";

pub(crate) fn objects(policy: &Policy, inventory: &Inventory) -> Result<Vec<Value>, Error> {
    let gates = &policy.gates;
    if !gates.admission.require_scan_passed {
        return Err(not_exportable(
            "gates.admission.require_scan_passed",
            "is off, so the gates have no scan rule to enforce at admission; set it to `true`",
        ));
    }
    let seen = namespaces_seen(inventory);
    let gated: Vec<&str> = seen.iter().copied().filter(|ns| gates.namespaces.matches(ns)).collect();
    if gated.is_empty() {
        return Err(not_exportable(
            "gates.namespaces.include",
            &format!(
                "selects no namespace of the audited data ({} seen), so the scan rule would bind to none; \
                 give the namespaces (`oc get namespaces -o json`) or the pods",
                seen.len()
            ),
        ));
    }
    let digests = scan_passed_digests(&gates.scan, &inventory.scans, inventory.now);
    let namespace = &gates.admission.params_namespace;
    Ok(vec![config_map(&digests, namespace, inventory), policy_object(gates), binding(gates, &gated, namespace)])
}

/// Every namespace the data names: listed ones, and those of pods and image streams.
fn namespaces_seen(inventory: &Inventory) -> BTreeSet<&str> {
    let listed = inventory.namespaces.iter().map(String::as_str);
    let of_pods = inventory.workloads.iter().filter_map(|w| w.namespace.as_deref());
    let of_streams = inventory.streams.iter().filter_map(|s| s.namespace());
    listed.chain(of_pods).chain(of_streams).collect()
}

/// The passing digests, each under a key a ConfigMap takes (`sha256.<hex>`).
fn config_map(digests: &BTreeSet<String>, namespace: &str, inventory: &Inventory) -> Value {
    let data: Map<String, Value> = digests.iter().map(|d| (d.replacen(':', ".", 1), json!(d))).collect();
    let mut annotations = annotations();
    annotations["imagecurator.io/audited-at"] =
        json!(inventory.now.map_or_else(|| "unknown".to_owned(), |t| t.to_rfc3339()));
    if digests.is_empty() {
        annotations["imagecurator.io/warning"] = json!(
            "No digest passed the scan gate in the audited data: with this list every pod in the gated \
             namespaces is refused. Add the scan reports (`scans`) to the audit's input."
        );
    }
    json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": PARAMS, "namespace": namespace, "annotations": annotations},
        "data": data,
    })
}

fn policy_object(gates: &GateRules) -> Value {
    let listed = "has(params.data) && params.data.exists(key, image.endsWith('@' + params.data[key]))";
    let admitted = format!("({} && {listed})", pinned_by_digest("image"));
    let message = format!(
        " is not pinned to a digest whose scan passed the gate (ConfigMap {PARAMS}): scan it, audit again, \
         and apply the new list"
    );
    let mut program = Program::over_images(gates);
    program.refuse("unscanned", &admitted, &message);
    let mut policy = program.into_policy(NAME);
    policy["spec"]["paramKind"] = json!({"apiVersion": "v1", "kind": "ConfigMap"});
    policy
}

fn binding(gates: &GateRules, gated: &[&str], namespace: &str) -> Value {
    let which = match gated {
        [one] => format!("the one gated namespace the audit saw ({one})"),
        many => format!("the {} gated namespaces the audit saw", many.len()),
    };
    let mut binding = vap::binding(NAME, gates);
    binding["metadata"]["annotations"]["imagecurator.io/warning"] = json!(format!(
        "The scan rule binds to {which}; a gated namespace made later is not checked for scans until the \
         next export. If the ConfigMap {namespace}/{PARAMS} is missing, every pod there is refused."
    ));
    binding["spec"]["paramRef"] = json!({"name": PARAMS, "namespace": namespace, "parameterNotFoundAction": "Deny"});
    binding["spec"]["matchResources"] = json!({"namespaceSelector": {"matchExpressions": [
        {"key": "kubernetes.io/metadata.name", "operator": "In", "values": gated}
    ]}});
    binding
}
