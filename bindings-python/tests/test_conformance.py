"""The shared conformance cases under tests/conformance, run through the Python binding.

The same files run in Rust (core/tests/conformance.rs) and JavaScript
(bindings-wasm/tests/conformance.test.mjs); `expect.ok` objects list only the keys a case checks.
"""

import json
from typing import Any, Callable, Dict, Iterator

import pytest

import imagecurator as ic
from conftest import CONFORMANCE, FIXTURES


def _compare(a: ic.Tag, b: ic.Tag) -> Any:
    return {-1: "less", 0: "equal", 1: "greater", None: None}[a.cmp_precedence(b)]


def _packed(name: str) -> Any:
    packed = ic.split_packed_name(name)
    return None if packed is None else packed.to_dict()


RUNNERS: Dict[str, Callable[[Any], Any]] = {
    "references/parse": lambda i: ic.parse_reference(i).to_dict(),
    "references/names_registry": lambda i: ic.Reference.names_registry(i),
    "references/scope": lambda i: ic.RegistryScope(i["scope"]).allows(i["reference"]),
    "tags/parse": lambda i: ic.parse_tag(i).to_dict(),
    "tags/sort": lambda i: ic.sort_tags(i),
    "tags/compare": lambda i: _compare(ic.parse_tag(i["a"]), ic.parse_tag(i["b"])),
    "tags/packed": _packed,
    "namespaces/parse": lambda i: ic.parse_namespace(i).to_dict(),
    "namespaces/pattern": lambda i: ic.NamespacePattern.parse(i["pattern"]).matches(i["name"]),
    "namespaces/selector": lambda i: ic.NamespaceSelector(i["include"], i["exclude"]).matches(i["name"]),
    "retention/plan": lambda i: ic.plan_retention(
        i["streams"], i.get("policy"), i.get("in_use"), i.get("templates"), i.get("now")
    ).to_dict(),
    "policy/load": lambda i: ic.Policy(i).to_dict(),
    "naming/stream": lambda i: ic.check_stream_name(i["namespace"], i["name"]),
    "naming/namespace": lambda i: ic.check_namespace(i["name"], i.get("needs_plate", False)),
    "naming/tag": lambda i: ic.check_tag(i["namespace"], i["stream"], i["tag"], i.get("versioned", False)),
    "audit/run": lambda i: ic.audit(i["policy"], i["inventory"]).to_dict(),
    "audit/scans": lambda i: ic.audit(i["policy"], i["inventory"]).to_dict(),
    "policy/export": lambda i: ic.export_admission(i["policy"], i["target"]),
    "policy/scan_gate": lambda i: ic.export_scan_gate(i["policy"], i["inventory"]),
}


def _with_fixtures(value: Any) -> Any:
    """The input with each {"$fixture": path} replaced by the JSON of that file under ../shared/fixtures."""
    if isinstance(value, dict):
        if isinstance(value.get("$fixture"), str):
            return json.loads((FIXTURES / value["$fixture"]).read_text())
        return {k: _with_fixtures(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_fixtures(v) for v in value]
    return value


def _cases() -> Iterator[Any]:
    for path in sorted(CONFORMANCE.glob("*/*.json")):
        topic = f"{path.parent.name}/{path.stem}"
        for case in json.loads(path.read_text())["cases"]:
            case = dict(case, input=_with_fixtures(case["input"]))
            yield pytest.param(topic, case, id=f"{topic}:{case['id']}")


def _subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


def test_every_topic_has_a_runner() -> None:
    topics = {f"{p.parent.name}/{p.stem}" for p in CONFORMANCE.glob("*/*.json")}
    assert topics == set(RUNNERS)


@pytest.mark.parametrize("topic,case", list(_cases()))
def test_case(topic: str, case: Dict[str, Any]) -> None:
    run = RUNNERS[topic]
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(ic.Error) as raised:
            run(case["input"])
        assert raised.value.code == expect["error"]["code"]
        if "path" in expect["error"]:
            assert raised.value.path == expect["error"]["path"]
    else:
        actual = run(case["input"])
        assert _subset(expect["ok"], actual), actual
