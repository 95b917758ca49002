"""The policy document's JSON Schema, as an editor or a CI job would use it: it is a valid draft 7
schema, every policy the library reads validates against it, and it refuses the mistakes a schema
can see (unknown fields, wrong types, unknown modes), as the library does."""

from __future__ import annotations

import json

import jsonschema
import pytest

import imagecurator as ic

from conftest import ROOT

SCHEMA = ic.policy_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
CASES = json.loads((ROOT / "tests/conformance/policy/load.json").read_text())["cases"]
# What only the reader knows: names, patterns, the version it reads, and rules across fields.
READER_ONLY = {
    "approved-and-removed", "listed-twice", "bad-stream-name", "bad-template-name", "bad-catalog-namespace",
    "unsupported-version", "keep-zero", "bad-regex",
}


def test_it_is_a_draft_7_schema_shipped_as_the_crate_has_it() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA == json.loads((ROOT / "core/policy.schema.json").read_text())
    assert SCHEMA["title"] == "imagecurator policy document"


def test_the_default_policy_validates() -> None:
    VALIDATOR.validate(ic.Policy().to_dict())


@pytest.mark.parametrize("case", [c for c in CASES if "ok" in c["expect"]], ids=lambda c: c["id"])
def test_every_policy_the_library_reads_validates(case: dict) -> None:
    VALIDATOR.validate(case["input"])
    VALIDATOR.validate(ic.Policy(case["input"]).to_dict())


@pytest.mark.parametrize("case", [c for c in CASES if "error" in c["expect"]], ids=lambda c: c["id"])
def test_the_schema_refuses_what_it_can_see(case: dict) -> None:
    with pytest.raises(ic.InvalidPolicy):
        ic.Policy(case["input"])
    errors = list(VALIDATOR.iter_errors(case["input"]))
    if case["id"] in READER_ONLY:
        assert errors == [], "the schema says nothing of this; only the reader refuses it"
    else:
        assert errors, f"{case['id']} validates against the schema, but the library refuses it"
