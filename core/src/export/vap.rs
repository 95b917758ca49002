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

impl Program {
    /// A program over the images of the pods in the gated namespaces, with no rule yet.
    pub(crate) fn over_images(gates: &GateRules) -> Program {
        Program {
            match_conditions: vec![json!({
                "name": "gated-namespace",
                "expression": namespace_selector("request.namespace", &gates.namespaces),
            })],
            variables: vec![
                json!({"name": "podSpec", "expression": POD_SPEC}),
                json!({"name": "containers", "expression": CONTAINERS}),
                json!({"name": "images", "expression": IMAGES}),
            ],
            validations: Vec::new(),
        }
    }

    /// Adds a rule: the images `admits` refuses become the variable `name`, and a validation
    /// holds while there are none, naming the first with `message` after it.
    pub(crate) fn refuse(&mut self, name: &str, admits: &str, message: &str) {
        self.variables.push(json!({"name": name, "expression": format!("variables.images.filter(image, !{admits})")}));
        self.validations.push(json!({
            "expression": format!("size(variables.{name}) == 0"),
            "messageExpression": format!("'image ' + variables.{name}[0] + {}", quote(message)),
            "reason": "Forbidden",
        }));
    }

    /// The program as a `ValidatingAdmissionPolicy` named `name`, over every kind the gates check.
    pub(crate) fn into_policy(self, name: &str) -> Value {
        let Program { match_conditions, variables, validations } = self;
        json!({
            "apiVersion": "admissionregistration.k8s.io/v1",
            "kind": "ValidatingAdmissionPolicy",
            "metadata": {"name": name, "annotations": super::annotations()},
            "spec": {
                "failurePolicy": "Fail",
                "matchConstraints": {"resourceRules": resource_rules()},
                "matchConditions": match_conditions,
                "variables": variables,
                "validations": validations,
            },
        })
    }
}

/// The gates' origin rules: approved registries, digests, named registries.
pub(crate) fn program(gates: &GateRules) -> Program {
    let origin = &gates.origin;
    let mut program = Program::over_images(gates);
    if !origin.allowed.is_empty() {
        let scopes: Vec<String> = origin.allowed.iter().map(ToString::to_string).collect();
        let admitted = format!("({})", allowed_image("image", &origin.allowed));
        let message = format!(" is not from an approved registry ({}): pull it through one of them", scopes.join(", "));
        program.refuse("unapproved", &admitted, &message);
    }
    if origin.require_digest {
        program.refuse("unpinned", &pinned_by_digest("image"), " is not pinned by digest: name it as image@sha256:...");
    }
    if origin.require_registry {
        let message = " does not name its registry, so the node would resolve it through its search registries: \
                       name it in full (docker.io/library/nginx, not nginx)";
        program.refuse("unqualified", &names_registry("image"), message);
    }
    program
}

/// The resource rules: one per API group, its resources in the table's order.
fn resource_rules() -> Vec<Value> {
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

pub(crate) fn objects(gates: &GateRules) -> Vec<Value> {
    vec![program(gates).into_policy(NAME), binding(NAME, gates)]
}

/// A `ValidatingAdmissionPolicyBinding` of the policy `name`, with the policy's actions.
pub(crate) fn binding(name: &str, gates: &GateRules) -> Value {
    let actions: Vec<Value> = gates.admission.actions.iter().map(|a| json!(a)).collect();
    json!({
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": name, "annotations": super::annotations()},
        "spec": {"policyName": name, "validationActions": actions},
    })
}
