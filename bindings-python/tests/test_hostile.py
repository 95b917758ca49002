"""Hostile input from Python (issue 15): every entry point answers a wrong type with TypeError and bad
content with the library's error class; NaN and infinity are never read as "absent"; the interpreter
keeps working after each."""

from __future__ import annotations

import math

import pytest

import imagecurator as ic

NOW = "2026-01-01T00:00:00Z"


def _stream() -> dict:
    tags = [{"tag": t, "items": [{"image": f"sha256:{i}", "created": "2020-01-01T00:00:00Z"}]}
            for i, t in enumerate(["1.0", "2.0"])]
    return {"metadata": {"name": "app", "namespace": "ns"}, "status": {"tags": tags}}


NOT_DOCUMENTS = [math.nan, math.inf, -math.inf, 5, 2.5, True, object()]


@pytest.mark.parametrize("value", NOT_DOCUMENTS, ids=repr)
@pytest.mark.parametrize("argument", ["policy", "in_use", "templates"])
def test_a_number_or_nan_for_a_whole_argument_is_a_type_error_not_absent(argument: str, value: object) -> None:
    with pytest.raises(TypeError, match=f"^{argument} takes a dict, a list or JSON text or None, not "):
        ic.plan_retention(_stream(), **{argument: value, "now": NOW})  # type: ignore[arg-type]


def test_nan_for_in_use_is_an_error_not_no_evidence() -> None:
    # Read as absent, NaN meant "no evidence"; with "nothing runs" said plainly, the old tag goes.
    assert ic.plan_retention(_stream(), policy={"keep": 1}, in_use=[], now=NOW).totals["pruned"] == 1
    with pytest.raises(TypeError):
        ic.plan_retention(_stream(), policy={"keep": 1}, in_use=math.nan, now=NOW)


@pytest.mark.parametrize("value", [math.nan, math.inf], ids=repr)
def test_nan_inside_a_document_is_not_json(value: float) -> None:
    with pytest.raises(TypeError, match="is not a JSON number"):
        ic.plan_retention(_stream(), policy={"keep": value})
    with pytest.raises(TypeError, match="is not a JSON number"):
        ic.audit({"retention": {"keep": value}}, {"namespaces": []})


@pytest.mark.parametrize("now", [5, 1.5, True, ["2026"], object()], ids=repr)
def test_now_is_text_or_a_datetime(now: object) -> None:
    with pytest.raises(TypeError, match="^now takes an RFC 3339 string or a datetime, not "):
        ic.plan_retention(_stream(), now=now)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^now takes an RFC 3339 string or a datetime"):
        ic.audit(None, {"namespaces": []}, now=now)  # type: ignore[arg-type]


def test_a_policy_document_must_be_given_where_one_is_asked_for() -> None:
    with pytest.raises(TypeError, match="Policy.from_json takes a policy document, not None"):
        ic.Policy.from_json(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Policy.from_dict takes a policy document"):
        ic.Policy.from_dict(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^Policy takes a dict, a list or JSON text or None, not int"):
        ic.Policy(5)  # type: ignore[arg-type]
    assert ic.Policy(None).to_dict() == ic.Policy().to_dict()


@pytest.mark.parametrize("inventory", [None, 5, math.nan, True], ids=repr)
def test_an_inventory_is_documents(inventory: object) -> None:
    with pytest.raises(TypeError, match="^inventory takes a dict, a list or JSON text, not "):
        ic.audit(None, inventory)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["null", "5", "", '"pods"'])
def test_inventory_text_that_is_no_object_says_what_it_starts_with(text: str) -> None:
    with pytest.raises(ic.InvalidInput, match=r"^input (starts with|is empty)"):
        ic.audit(None, text)


def test_cycles_and_deep_nesting_are_errors_and_the_module_keeps_working() -> None:
    cycle: dict = {"kind": "List"}
    cycle["items"] = [cycle]
    with pytest.raises(ValueError, match="nested more than 128 levels"):
        ic.audit(None, [cycle])
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(ValueError, match="nested more than 128 levels"):
        ic.plan_retention(_stream(), in_use=deep)
    assert ic.parse_tag("1.2.3").kind == "semver"


def test_patterns_are_bounded_and_globs_read_characters() -> None:
    with pytest.raises(ic.InvalidPattern) as raised:
        ic.NamespacePattern.regex("a" * (10 << 20))
    assert len(str(raised.value)) < 400 and "at most 4096 bytes" in str(raised.value)
    glob = ic.NamespacePattern.glob("*" + "a" * 4000 + "b")
    assert not glob.matches("a" * 200_000)
    assert ic.NamespacePattern.glob("a?").matches("aé")


def test_ports_past_16_bits_are_refused() -> None:
    with pytest.raises(ic.InvalidReference, match="its port 99999 is past 65535"):
        ic.parse_reference("registry.example.com:99999/app")
    with pytest.raises(ic.InvalidScope):
        ic.RegistryScope("registry.example.com:99999")


TEXT_CALLS = {
    "Reference": lambda x: ic.Reference(x),
    "parse_reference": lambda x: ic.parse_reference(x),
    "Tag": lambda x: ic.Tag(x),
    "parse_tag": lambda x: ic.parse_tag(x),
    "Namespace": lambda x: ic.Namespace(x),
    "parse_namespace": lambda x: ic.parse_namespace(x),
    "split_packed_name": lambda x: ic.split_packed_name(x),
    "NamespacePattern": lambda x: ic.NamespacePattern(x),
    "NamespacePattern.glob": lambda x: ic.NamespacePattern.glob(x),
    "NamespacePattern.regex": lambda x: ic.NamespacePattern.regex(x),
    "NamespacePattern.environment": lambda x: ic.NamespacePattern.environment(x),
    "NamespacePattern.matches": lambda x: ic.NamespacePattern.glob("*-prod").matches(x),
    "RegistryScope": lambda x: ic.RegistryScope(x),
    "check_stream_name": lambda x: ic.check_stream_name("ns", x),
    "check_namespace": lambda x: ic.check_namespace(x),
    "check_tag": lambda x: ic.check_tag("ns", "app", x),
    "export_admission": lambda x: ic.export_admission(None, x),
}
NOT_TEXT = [None, 5, 1.5, math.nan, True, b"nginx", bytearray(b"x"), ["nginx"], {"a": 1}, object()]


@pytest.mark.parametrize("value", NOT_TEXT, ids=repr)
@pytest.mark.parametrize("name", sorted(TEXT_CALLS))
def test_anything_but_a_string_where_a_string_is_expected_is_a_type_error(name: str, value: object) -> None:
    with pytest.raises(TypeError):
        TEXT_CALLS[name](value)
    assert ic.parse_reference("nginx").canonical == "docker.io/library/nginx"


LIST_CALLS = {
    "sort_tags": lambda x: ic.sort_tags(x),
    "parse_references": lambda x: ic.parse_references(x),
    "parse_tags": lambda x: ic.parse_tags(x),
    "parse_namespaces": lambda x: ic.parse_namespaces(x),
    "NamespacePattern.filter": lambda x: ic.NamespacePattern.glob("*").filter(x),
    "NamespaceSelector": lambda x: ic.NamespaceSelector(x),
    "NamespaceSelector.filter": lambda x: ic.NamespaceSelector(["*"]).filter(x),
    "RegistryScope.allows_all": lambda x: ic.RegistryScope("quay.io").allows_all(x),
}


@pytest.mark.parametrize("value", [None, 5, math.nan, "nginx", b"nginx", [1], ["a", None], {"a": 1}], ids=repr)
@pytest.mark.parametrize("name", sorted(LIST_CALLS))
def test_anything_but_a_list_of_strings_where_one_is_expected_is_a_type_error(name: str, value: object) -> None:
    with pytest.raises(TypeError):
        LIST_CALLS[name](value)
    assert ic.sort_tags(["1.10", "1.9"]) == ["1.9", "1.10"]


@pytest.mark.parametrize("name", sorted(TEXT_CALLS))
def test_a_huge_string_is_an_answer_or_the_librarys_error_without_an_echo(name: str) -> None:
    huge = "a" * (10 << 20)
    try:
        answer = TEXT_CALLS[name](huge)
    except ic.Error as err:
        assert len(str(err)) < 1000, f"{name} echoes {len(str(err))} bytes"
    else:
        # A match against a huge name, a naming check or a packed-name split is an answer.
        assert name in ANSWERS, f"{name} answered {answer!r:.80}"
        assert len(repr(answer)) < 5000, f"{name} echoes the input in its answer"


ANSWERS = {"NamespacePattern.matches", "check_stream_name", "check_namespace", "check_tag", "split_packed_name"}


LONE_SURROGATE = "text holds a lone surrogate (U+D800) at index 1; text must be valid Unicode"


@pytest.mark.parametrize("name", sorted(set(TEXT_CALLS) | set(LIST_CALLS)))
def test_a_lone_surrogate_is_the_librarys_invalid_input_not_a_codec_error(name: str) -> None:
    # No UTF-8 text can hold a lone surrogate; JavaScript gives the same error (hostile.test.mjs).
    text = "a\ud800"
    call = TEXT_CALLS.get(name) or (lambda x: LIST_CALLS[name]([x]))
    if name.startswith("parse_") and name.endswith("s"):
        [item] = call(text)
        assert isinstance(item, ic.InvalidInput) and str(item) == LONE_SURROGATE
    else:
        with pytest.raises(ic.InvalidInput) as raised:
            call(text)
        assert str(raised.value) == LONE_SURROGATE
        assert raised.value.code == "invalid_input"


def test_a_lone_surrogate_in_a_batch_takes_one_items_place() -> None:
    tags = ic.parse_tags(["1.0", "x\udc00y", "2"])
    assert [type(t).__name__ for t in tags] == ["Tag", "InvalidInput", "Tag"]
    assert str(tags[1]) == "text holds a lone surrogate (U+DC00) at index 1; text must be valid Unicode"


@pytest.mark.parametrize("document", ['{"pods": ["\ud800"]}', {"pods": ["\ud800"]}], ids=["text", "dict"])
def test_a_lone_surrogate_in_a_document_is_invalid_input(document: object) -> None:
    with pytest.raises(ic.InvalidInput, match="lone surrogate|surrogates not allowed"):
        ic.audit(None, document)
    assert ic.sort_tags(["1.10", "1.9"]) == ["1.9", "1.10"]
