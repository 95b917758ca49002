//! A `ValidatingAdmissionPolicy` and its binding (`admissionregistration.k8s.io/v1`), and the
//! CEL program they run, which the Kyverno export runs too.

use super::cel::{allowed_image, names_registry, namespace_selector, pinned_by_digest, quote};
use crate::rules::gates::GateRules;
use serde_json::{json, Value};

/// The policy's and the binding's name.
pub(crate) const NAME: &str = "imagecurator-prod-gates";

/// Every kind whose pods the gates check: API group, version, resource and kind.
/// `pods/ephemeralcontainers` is how `kubectl debug` adds a container to a running pod.
pub(crate) const RESOURCES: &[(&str, &str, &str, &str)] = &[
    ("", "v1", "pods", "Pod"),
    ("", "v1", "pods/ephemeralcontainers", "Pod/ephemeralcontainers"),
    ("", "v1", "replicationcontrollers", "ReplicationController"),
    ("apps", "v1", "daemonsets", "DaemonSet"),
    ("apps", "v1", "deployments", "Deployment"),
    ("apps", "v1", "replicasets", "ReplicaSet"),
    ("apps", "v1", "statefulsets", "StatefulSet"),
    ("batch", "v1", "cronjobs", "CronJob"),
    ("batch", "v1", "jobs", "Job"),
    ("apps.openshift.io", "v1", "deploymentconfigs", "DeploymentConfig"),
];

/// The pod spec of the object under review: a Pod's own, a CronJob's job template's, or the
/// pod template of any other workload.
const POD_SPEC: &str = "object.kind == 'Pod' ? object.spec : (object.kind == 'CronJob' ? \
                        object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)";

/// Every container of the pod spec: containers, init containers and ephemeral containers.
const CONTAINERS: &str = "(has(variables.podSpec.containers) ? variables.podSpec.containers : []) + \
                          (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []) + \
                          (has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])";

/// Their images; a container without one has the empty name, which no rule admits.
const IMAGES: &str = "variables.containers.map(c, has(c.image) ? c.image : '')";

/// The gates as CEL, in the shape both a `ValidatingAdmissionPolicy` and a Kyverno rule take:
/// a match condition, variables, and validations.
pub(crate) struct Program {
    pub(crate) match_conditions: Vec<Value>,
    pub(crate) variables: Vec<Value>,
    pub(crate) validations: Vec<Value>,
}

/// The variables every export starts from: the pod spec, its containers, their images.
pub(crate) fn image_variables() -> Vec<Value> {
    vec![
        json!({"name": "podSpec", "expression": POD_SPEC}),
        json!({"name": "containers", "expression": CONTAINERS}),
        json!({"name": "images", "expression": IMAGES}),
    ]
}

/// The condition that selects the gated namespaces.
pub(crate) fn gated_namespace(gates: &GateRules) -> Value {
    json!({"name": "gated-namespace", "expression": namespace_selector("request.namespace", &gates.namespaces)})
}

pub(crate) fn program(gates: &GateRules) -> Program {
    let mut variables = image_variables();
    let mut validations = Vec::new();
    let origin = &gates.origin;
    let mut rules = Vec::new();
    if !origin.allowed.is_empty() {
        let scopes: Vec<String> = origin.allowed.iter().map(ToString::to_string).collect();
        let admitted = format!("({})", allowed_image("image", &origin.allowed));
        let message = format!(" is not from an approved registry ({}): pull it through one of them", scopes.join(", "));
        rules.push(("unapproved", admitted, message));
    }
    if origin.require_digest {
        let message = " is not pinned by digest: name it as image@sha256:...".to_owned();
        rules.push(("unpinned", pinned_by_digest("image"), message));
    }
    if origin.require_registry {
        let message = " does not name its registry, so the node would resolve it through its search registries: \
                       name it in full (docker.io/library/nginx, not nginx)"
            .to_owned();
        rules.push(("unqualified", names_registry("image"), message));
    }
    // Each rule: the images it refuses as a variable, and a validation that holds while there
    // are none, naming the first.
    for (name, admits, message) in rules {
        variables.push(json!({"name": name, "expression": format!("variables.images.filter(image, !{admits})")}));
        validations.push(json!({
            "expression": format!("size(variables.{name}) == 0"),
            "messageExpression": format!("'image ' + variables.{name}[0] + {}", quote(&message)),
            "reason": "Forbidden",
        }));
    }
    let match_conditions = vec![gated_namespace(gates)];
    Program { match_conditions, variables, validations }
}

pub(crate) fn objects(gates: &GateRules) -> Vec<Value> {
    vec![policy(gates), binding(gates)]
}

/// The resource rules: one per API group, its resources in the table's order.
pub(crate) fn resource_rules() -> Vec<Value> {
    let mut rules: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for &(group, version, resource, _) in RESOURCES {
        match rules.last_mut() {
            Some((g, _, resources)) if *g == group => resources.push(resource),
            _ => rules.push((group, version, vec![resource])),
        }
    }
    rules
        .into_iter()
        .map(|(group, version, resources)| {
            json!({"apiGroups": [group], "apiVersions": [version], "operations": ["CREATE", "UPDATE"],
                   "resources": resources, "scope": "Namespaced"})
        })
        .collect()
}

fn policy(gates: &GateRules) -> Value {
    let Program { match_conditions, variables, validations } = program(gates);
    json!({
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicy",
        "metadata": {"name": NAME, "annotations": super::annotations()},
        "spec": {
            "failurePolicy": "Fail",
            "matchConstraints": {"resourceRules": resource_rules()},
            "matchConditions": match_conditions,
            "variables": variables,
            "validations": validations,
        },
    })
}

fn binding(gates: &GateRules) -> Value {
    let actions: Vec<Value> = gates.admission.actions.iter().map(|a| json!(a)).collect();
    json!({
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": NAME, "annotations": super::annotations()},
        "spec": {"policyName": NAME, "validationActions": actions},
    })
}
