//! A Kyverno `ClusterPolicy` (`kyverno.io/v1`) whose one rule runs the very CEL program the
//! `ValidatingAdmissionPolicy` export runs: the gated-namespace condition as
//! `celPreconditions`, the variables and validations under `validate.cel`. Kyverno evaluates
//! `validate.cel` with the Kubernetes admission-policy evaluator, so the two exports mean the
//! same, and one equivalence suite proves both.
//!
//! Autogen is off (`pod-policies.kyverno.io/autogen-controllers: none`): it would rewrite
//! `object.spec` inside the CEL, which already finds each kind's pod spec, and it knows nothing
//! of `DeploymentConfig`. The rule names every kind itself, by group and version, so that a
//! custom resource that happens to share a kind's name (Volcano's `Job`) is not caught.

use super::vap::{program, Program, NAME, RESOURCES};
use crate::rules::gates::{AdmissionAction, GateRules};
use serde_json::{json, Value};

pub(crate) fn objects(gates: &GateRules) -> Vec<Value> {
    let Program { match_conditions, variables, validations } = program(gates);
    let actions = &gates.admission.actions;
    let enforce = actions.contains(&AdmissionAction::Deny);
    let mut annotations = super::annotations();
    annotations["pod-policies.kyverno.io/autogen-controllers"] = json!("none");
    annotations["policies.kyverno.io/title"] = json!("imagecurator prod gates");
    annotations["policies.kyverno.io/subject"] = json!("Pod");
    vec![json!({
        "apiVersion": "kyverno.io/v1",
        "kind": "ClusterPolicy",
        "metadata": {"name": NAME, "annotations": annotations},
        "spec": {
            "admission": true,
            "background": true,
            // Kyverno has no warn-only action: `Audit` records the refusal in a policy report,
            // and `emitWarning` also tells the client, as `Warn` asks.
            "emitWarning": !enforce && actions.contains(&AdmissionAction::Warn),
            "webhookConfiguration": {"failurePolicy": "Fail"},
            "rules": [{
                "name": "gated-images",
                "match": {"any": [{"resources": {"kinds": kinds(), "operations": ["CREATE", "UPDATE"]}}]},
                "celPreconditions": match_conditions,
                "validate": {
                    "failureAction": if enforce { "Enforce" } else { "Audit" },
                    "message": "images in gated namespaces must meet the prod gates",
                    "cel": {"variables": variables, "expressions": validations},
                },
            }],
        },
    })]
}

/// Every kind the gates check, as Kyverno names them: `group/version/Kind`, or
/// `version/Kind` for the core group, with the subresource after.
fn kinds() -> Vec<String> {
    RESOURCES
        .iter()
        .map(|&(group, version, _, kind)| match group {
            "" => format!("{version}/{kind}"),
            group => format!("{group}/{version}/{kind}"),
        })
        .collect()
}
