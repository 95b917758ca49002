"""Exported admission policies, as a platform team would check them before applying.

The second of the two independent CEL evaluators (core/tests/export.rs runs the `cel` crate):
cel-python, whose `matches` is RE2 as in Kubernetes, runs the exported policy over the shared
corpus (tests/admission/corpus.json); every verdict must be the library's. The objects must
also validate against the published Kubernetes schemas (../shared/fixtures/admission/).
"""

import json
import re
from typing import Any, Dict, List, Tuple

import celpy
import jsonschema
import pytest

import imagecurator as ic
from conftest import FIXTURES, ROOT
from test_conformance import _with_fixtures

CORPUS = json.loads((ROOT / "tests" / "admission" / "corpus.json").read_text())
ADMISSION = FIXTURES / "admission"
ENV = celpy.Environment()


def _cel(value: Any) -> Any:
    return celpy.json_to_cel(value)


def _evaluate(expression: str, activation: Dict[str, Any]) -> Any:
    program = ENV.program(ENV.compile(expression))
    return program.evaluate(activation)


def _library_allows(scopes: List[str], image: str) -> bool:
    for scope in scopes:
        try:
            if ic.RegistryScope(scope).allows(image):
                return True
        except ic.Error:
            pass
    return False


def _unapproved(vap: Dict[str, Any]) -> str:
    [variable] = [v for v in vap["spec"]["variables"] if v["name"] == "unapproved"]
    return str(variable["expression"])


@pytest.mark.parametrize("scope", CORPUS["scopes"])
def test_cel_python_refuses_exactly_what_the_scope_does_not_allow(scope: str) -> None:
    vap = ic.export_admission({"gates": {"origin": {"allowed": [scope]}}}, "vap")[0]
    references: List[str] = CORPUS["references"]
    # One evaluation of the policy's own `unapproved` filter over every reference at once.
    refused = _evaluate(_unapproved(vap), {"variables": _cel({"images": references})})
    refused_set = {str(r) for r in refused}
    disagree = [r for r in references if (r not in refused_set) != _library_allows([scope], r)]
    assert not disagree, f"{len(disagree)} of {len(references)} disagree, such as {disagree[:10]}"


def test_cel_python_reads_the_registry_rule_as_the_library_does() -> None:
    vap = ic.export_admission({"gates": {"origin": {"require_registry": True}}}, "vap")[0]
    [variable] = [v for v in vap["spec"]["variables"] if v["name"] == "unqualified"]
    references: List[str] = CORPUS["references"]
    refused = {str(r) for r in _evaluate(variable["expression"], {"variables": _cel({"images": references})})}
    disagree = [r for r in references if (r in refused) == ic.Reference.names_registry(r)]
    assert not disagree, f"{len(disagree)} of {len(references)} disagree, such as {disagree[:10]}"
    assert "nginx" in refused and "docker.io/library/nginx" not in refused


Program = Tuple[List[Dict[str, Any]], List[Dict[str, Any]], List[Dict[str, Any]]]


def _vap_program(vap: Dict[str, Any]) -> Program:
    spec = vap["spec"]
    return spec["matchConditions"], spec["variables"], spec["validations"]


def _kyverno_program(policy: Dict[str, Any]) -> Program:
    rule = policy["spec"]["rules"][0]
    return rule["celPreconditions"], rule["validate"]["cel"]["variables"], rule["validate"]["cel"]["expressions"]


def _run(program: Program, request: Dict[str, Any], obj: Dict[str, Any],
         params: Any = None) -> Tuple[bool, str]:
    """Match conditions, variables in order, validations: as the API server runs a policy, and
    Kyverno a `validate.cel` rule; `params` is the binding's parameter object."""
    conditions, variable_list, validations = program
    base = {"request": _cel(request), "object": _cel(obj), "params": _cel(params)}
    for condition in conditions:
        if not bool(_evaluate(condition["expression"], base)):
            return True, ""
    variables: Dict[str, Any] = {}
    for variable in variable_list:
        activation = dict(base, variables=_cel(variables))
        value = _evaluate(variable["expression"], activation)
        variables[variable["name"]] = json.loads(json.dumps(value, cls=celpy.CELJSONEncoder))
    activation = dict(base, variables=_cel(variables))
    for validation in validations:
        if not bool(_evaluate(validation["expression"], activation)):
            return False, str(_evaluate(validation["messageExpression"], activation))
    return True, ""


GOOD = "registry.example.com/team/app@sha256:" + "0" * 64


def _objects(image: str, good: str = GOOD) -> List[Tuple[str, Dict[str, Any]]]:
    """The kinds a pod comes in, `image` in its ephemeral containers and `good` in the others."""
    spec = {"containers": [{"name": "a", "image": good}], "initContainers": [{"name": "b", "image": good}],
            "ephemeralContainers": [{"name": "debug", "image": image}]}
    template = {"spec": spec}
    return [
        ("Pod", {"kind": "Pod", "spec": spec}),
        ("Deployment", {"kind": "Deployment", "spec": {"template": template}}),
        ("CronJob", {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": template}}}}),
        ("DeploymentConfig", {"kind": "DeploymentConfig", "spec": {"template": template}}),
        ("Job", {"kind": "Job", "spec": {"template": template}}),
    ]


def test_the_vap_and_kyverno_policy_admit_what_the_gates_allow_in_cel_python() -> None:
    allowed = ["registry.example.com/team", "*.example.org", "docker.io/library", "quay.io:8443"]
    policy = {"gates": {"namespaces": {"include": ["*-prod", "env:test"], "exclude": ["team-prod"]},
                        "origin": {"allowed": allowed, "require_digest": True, "require_registry": True}}}
    programs = [("VAP", _vap_program(ic.export_admission(policy, "vap")[0])),
                ("Kyverno", _kyverno_program(ic.export_admission(policy, "kyverno")[0]))]
    selector = ic.NamespaceSelector(["*-prod", "env:test"], ["team-prod"])
    namespaces = ["a1b2c3-prod", "team-prod", "abc123-test", "a1b2c3-dev", "a1b2c3-production"]
    checked = 0
    disagree = []
    # The corpus, thinned, and pinned short names the scopes admit, which only the registry rule refuses.
    images = CORPUS["references"][::30] + ["nginx@sha256:" + "0" * 64, "library/nginx@sha256:" + "0" * 64]
    for n, image in enumerate(images):
        namespace = namespaces[n % len(namespaces)]
        pinned = "@sha256:" in image or "@sha512:" in image
        expected = not selector.matches(namespace) or (
            _library_allows(allowed, image) and pinned and ic.Reference.names_registry(image))
        for kind, obj in _objects(image):
            for subresource in ["", "ephemeralcontainers"] if kind == "Pod" else [""]:
                request = {"namespace": namespace, "operation": "UPDATE", "subResource": subresource}
                for name, program in programs:
                    admitted, message = _run(program, request, obj)
                    checked += 1
                    if admitted != expected:
                        disagree.append(f"{name} {kind} {namespace} {image!r}: library {expected}, cel-python {admitted} {message}")
                    if not admitted:
                        assert message.startswith("image "), message
    print(f"cel-python: {checked} admission requests (VAP and Kyverno), {len(disagree)} disagree")
    assert checked > 1000
    assert not disagree, "\n".join(disagree[:20])


def _schema(name: str) -> Dict[str, Any]:
    return dict(json.loads((ADMISSION / "kubernetes" / name).read_text()))


def test_exported_objects_validate_against_the_published_kubernetes_schemas() -> None:
    policy = {"gates": {"origin": {"allowed": ["artifacts.developer.gov.bc.ca/docker-remote"], "require_digest": True},
                        "admission": {"actions": ["Warn", "Audit"]}}}
    objects = ic.export_admission(policy, "vap")
    schemas = {"ValidatingAdmissionPolicy": _schema("ValidatingAdmissionPolicy.v1.schema.json"),
               "ValidatingAdmissionPolicyBinding": _schema("ValidatingAdmissionPolicyBinding.v1.schema.json")}
    for obj in objects:
        schema = schemas[obj["kind"]]
        validator = jsonschema.validators.validator_for(schema)(schema)
        errors = sorted(e.message for e in validator.iter_errors(obj))
        assert not errors, f"{obj['kind']}: {errors}"
    # A broken object fails the same schema: the check can fail.
    broken = dict(objects[1], spec={"validationActions": ["Refuse"]})
    schema = schemas["ValidatingAdmissionPolicyBinding"]
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))


def test_a_policy_that_enforces_nothing_is_not_exported() -> None:
    with pytest.raises(ic.InvalidPolicy) as raised:
        ic.export_admission(None, "vap")
    assert raised.value.code == "not_exportable" and raised.value.path == "gates.origin"
    with pytest.raises(ic.InvalidPolicy) as raised:
        ic.export_admission(None, "kyverno")
    assert raised.value.code == "not_exportable" and raised.value.path == "gates.origin"
    with pytest.raises(ic.InvalidInput, match="not an export target"):
        ic.export_admission(None, "opa")
    with pytest.raises(TypeError):
        ic.export_admission(None, 5)  # type: ignore[arg-type]


def test_the_gatekeeper_constraint_validates_against_the_published_schema() -> None:
    path = ADMISSION / "gatekeeper-library" / "library" / "general" / "allowedreposv2" / "K8sAllowedReposv2.v1beta1.schema.json"
    schema = json.loads(path.read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    policy = {"gates": {"namespaces": {"include": ["*-prod"], "exclude": ["team-prod"]},
                        "origin": {"allowed": ["artifacts.developer.gov.bc.ca/docker-remote", "docker.io/library"]}}}
    [constraint] = ic.export_admission(policy, "gatekeeper")
    assert sorted(e.message for e in validator.iter_errors(constraint)) == []
    assert "nginx" not in constraint["spec"]["parameters"]["allowedImages"]
    broken = dict(constraint, spec=dict(constraint["spec"], parameters={"allowedImages": "quay.io/*"}))
    assert list(validator.iter_errors(broken))


def _validator(path: Any) -> Any:
    schema = json.loads(path.read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def test_the_kyverno_policy_validates_against_kyvernos_published_schema() -> None:
    validator = _validator(ADMISSION / "kyverno" / "config" / "crds" / "kyverno" / "ClusterPolicy.v1.schema.json")
    for actions in (["Deny"], ["Warn", "Audit"]):
        policy = {"gates": {"namespaces": {"include": ["*-prod", "env:test", "regex:ops-[0-9]+"]},
                            "origin": {"allowed": ["artifacts.developer.gov.bc.ca/docker-remote", "*.gov.bc.ca"],
                                       "require_digest": True},
                            "admission": {"actions": actions}}}
        [cluster_policy] = ic.export_admission(policy, "kyverno")
        assert sorted(e.message for e in validator.iter_errors(cluster_policy)) == []
    rule = cluster_policy["spec"]["rules"][0]
    assert rule["validate"]["failureAction"] == "Audit" and cluster_policy["spec"]["emitWarning"] is True
    # Kyverno's enum is case-sensitive: a lower-case action fails the same schema.
    broken_rule = dict(rule, validate=dict(rule["validate"], failureAction="enforce"))
    broken = dict(cluster_policy, spec=dict(cluster_policy["spec"], rules=[broken_rule]))
    assert list(validator.iter_errors(broken))


def test_the_image_config_validates_against_openshifts_published_schemas() -> None:
    crds = ADMISSION / "openshift-api"
    schemas = [crds / "config" / "v1" / "zz_generated.crd-manifests" / "Image.v1.schema.json",
               crds / "release-4.22" / "config" / "v1" / "zz_generated.crd-manifests" / "Image.v1.schema.json"]
    policy = {"gates": {"origin": {"allowed": ["artifacts.developer.gov.bc.ca/docker-remote", "*.apps.example.com",
                                               "Quay.io:8443"]},
                        "admission": {"platform_registries": ["quay.io/openshift-release-dev", "registry.redhat.io",
                                                              "image-registry.openshift-image-registry.svc:5000"]}}}
    [image] = ic.export_admission(policy, "image-config")
    for path in schemas:
        validator = _validator(path)
        assert sorted(e.message for e in validator.iter_errors(image)) == [], path
    # 4.23 checks each entry: a tag in one (which the export never writes) fails it.
    broken = dict(image, spec=dict(image["spec"], registrySources={"allowedRegistries": ["quay.io/team:latest"]}))
    assert list(_validator(schemas[0]).iter_errors(broken))
    assert image["metadata"]["name"] == "cluster"
    assert "drain" in image["metadata"]["annotations"]["imagecurator.io/warning"]


def test_the_image_config_refuses_what_openshift_cannot_take() -> None:
    with pytest.raises(ic.InvalidPolicy) as raised:
        ic.export_admission({"gates": {"origin": {"allowed": ["quay.io"]}}}, "image-config")
    assert raised.value.code == "not_exportable" and raised.value.path == "gates.admission.platform_registries"
    with pytest.raises(ic.InvalidPolicy) as raised:
        ic.export_admission({"gates": {"origin": {"allowed": ["*.example.com/x"]},
                                       "admission": {"platform_registries": ["quay.io"]}}}, "image-config")
    assert raised.value.path == "gates.origin.allowed[0]"


def _scan_gate_case() -> Tuple[Dict[str, Any], Dict[str, Any]]:
    cases = json.loads((ROOT / "tests" / "conformance" / "policy" / "scan_gate.json").read_text())["cases"]
    case_input = _with_fixtures(cases[0]["input"])
    return case_input["policy"], case_input["inventory"]


def test_the_scan_gate_admits_what_the_audits_scan_gate_passes_in_cel_python() -> None:
    policy, inventory = _scan_gate_case()
    config_map, vap, binding = ic.export_scan_gate(policy, inventory)
    program = _vap_program(vap)
    passing = "347a0d748d05a050dc64b92de2246d2240db6eb38afbc17c3c08d0acb0db1b50"
    failing = "ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5"
    images = [f"{repo}@sha256:{hexes}" for hexes in (passing, failing, "0" * 64)
              for repo in ("docker.io/keycloak/keycloak", "quay.io/team/app:1.0")]
    images.append("docker.io/keycloak/keycloak:21.0.2")
    checked = 0
    for namespace in ("a1b2c3-prod", "a1b2c3-dev"):
        for image in images:
            pods = {"kind": "PodList", "items": [{"kind": "Pod", "metadata": {"name": "p", "namespace": namespace},
                                                  "spec": {"containers": [{"name": "c", "image": image}]}}]}
            report = ic.audit(policy, dict(inventory, pods=pods))
            passed = not any(f["code"] in ("gate.scan_unknown", "gate.scan_threshold") for f in report.findings)
            for _kind, obj in _objects(image, good=image):
                admitted, message = _run(program, {"namespace": namespace, "operation": "CREATE"}, obj, config_map)
                checked += 1
                assert admitted == passed, f"{image} in {namespace}: audit {passed}, cel-python {admitted} {message}"
    print(f"cel-python: {checked} scan-gate requests agree with the audit")
    assert binding["spec"]["paramRef"]["parameterNotFoundAction"] == "Deny"


def test_the_scan_gate_validates_against_the_published_kubernetes_schemas() -> None:
    policy, inventory = _scan_gate_case()
    config_map, vap, binding = ic.export_scan_gate(policy, inventory)
    for obj, name in ((vap, "ValidatingAdmissionPolicy.v1.schema.json"),
                      (binding, "ValidatingAdmissionPolicyBinding.v1.schema.json")):
        schema = _schema(name)
        errors = sorted(e.message for e in jsonschema.validators.validator_for(schema)(schema).iter_errors(obj))
        assert not errors, f"{obj['kind']}: {errors}"
    # A ConfigMap's keys: `[-._a-zA-Z0-9]+`, at most 253 characters (no published schema here).
    assert config_map["data"] and all(re.fullmatch(r"[-._a-zA-Z0-9]{1,253}", k) for k in config_map["data"])
    # A binding that names both a parameter by name and by selector fails the same schema.
    broken = dict(binding, spec=dict(binding["spec"], paramRef=dict(binding["spec"]["paramRef"], selector={})))
    schema = _schema("ValidatingAdmissionPolicyBinding.v1.schema.json")
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))
