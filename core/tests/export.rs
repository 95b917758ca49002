//! The exported admission policies mean what the library means: their CEL, run by an
//! independent evaluator (the `cel` crate), gives `RegistryScope::allows` and the namespace
//! selector's answer on every reference of a corpus, for every kind of object a pod comes in.
//! (`bindings-python/tests/test_export.py` runs the same corpus through cel-python.)
//!
//! The corpus, `tests/admission/corpus.json`, is made here (`corpus`) and checked in, so that
//! both suites read the same one: `IMAGECURATOR_WRITE_CORPUS=1 cargo test --test export`
//! writes it again.

#[path = "support/fixtures.rs"]
mod fixtures;

use cel::{Context, Program};
use imagecurator::{export_admission, ExportTarget, NamespaceSelector, Policy, RegistryScope};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn strings(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::String(s) if s.len() < 400 => {
            out.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The scopes the corpus is checked against: the conformance scope cases' and the tricky ones.
fn make_scopes() -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    let cases = read(&root().join("../tests/conformance/references/scope.json"));
    for case in cases["cases"].as_array().unwrap() {
        let scope = case["input"]["scope"].as_str().unwrap();
        if RegistryScope::parse(scope).is_ok() {
            out.insert(scope.to_owned());
        }
    }
    for scope in [
        "registry.example.com/team/app",
        "*.gov.bc.ca",
        "*.docker.io",
        "docker.io/library/nginx",
        "docker.io/my.org",
        "localhost",
        "localhost:5000/x",
        "quay.io/org/sub",
        "REGISTRY.example.com",
        "artifacts.developer.gov.bc.ca/docker-remote",
    ] {
        out.insert(scope.to_owned());
    }
    out.into_iter().collect()
}

/// References: every string of the reference conformance cases and shared vectors, registry
/// tricks, and ones made from each scope's parts.
fn make_corpus(scopes: &[String]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for file in ["references/parse.json", "references/scope.json"] {
        strings(&read(&root().join("../tests/conformance").join(file))["cases"], &mut out);
    }
    for entry in std::fs::read_dir(root().join("../../shared/vectors")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("reference_") {
            strings(&read(&path), &mut out);
        }
    }
    let hex = "a".repeat(64);
    let tricks = [
        "registry.example.com.evil.io/team/app",
        "registry.example.com@evil.io/team/app",
        "evil.io/registry.example.com/team/app",
        "registry.example.com:443/team/app",
        "REGISTRY.EXAMPLE.COM/team/app",
        "registry.example.com/teamevil/app",
        "registry.example.com/team",
        "registry.example.com/Team/app",
        "registry.example.com//team/app",
        "registry.example.com/team/app:",
        "registry.example.com/team/app@",
        "registry.example.com /team/app",
        "registry.example.com/team/app\n",
        "xregistry.example.com/team/app",
        "a.example.com/x",
        "example.com/x",
        "a.b.example.com/x",
        "A.EXAMPLE.COM/x",
        "-a.example.com/x",
        "nginx",
        "nginx:1.25",
        "library/nginx",
        "docker.io/nginx",
        "docker.io/library/nginx",
        "index.docker.io/nginx",
        "index.docker.io/library/nginx",
        "index.docker.io/bitnami/redis",
        "INDEX.DOCKER.IO/nginx",
        "Docker.io/nginx",
        "docker.io/bitnami/redis",
        "bitnami/redis",
        "my.org/app",
        "docker.io/my.org/app",
        "localhost/app",
        "localhost:5000/app",
        "LOCALHOST/app",
        "localhost",
        "[::1]:5000/app",
        "[::1]/app",
        "registry.example.com:5000/app",
        "registry.example.com:05000/app",
        "registry.example.com:65535/app",
        "registry.example.com:65536/app",
        "registry.example.com:0/app",
        "quay.io/org/sub/app",
        "quay.io/org/subx/app",
        "quay.io/org",
        "",
        "ünïcode.example.com/app",
        "registry.example.com/tëam/app",
        "registry-1.docker.io/library/nginx",
        "artifacts.developer.gov.bc.ca/docker-remote/library/nginx:1.25",
        "artifacts.developer.gov.bc.ca/docker-remote-evil/nginx",
    ];
    out.extend(tricks.iter().map(|t| t.to_string()));
    out.insert(hex.clone());
    out.insert(format!("{hex}:1"));
    out.insert(format!("docker.io/{hex}"));
    // Made from each scope's parts: hosts, paths, tags, digests and lengths at the limits.
    let tails = [
        String::new(),
        ":1.0".to_owned(),
        format!(":{}", "t".repeat(128)),
        format!(":{}", "t".repeat(129)),
        ":.bad".to_owned(),
        format!("@sha256:{}", "0".repeat(64)),
        format!("@sha256:{}", "A".repeat(64)),
        format!("@sha256:{}", "0".repeat(63)),
        format!("@sha512:{}", "0".repeat(128)),
        format!("@md5:{}", "0".repeat(32)),
        format!(":1@sha256:{}", "0".repeat(64)),
    ];
    for scope in scopes {
        let base = scope.trim_start_matches("*.");
        let hosts = [base.to_owned(), format!("sub.{base}"), format!("{base}.evil.io"), base.to_uppercase()];
        for host in hosts {
            for path in ["app", "x/app", "a__b/c--d/e.f", "UP/app", "a_/b"] {
                for tail in &tails {
                    out.insert(format!("{host}/{path}{tail}"));
                }
            }
        }
        for n in [230usize, 236, 237, 238, 244, 245, 246, 250, 254, 255, 256] {
            let path = "a".repeat(n.saturating_sub(base.len() + 1).max(1));
            out.insert(format!("{base}/{path}"));
            out.insert(format!("{base}/{path}:1"));
            out.insert("a".repeat(n));
            out.insert(format!("bitnami/{}", "b".repeat(n.saturating_sub(8).max(1))));
        }
    }
    out.into_iter().collect()
}

fn corpus_path() -> std::path::PathBuf {
    root().join("../tests/admission/corpus.json")
}

/// The checked-in corpus: (scopes, references).
fn shared_corpus() -> (Vec<String>, Vec<String>) {
    let doc = read(&corpus_path());
    let list = |key: &str| doc[key].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    (list("scopes"), list("references"))
}

#[test]
fn the_shared_corpus_is_the_one_made_here() {
    let scopes = make_scopes();
    let references = make_corpus(&scopes);
    let doc = json!({
        "description": "Registry scopes and image references (conformance cases, the shared reference vectors, registry tricks, and ones made from each scope's parts) on which exported admission policies must agree with RegistryScope::allows. Made by core/tests/export.rs.",
        "scopes": scopes,
        "references": references,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    if std::env::var_os("IMAGECURATOR_WRITE_CORPUS").is_some() {
        std::fs::create_dir_all(corpus_path().parent().unwrap()).unwrap();
        std::fs::write(corpus_path(), &text).unwrap();
    }
    let shipped = std::fs::read_to_string(corpus_path()).unwrap_or_default();
    assert!(
        shipped == text,
        "tests/admission/corpus.json is stale: IMAGECURATOR_WRITE_CORPUS=1 cargo test --test export"
    );
}

fn eval(source: &str, variables: &[(&str, &Value)]) -> Result<Value, String> {
    let program = Program::compile(source).map_err(|e| format!("does not compile: {e}"))?;
    let mut context = Context::default();
    for (name, value) in variables {
        context.add_variable_from_value(*name, cel::to_value(value).unwrap());
    }
    let value = program.execute(&context).map_err(|e| e.to_string())?;
    value.json().map_err(|e| format!("{e:?}"))
}

fn library_allows(scopes: &[RegistryScope], image: &str) -> bool {
    scopes.iter().any(|s| s.allows_str(image).unwrap_or(false))
}

// The cel crate compiles each regex on every call: these two run in release builds, where
// scripts/test-rust.sh runs them (`cargo test --release --test export`).
#[test]
#[cfg_attr(debug_assertions, ignore = "slow unoptimized; scripts/test-rust.sh runs it with --release")]
fn the_cel_for_each_scope_admits_exactly_what_the_scope_allows() {
    let (scopes, corpus) = shared_corpus();
    assert!(corpus.len() > 3000, "corpus of {}", corpus.len());
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for scope in &scopes {
        let parsed = [RegistryScope::parse(scope).unwrap()];
        let source = imagecurator::bindings::cel_allowed_image("image", &parsed);
        let program = Program::compile(&source).unwrap_or_else(|e| panic!("{scope}: {e}\n{source}"));
        for image in &corpus {
            let mut context = Context::default();
            context.add_variable_from_value("image", image.as_str());
            let cel = program.execute(&context).map(|v| v == cel::Value::Bool(true));
            let library = library_allows(&parsed, image);
            checked += 1;
            if cel != Ok(library) {
                disagreements.push(format!("{scope} {image:?}: library {library}, CEL {cel:?}"));
            }
        }
    }
    eprintln!("cel crate: {checked} (scope, reference) verdicts, {} disagree", disagreements.len());
    assert!(
        disagreements.is_empty(),
        "{} of {checked} disagree:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(40)].join("\n")
    );
}

#[test]
fn the_cel_registry_rule_reads_each_reference_as_the_library_does() {
    let (_, corpus) = shared_corpus();
    let source = imagecurator::bindings::cel_names_registry("image");
    let program = Program::compile(&source).unwrap();
    let mut disagreements = Vec::new();
    for image in &corpus {
        let mut context = Context::default();
        context.add_variable_from_value("image", image.as_str());
        let cel = program.execute(&context).map(|v| v == cel::Value::Bool(true));
        let library = imagecurator::Reference::names_registry(image);
        if cel != Ok(library) {
            disagreements.push(format!("{image:?}: library {library}, CEL {cel:?}"));
        }
    }
    eprintln!("cel crate: {} references for the registry rule, {} disagree", corpus.len(), disagreements.len());
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// The objects a pod comes in, each holding `images` as its containers (the first), init
/// containers (the second) and ephemeral containers (the rest).
fn objects(images: &[&str]) -> Vec<(&'static str, Value)> {
    let containers = |list: &[&str]| -> Value {
        list.iter().enumerate().map(|(i, image)| json!({"name": format!("c{i}"), "image": image})).collect()
    };
    let (main, init, ephemeral) = match images {
        [] => (vec![], vec![], vec![]),
        [one] => (vec![*one], vec![], vec![]),
        [one, two] => (vec![*one], vec![*two], vec![]),
        [one, two, rest @ ..] => (vec![*one], vec![*two], rest.to_vec()),
    };
    let mut pod_spec = json!({"containers": containers(&main)});
    if !init.is_empty() {
        pod_spec["initContainers"] = containers(&init);
    }
    if !ephemeral.is_empty() {
        pod_spec["ephemeralContainers"] = containers(&ephemeral);
    }
    let template = json!({"metadata": {"labels": {"app": "a"}}, "spec": pod_spec});
    vec![
        ("Pod", json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": pod_spec})),
        ("Deployment", json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": template}})),
        ("StatefulSet", json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "spec": {"template": template}})),
        ("DaemonSet", json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"template": template}})),
        ("ReplicaSet", json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "spec": {"template": template}})),
        ("Job", json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {"template": template}})),
        (
            "CronJob",
            json!({"apiVersion": "batch/v1", "kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": template}}}}),
        ),
        (
            "ReplicationController",
            json!({"apiVersion": "v1", "kind": "ReplicationController", "spec": {"template": template}}),
        ),
        (
            "DeploymentConfig",
            json!({"apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig", "spec": {"template": template}}),
        ),
    ]
}

/// A CEL admission program: match conditions, variables, validations, as a
/// `ValidatingAdmissionPolicy` holds them and as a Kyverno rule does (`celPreconditions`,
/// `validate.cel.variables`, `validate.cel.expressions`).
struct CelProgram<'a> {
    conditions: &'a [Value],
    variables: &'a [Value],
    validations: &'a [Value],
}

impl<'a> CelProgram<'a> {
    fn of_vap(vap: &'a Value) -> CelProgram<'a> {
        let spec = &vap["spec"];
        CelProgram {
            conditions: spec["matchConditions"].as_array().unwrap(),
            variables: spec["variables"].as_array().unwrap(),
            validations: spec["validations"].as_array().unwrap(),
        }
    }

    fn of_kyverno(policy: &'a Value) -> CelProgram<'a> {
        let rule = &policy["spec"]["rules"][0];
        CelProgram {
            conditions: rule["celPreconditions"].as_array().unwrap(),
            variables: rule["validate"]["cel"]["variables"].as_array().unwrap(),
            validations: rule["validate"]["cel"]["expressions"].as_array().unwrap(),
        }
    }

    /// Runs it as the API server (and Kyverno, with the same evaluator) does: match
    /// conditions, then variables in order, then validations; an evaluation error fails
    /// closed (`failurePolicy: Fail`).
    fn admits(&self, request: &Value, object: &Value) -> Result<bool, String> {
        self.admits_with_params(request, object, &Value::Null)
    }

    /// The same, with `params` bound to the binding's parameter object.
    fn admits_with_params(&self, request: &Value, object: &Value, params: &Value) -> Result<bool, String> {
        let base = [("request", request), ("object", object), ("params", params)];
        for condition in self.conditions {
            if eval(condition["expression"].as_str().unwrap(), &base)? != json!(true) {
                return Ok(true);
            }
        }
        let mut variables = serde_json::Map::new();
        for variable in self.variables {
            let bound = Value::Object(variables.clone());
            let value =
                eval(variable["expression"].as_str().unwrap(), &[base[0], base[1], base[2], ("variables", &bound)])?;
            variables.insert(variable["name"].as_str().unwrap().to_owned(), value);
        }
        let bound = Value::Object(variables);
        for validation in self.validations {
            let with = [base[0], base[1], base[2], ("variables", &bound)];
            if eval(validation["expression"].as_str().unwrap(), &with)? != json!(true) {
                // Its message must evaluate too, and name the image.
                let message = eval(validation["messageExpression"].as_str().unwrap(), &with)?;
                assert!(message.as_str().is_some_and(|m| m.starts_with("image ")), "{message}");
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "slow unoptimized; scripts/test-rust.sh runs it with --release")]
fn the_exported_vap_and_kyverno_policy_admit_what_the_gates_allow_for_every_kind_and_container_list() {
    let allowed = ["registry.example.com/team", "*.example.org", "docker.io/library", "quay.io:8443"];
    let selector = json!({"include": ["*-prod", "env:test", "regex:ops-[0-9]+"], "exclude": ["team-prod"]});
    let good = "registry.example.com/team/app:1";
    let pinned = format!("registry.example.com/team/app@sha256:{}", "0".repeat(64));
    let mut images: Vec<String> = shared_corpus().1.into_iter().step_by(11).collect();
    images.extend([good.to_owned(), pinned.clone(), "nginx".to_owned(), "a.example.org/x".to_owned()]);
    // Docker Hub short names the scopes admit, pinned: only the registry rule refuses them.
    images.extend([format!("nginx@sha256:{}", "0".repeat(64)), format!("library/nginx@sha256:{}", "0".repeat(64))]);
    let namespaces = ["a1b2c3-prod", "team-prod", "abc123-test", "ops-12", "ops-x", "a1b2c3-dev", "a1b2c3-production"];
    let mut checked = 0;
    let mut disagreements = Vec::new();
    // The second round adds the digest and the registry rules.
    for (require_digest, require_registry) in [(false, false), (true, true)] {
        let document = json!({"gates": {"namespaces": selector, "origin": {"allowed": allowed,
            "require_digest": require_digest, "require_registry": require_registry}}});
        let policy = Policy::from_json(&document).unwrap();
        let vap = export_admission(&policy, ExportTarget::Vap).unwrap().remove(0);
        let kyverno = export_admission(&policy, ExportTarget::Kyverno).unwrap().remove(0);
        let programs = [("VAP", CelProgram::of_vap(&vap)), ("Kyverno", CelProgram::of_kyverno(&kyverno))];
        let scopes: Vec<RegistryScope> = allowed.iter().map(|s| RegistryScope::parse(s).unwrap()).collect();
        let gated = NamespaceSelector::new(["*-prod", "env:test", "regex:ops-[0-9]+"], ["team-prod"]).unwrap();
        let library = |ns: &str, list: &[&str]| {
            !gated.matches(ns)
                || list.iter().all(|i| {
                    library_allows(&scopes, i)
                        && (!require_digest || imagecurator::Reference::parse(i).is_ok_and(|r| r.digest().is_some()))
                        && (!require_registry || imagecurator::Reference::names_registry(i))
                })
        };
        for (n, image) in images.iter().enumerate() {
            // Each image alone, and as the one bad image among good ones in each container list.
            let lists: Vec<Vec<&str>> = vec![
                vec![image.as_str()],
                vec![pinned.as_str(), image.as_str()],
                vec![pinned.as_str(), pinned.as_str(), image.as_str()],
            ];
            let namespace = namespaces[n % namespaces.len()];
            for list in &lists {
                for (kind, object) in objects(list) {
                    for (operation, subresource) in [("CREATE", ""), ("UPDATE", ""), ("UPDATE", "ephemeralcontainers")]
                    {
                        if !subresource.is_empty() && kind != "Pod" {
                            continue;
                        }
                        let request = json!({"namespace": namespace, "operation": operation, "subResource": subresource, "kind": {"kind": kind}});
                        let expected = library(namespace, list);
                        for (name, program) in &programs {
                            let found = program.admits(&request, &object);
                            checked += 1;
                            if found != Ok(expected) {
                                disagreements.push(format!("{kind} {operation} {subresource} in {namespace} {list:?} digest {require_digest}: library {expected}, {name} {found:?}"));
                            }
                        }
                    }
                }
            }
        }
    }
    eprintln!("cel crate: {checked} admission requests (VAP and Kyverno), {} disagree", disagreements.len());
    assert!(checked > 10_000, "only {checked}");
    assert!(
        disagreements.is_empty(),
        "{} of {checked}:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(30)].join("\n")
    );
}

/// The CEL functions, operators and macros every evaluator has; an export that writes any
/// other (a Kubernetes string extension such as `split`) fails here.
const PORTABLE: &[&str] = &[
    "matches",
    "startsWith",
    "endsWith",
    "contains",
    "size",
    "has",
    "all",
    "exists",
    "exists_one",
    "map",
    "filter",
    "_&&_",
    "_||_",
    "!_",
    "_==_",
    "_!=_",
    "_?_:_",
    "_+_",
    "_[_]",
    "@in",
    "_<_",
    "_<=_",
    "_>_",
    "_>=_",
    // What the standard `exists` and `all` macros expand into (cel-spec), in every evaluator.
    "@not_strictly_false",
];

#[test]
fn the_exported_cel_uses_only_the_portable_subset() {
    let document = json!({"gates": {"namespaces": {"include": ["*-prod", "env:test", "regex:ops-[0-9]+", "exact:x"], "exclude": ["team-prod"]},
        "origin": {"allowed": ["registry.example.com/team", "*.gov.bc.ca", "docker.io/library/nginx"], "require_digest": true,
                   "require_registry": true}}});
    let policy = Policy::from_json(&document).unwrap();
    let vap = export_admission(&policy, ExportTarget::Vap).unwrap().remove(0);
    assert_eq!(vap["spec"]["validations"].as_array().unwrap().len(), 3, "one validation a rule");
    // The scan gate's policy too.
    let mut scan_policy = policy.clone();
    scan_policy.gates.admission.require_scan_passed = true;
    let inventory = imagecurator::Inventory::from_json(&json!({"namespaces": ["a1b2c3-prod"]})).unwrap();
    let scan_gate = imagecurator::export_scan_gate(&scan_policy, &inventory).unwrap().remove(1);
    let mut expressions = Vec::new();
    for spec in [&vap["spec"], &scan_gate["spec"]] {
        for list in ["matchConditions", "variables"] {
            expressions.extend(spec[list].as_array().unwrap().iter().map(|e| e["expression"].as_str().unwrap()));
        }
        for v in spec["validations"].as_array().unwrap() {
            expressions.extend([v["expression"].as_str().unwrap(), v["messageExpression"].as_str().unwrap()]);
        }
    }
    let mut used = BTreeSet::new();
    for expression in &expressions {
        let program = Program::compile(expression).unwrap_or_else(|e| panic!("{e}: {expression}"));
        used.extend(program.references().functions().into_iter().map(str::to_owned));
    }
    let other: Vec<&String> = used.iter().filter(|f| !PORTABLE.contains(&f.as_str())).collect();
    assert!(other.is_empty(), "not in the portable subset: {other:?} (used: {used:?})");
    // Macros (`filter`, `map`, `all`) are expanded as they are parsed; functions remain.
    assert!(used.contains("matches") && used.contains("size") && used.contains("endsWith"), "{used:?}");
}

#[test]
fn a_policy_that_enforces_nothing_or_gates_nothing_is_not_exported() {
    let nothing = Policy::default();
    let err = export_admission(&nothing, ExportTarget::Vap).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("not_exportable", Some("gates.origin")));
    let none =
        Policy::from_json(&json!({"gates": {"namespaces": {"include": []}, "origin": {"allowed": ["quay.io"]}}}))
            .unwrap();
    assert_eq!(export_admission(&none, ExportTarget::Vap).unwrap_err().path(), Some("gates.namespaces.include"));
    let both = json!({"gates": {"admission": {"actions": ["Deny", "Warn"]}}});
    let err = Policy::from_json(&both).and_then(|p| p.check().map(|_| p)).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("invalid_policy", Some("gates.admission.actions")));
}

#[test]
fn export_is_deterministic_and_says_where_it_came_from() {
    let document =
        json!({"gates": {"origin": {"allowed": ["quay.io/team"]}, "admission": {"actions": ["Warn", "Audit"]}}});
    let policy = Policy::from_json(&document).unwrap();
    let first = serde_json::to_string(&export_admission(&policy, ExportTarget::Vap).unwrap()).unwrap();
    let second = serde_json::to_string(&export_admission(&policy, ExportTarget::Vap).unwrap()).unwrap();
    assert_eq!(first, second);
    let objects = export_admission(&policy, ExportTarget::Vap).unwrap();
    for object in &objects {
        assert_eq!(object["metadata"]["annotations"]["imagecurator.io/policy-version"], "1");
    }
    assert_eq!(objects[1]["spec"]["validationActions"], json!(["Warn", "Audit"]));
    let rules = &objects[0]["spec"]["matchConstraints"]["resourceRules"];
    let resources: BTreeSet<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["resources"].as_array().unwrap())
        .map(|r| r.as_str().unwrap())
        .collect();
    for needed in [
        "pods",
        "pods/ephemeralcontainers",
        "deployments",
        "cronjobs",
        "deploymentconfigs",
        "replicationcontrollers",
        "jobs",
        "daemonsets",
        "statefulsets",
        "replicasets",
    ] {
        assert!(resources.contains(needed), "{needed}");
    }
}

/// Gatekeeper's `K8sAllowedReposv2` as its Rego reads `allowedImages`: an entry ending in `*`
/// is a string prefix, any other the whole image.
fn gatekeeper_admits(allowed: &[Value], image: &str) -> bool {
    allowed.iter().map(|e| e.as_str().unwrap()).any(|entry| match entry.strip_suffix('*') {
        Some(prefix) => image.starts_with(prefix),
        None => image == entry,
    })
}

#[test]
fn gatekeeper_is_never_looser_than_the_library_on_a_valid_reference() {
    let (scopes, corpus) = shared_corpus();
    let (mut stricter, mut invalid_admitted, mut checked) = (0, 0, 0);
    for scope in &scopes {
        let policy = Policy::from_json(&json!({"gates": {"origin": {"allowed": [scope]}}})).unwrap();
        let exported = export_admission(&policy, ExportTarget::Gatekeeper);
        if scope.starts_with("*.") {
            let err = exported.unwrap_err();
            assert_eq!((err.code().as_str(), err.path()), ("not_exportable", Some("gates.origin.allowed[0]")));
            continue;
        }
        let constraint = exported.unwrap().remove(0);
        let allowed = constraint["spec"]["parameters"]["allowedImages"].as_array().unwrap().clone();
        for image in &corpus {
            checked += 1;
            let library = RegistryScope::parse(scope).unwrap().allows_str(image);
            match (gatekeeper_admits(&allowed, image), library) {
                (true, Ok(false)) => {
                    panic!("{scope}: Gatekeeper would admit {image:?}, which the scope does not allow")
                }
                (true, Err(_)) => invalid_admitted += 1,
                (false, Ok(true)) => stricter += 1,
                _ => {}
            }
        }
    }
    // Stricter: short names (`nginx`), `docker.io/nginx`, a host in another case. Admitted
    // though invalid: names the prefix admits that no registry would serve (`UP/app`).
    eprintln!(
        "gatekeeper: {checked} verdicts; 0 looser, {stricter} stricter, {invalid_admitted} invalid references admitted"
    );
    assert!(checked > 50_000);
}

#[test]
fn gatekeeper_says_what_it_cannot_express() {
    let refused = [
        (json!({"origin": {"allowed": ["quay.io"], "require_digest": true}}), "gates.origin.require_digest"),
        (
            json!({"origin": {"allowed": ["quay.io"]}, "namespaces": {"include": ["env:prod"]}}),
            "gates.namespaces.include[0]",
        ),
        (
            json!({"origin": {"allowed": ["quay.io"]}, "namespaces": {"include": ["a*b"]}}),
            "gates.namespaces.include[0]",
        ),
        (
            json!({"origin": {"allowed": ["quay.io"]}, "namespaces": {"include": ["*-prod"], "exclude": ["regex:x.*"]}}),
            "gates.namespaces.exclude[0]",
        ),
    ];
    for (gates, path) in refused {
        let policy = Policy::from_json(&json!({"gates": gates})).unwrap();
        let err = export_admission(&policy, ExportTarget::Gatekeeper).unwrap_err();
        assert_eq!((err.code().as_str(), err.path()), ("not_exportable", Some(path)), "{gates}");
    }
    let policy = Policy::from_json(
        &json!({"gates": {"origin": {"allowed": ["quay.io/team"]}, "admission": {"actions": ["Audit"]}}}),
    )
    .unwrap();
    let constraint = export_admission(&policy, ExportTarget::Gatekeeper).unwrap().remove(0);
    assert_eq!(constraint["spec"]["enforcementAction"], "dryrun");
    assert_eq!(constraint["spec"]["match"]["namespaces"], json!(["*-prod"]));
    assert_eq!(
        constraint["spec"]["parameters"]["allowedImages"],
        json!(["quay.io/team", "quay.io/team/*", "quay.io/team:*", "quay.io/team@*"])
    );
}

/// The Kyverno policy runs the VAP's CEL unchanged, on the same kinds, so the VAP's proof
/// (above, and in cel-python) is the Kyverno policy's too.
#[test]
fn kyverno_runs_the_vaps_cel_on_the_same_kinds() {
    let document = json!({"gates": {"namespaces": {"include": ["*-prod", "env:test"], "exclude": ["team-prod"]},
        "origin": {"allowed": ["registry.example.com/team", "*.gov.bc.ca"], "require_digest": true}}});
    let policy = Policy::from_json(&document).unwrap();
    let vap = export_admission(&policy, ExportTarget::Vap).unwrap().remove(0);
    let kyverno = export_admission(&policy, ExportTarget::Kyverno).unwrap();
    assert_eq!(kyverno.len(), 1);
    let (rule, spec) = (&kyverno[0]["spec"]["rules"][0], &vap["spec"]);
    assert_eq!(rule["celPreconditions"], spec["matchConditions"]);
    assert_eq!(rule["validate"]["cel"]["variables"], spec["variables"]);
    assert_eq!(rule["validate"]["cel"]["expressions"], spec["validations"]);
    assert_eq!(kyverno[0]["metadata"]["annotations"]["pod-policies.kyverno.io/autogen-controllers"], "none");
    // Kyverno's `group/version/Kind` (`version/Kind` for the core group) against the VAP's
    // resource rules, resource by resource.
    let mut from_vap = BTreeSet::new();
    for rule in spec["matchConstraints"]["resourceRules"].as_array().unwrap() {
        assert_eq!(rule["operations"], json!(["CREATE", "UPDATE"]));
        for resource in rule["resources"].as_array().unwrap() {
            from_vap.insert(format!(
                "{}/{}/{}",
                rule["apiGroups"][0].as_str().unwrap(),
                rule["apiVersions"][0].as_str().unwrap(),
                resource.as_str().unwrap()
            ));
        }
    }
    let resources = rule["match"]["any"][0]["resources"].clone();
    assert_eq!(resources["operations"], json!(["CREATE", "UPDATE"]));
    let from_kyverno: BTreeSet<String> = resources["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kind| {
            let parts: Vec<&str> = kind.as_str().unwrap().split('/').collect();
            let (group, version, kind, sub) = match parts[..] {
                [version, kind] => ("", version, kind, None),
                [version, kind, sub] if version.starts_with('v') => ("", version, kind, Some(sub)),
                [group, version, kind] => (group, version, kind, None),
                _ => panic!("{parts:?}"),
            };
            // The plural resource of each kind the gates check.
            let plural = match kind {
                "Pod" => "pods",
                "ReplicationController" => "replicationcontrollers",
                "DaemonSet" => "daemonsets",
                "Deployment" => "deployments",
                "ReplicaSet" => "replicasets",
                "StatefulSet" => "statefulsets",
                "CronJob" => "cronjobs",
                "Job" => "jobs",
                "DeploymentConfig" => "deploymentconfigs",
                other => panic!("{other}"),
            };
            match sub {
                Some(sub) => format!("{group}/{version}/{plural}/{sub}"),
                None => format!("{group}/{version}/{plural}"),
            }
        })
        .collect();
    assert_eq!(from_kyverno, from_vap);
}

#[test]
fn kyverno_takes_the_policys_actions_as_it_can() {
    let export = |actions: Value| {
        let document = json!({"gates": {"origin": {"allowed": ["quay.io"]}, "admission": {"actions": actions}}});
        let policy = Policy::from_json(&document).unwrap();
        let object = export_admission(&policy, ExportTarget::Kyverno).unwrap().remove(0);
        (object["spec"]["rules"][0]["validate"]["failureAction"].clone(), object["spec"]["emitWarning"].clone())
    };
    assert_eq!(export(json!(["Deny"])), (json!("Enforce"), json!(false)));
    assert_eq!(export(json!(["Deny", "Audit"])), (json!("Enforce"), json!(false)));
    assert_eq!(export(json!(["Warn"])), (json!("Audit"), json!(true)));
    assert_eq!(export(json!(["Warn", "Audit"])), (json!("Audit"), json!(true)));
    assert_eq!(export(json!(["Audit"])), (json!("Audit"), json!(false)));
}

/// CRI-O's reading of `allowedRegistries` (containers/image's policy scopes for the docker
/// transport): the reference's canonical name, then each parent path up to the host, then
/// `*.` and each parent domain of the host; an entry admits a reference when it is one of them.
fn containers_image_admits(entries: &[&str], reference: &imagecurator::Reference) -> bool {
    let mut name = format!("{}/{}", reference.domain(), reference.path());
    let mut scopes = vec![name.clone()];
    while let Some(slash) = name.rfind('/') {
        name.truncate(slash);
        scopes.push(name.clone());
    }
    while let Some(dot) = name.find('.') {
        name = name[dot + 1..].to_owned();
        scopes.push(format!("*.{name}"));
    }
    scopes.iter().any(|scope| entries.contains(&scope.as_str()))
}

fn image_config(allowed: &[&str], platform: &[&str]) -> Result<Value, imagecurator::Error> {
    let document = json!({"gates": {"origin": {"allowed": allowed}, "admission": {"platform_registries": platform}}});
    Ok(export_admission(&Policy::from_json(&document)?, ExportTarget::ImageConfig)?.remove(0))
}

#[test]
fn the_image_config_floor_is_never_looser_than_the_library_on_a_valid_reference() {
    let (scopes, corpus) = shared_corpus();
    let references: Vec<imagecurator::Reference> =
        corpus.iter().filter_map(|r| imagecurator::Reference::parse(r).ok()).collect();
    let (mut checked, mut stricter, mut refused) = (0, 0, Vec::new());
    for scope in &scopes {
        // Alone as the floor: the platform list holds a registry no reference here names.
        let object = match image_config(&[scope], &["platform.invalid"]) {
            Ok(object) => object,
            Err(err) => {
                assert_eq!((err.code().as_str(), err.path()), ("not_exportable", Some("gates.origin.allowed[0]")));
                refused.push(scope.clone());
                continue;
            }
        };
        let entries: Vec<&str> = object["spec"]["registrySources"]["allowedRegistries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .filter(|e| *e != "platform.invalid")
            .collect();
        let parsed = RegistryScope::parse(scope).unwrap();
        for reference in &references {
            checked += 1;
            match (containers_image_admits(&entries, reference), parsed.allows(reference)) {
                (true, false) => panic!("{scope}: the floor admits {reference}, which the scope does not"),
                (false, true) => stricter += 1,
                _ => {}
            }
        }
    }
    // Stricter only where a host is written in another case: CRI-O compares names exactly.
    eprintln!(
        "image config: {checked} verdicts on valid references; 0 looser, {stricter} stricter; not exportable: {refused:?}"
    );
    assert!(checked > 30_000, "{checked}");
    // `*.` scopes with a port or a path, and IP v6 hosts, are what the Image config cannot take.
    assert!(refused.iter().all(|s| (s.starts_with("*.") && s.contains([':', '/'])) || s.contains('[')), "{refused:?}");
}

#[test]
fn the_image_config_keeps_the_widest_scopes_and_imports_from_hosts_only() {
    let object = image_config(
        &["artifacts.example.com/docker-remote", "quay.io:8443", "*.apps.example.com", "Registry.Example.com"],
        &[
            "quay.io/openshift-release-dev",
            "quay.io/openshift-release-dev/ocp-release",
            "registry.redhat.io",
            "a.apps.example.com/x",
            "registry.example.com",
        ],
    )
    .unwrap();
    assert_eq!((object["kind"].as_str(), object["metadata"]["name"].as_str()), (Some("Image"), Some("cluster")));
    assert_eq!(
        object["spec"]["registrySources"]["allowedRegistries"],
        json!([
            "*.apps.example.com",
            "artifacts.example.com/docker-remote",
            "quay.io/openshift-release-dev",
            "quay.io:8443",
            "registry.example.com",
            "registry.redhat.io"
        ])
    );
    assert_eq!(
        object["spec"]["allowedRegistriesForImport"],
        json!([{"domainName": "*.apps.example.com"}, {"domainName": "quay.io:8443"},
               {"domainName": "registry.example.com"}, {"domainName": "registry.redhat.io"}])
    );
    let annotations = &object["metadata"]["annotations"];
    assert!(annotations["imagecurator.io/warning"].as_str().unwrap().contains("every node"));
    let omitted = annotations["imagecurator.io/import-omitted"].as_str().unwrap();
    assert!(omitted.ends_with(": artifacts.example.com/docker-remote, quay.io/openshift-release-dev"), "{omitted}");
    // Without path scopes nothing is omitted, and nothing is said.
    let hosts = image_config(&["quay.io"], &["registry.redhat.io"]).unwrap();
    assert!(hosts["metadata"]["annotations"].get("imagecurator.io/import-omitted").is_none());
}

#[test]
fn the_image_config_says_what_it_cannot_write() {
    let refused = |allowed: &[&str], platform: &[&str]| {
        let err = image_config(allowed, platform).unwrap_err();
        assert_eq!(err.code().as_str(), "not_exportable", "{err}");
        err.path().unwrap().to_owned()
    };
    assert_eq!(refused(&["quay.io"], &[]), "gates.admission.platform_registries");
    assert_eq!(refused(&["*.example.com:5000"], &["quay.io"]), "gates.origin.allowed[0]");
    assert_eq!(
        refused(&["quay.io"], &["registry.redhat.io", "*.example.com/x"]),
        "gates.admission.platform_registries[1]"
    );
    assert_eq!(refused(&["[::1]:5000/x"], &["quay.io"]), "gates.origin.allowed[0]");
    // Every registry a repository path: an empty import list would let users import anything.
    assert_eq!(refused(&["quay.io/a"], &["registry.redhat.io/b"]), "gates.admission.platform_registries");
    let digest_only =
        json!({"gates": {"origin": {"require_digest": true}, "admission": {"platform_registries": ["quay.io"]}}});
    let err = export_admission(&Policy::from_json(&digest_only).unwrap(), ExportTarget::ImageConfig).unwrap_err();
    assert_eq!(err.path(), Some("gates.origin.allowed"));
}

/// The scan rule at admission admits exactly what the audit passes: a pod whose container the
/// audit finds no scan problem with (`gate.scan_unknown`, `gate.scan_threshold`) is admitted,
/// any other refused, in the gated namespaces; elsewhere the rule does not apply.
#[test]
fn the_scan_gate_admits_what_the_audits_scan_gate_passes() {
    let cases = read(&root().join("../tests/conformance/policy/scan_gate.json"));
    let input = fixtures::with_fixtures(&cases["cases"][0]["input"]);
    let policy = Policy::from_json(&input["policy"]).unwrap();
    let exported =
        imagecurator::export_scan_gate(&policy, &imagecurator::Inventory::from_json(&input["inventory"]).unwrap())
            .unwrap();
    let (config_map, vap) = (&exported[0], &exported[1]);
    assert_eq!(exported[2]["spec"]["paramRef"]["parameterNotFoundAction"], "Deny");
    let passing = "347a0d748d05a050dc64b92de2246d2240db6eb38afbc17c3c08d0acb0db1b50";
    let failing = "ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5";
    let partial = "49924eda460238ff9c642276946fdf646fa517021d1043ceeed112736448a0a3";
    let mut images = Vec::new();
    for hex in [passing, failing, partial, &"0".repeat(64)] {
        for repo in ["docker.io/keycloak/keycloak", "quay.io/team/app:1.0", "registry.example.com/x"] {
            images.push(format!("{repo}@sha256:{hex}"));
        }
    }
    images.extend(["docker.io/keycloak/keycloak:21.0.2".to_owned(), format!("keycloak@sha256:{passing}")]);
    let program = CelProgram::of_vap(vap);
    let mut checked = 0;
    for namespace in ["a1b2c3-prod", "a1b2c3-dev"] {
        for image in &images {
            // The library's verdict: the audit of a pod running it, with the same reports.
            let mut inventory = input["inventory"].clone();
            inventory["pods"] = json!([{"kind": "Pod", "metadata": {"name": "p", "namespace": namespace},
                                        "spec": {"containers": [{"name": "c", "image": image}]}}]);
            let report =
                imagecurator::audit(&policy, &imagecurator::Inventory::from_json(&inventory).unwrap()).unwrap();
            let scan_problem =
                report.findings.iter().any(|f| matches!(f.code.as_str(), "gate.scan_unknown" | "gate.scan_threshold"));
            for (kind, object) in objects(&[image.as_str()]) {
                let request = json!({"namespace": namespace, "operation": "CREATE", "kind": {"kind": kind}});
                let admitted = program.admits_with_params(&request, &object, config_map).unwrap();
                checked += 1;
                assert_eq!(admitted, !scan_problem, "{kind} {image} in {namespace}");
            }
        }
    }
    eprintln!("cel crate: {checked} scan-gate requests agree with the audit");
    // An empty list (no `data` at all, as `oc` prints an empty ConfigMap) admits nothing there.
    let empty = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "imagecurator-scan-passed"}});
    let pinned = format!("docker.io/keycloak/keycloak@sha256:{passing}");
    let (_, pod) = objects(&[pinned.as_str()]).remove(0);
    let request = json!({"namespace": "a1b2c3-prod", "operation": "CREATE"});
    assert_eq!(program.admits_with_params(&request, &pod, &empty), Ok(false));
}

#[test]
fn an_export_without_the_scan_rule_says_where_it_is() {
    let document = json!({"gates": {"origin": {"allowed": ["quay.io"]}, "admission": {"require_scan_passed": true,
        "platform_registries": ["registry.redhat.io"]}}});
    let policy = Policy::from_json(&document).unwrap();
    for target in ExportTarget::ALL {
        let objects = export_admission(&policy, *target).unwrap();
        let warning = objects[0]["metadata"]["annotations"]["imagecurator.io/warning"].as_str().unwrap_or("");
        // The Image config is a registry floor, not the gates: it never held a scan rule.
        let expected = *target != ExportTarget::ImageConfig;
        assert_eq!(warning.contains("imagecurator policy scan-gate"), expected, "{target}: {warning}");
    }
}
