"""plan_retention as a Python user calls it, on real `oc get is -o json` data."""

import datetime
import json

import pytest

import imagecurator as ic
from conftest import ROOT

FIXTURES = ROOT.parent / "shared" / "fixtures"


def _stream(tags: list[tuple[str, int]], created: str = "2020-01-01T00:00:00Z") -> dict:
    return {
        "metadata": {"name": "app", "namespace": "ns"},
        "status": {"tags": [{"tag": t, "items": [{"image": f"sha256:{n:064x}", "created": created}]} for t, n in tags]},
    }


def test_plan_attributes_and_conversions() -> None:
    stream = _stream([("1.9", 1), ("1.10", 2), ("1.11", 3), ("1.2", 4)])
    plan = ic.plan_retention(stream, {"keep": 2}, in_use=[], now="2026-01-01T00:00:00Z")
    assert plan.commands == ["oc tag -d ns/app:1.2", "oc tag -d ns/app:1.9"]
    assert plan.totals["pruned"] == 2 and plan.totals["by_reason"] == {"beyond_newest_n": 2, "within_newest_n": 2}
    assert [d["tag"] for d in plan.decisions] == ["1.2", "1.9", "1.10", "1.11"]
    assert plan.decisions[0]["reason"] == "beyond_newest_n" and plan.decisions[0]["rule"] == "version_count"
    assert json.loads(plan.to_json()) == plan.to_dict()
    assert repr(plan) == "RetentionPlan(kept=2, pruned=2)"


def test_now_accepts_datetimes_and_without_it_ages_are_unknown() -> None:
    young = datetime.datetime.now(datetime.timezone.utc).isoformat()
    stream = _stream([("1", 1), ("2", 2)], created=young)
    # Without `now` no clock is read, as in Rust and JavaScript: ages are unknown, nothing goes.
    timeless = ic.plan_retention(stream, {"keep": 1}, [])
    assert timeless.commands == [] and timeless.decisions[0]["reason"] == "no_time"
    assert timeless.to_dict()["now"] is None
    # At the current time both images are younger than 60 minutes.
    now = datetime.datetime.now(datetime.timezone.utc)
    assert ic.plan_retention(stream, {"keep": 1}, [], now=now).decisions[0]["reason"] == "too_young"
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2)
    assert ic.plan_retention(stream, {"keep": 1}, [], now=later).commands == ["oc tag -d ns/app:1"]
    naive = later.replace(tzinfo=None)
    assert ic.plan_retention(stream, {"keep": 1}, [], now=naive).commands == ["oc tag -d ns/app:1"]


def test_without_evidence_nothing_is_pruned_and_each_user_is_named() -> None:
    stream = _stream([("1", 1), ("2", 2), ("3", 3)])
    blind = ic.plan_retention(stream, {"keep": 1}, now="2026-01-01T00:00:00Z")
    assert blind.commands == [] and blind.totals["by_reason"]["no_evidence"] == 2
    assert blind.to_dict()["notes"][0].startswith("no evidence of what runs")
    cronjob = {"kind": "CronJob", "metadata": {"name": "nightly", "namespace": "ns"}, "spec": {"jobTemplate": {"spec": {
        "template": {"spec": {"containers": [{"name": "job", "image": "image-registry.openshift-image-registry.svc:5000/ns/app:1"}]}}}}}}
    plan = ic.plan_retention(stream, {"keep": 1}, {"kind": "List", "items": [cronjob]}, now="2026-01-01T00:00:00Z")
    assert plan.commands == ["oc tag -d ns/app:2"]
    kept = next(d for d in plan.decisions if d["tag"] == "1")
    assert (kept["reason"], kept["used_by"]) == ("in_use", "cronjob/ns/nightly (container job)")
    assert kept["message"].endswith("in use by cronjob/ns/nightly (container job)")


def test_errors_are_typed() -> None:
    with pytest.raises(ic.InvalidPolicy) as raised:
        ic.plan_retention(_stream([]), {"keep": 0})
    assert raised.value.code == "invalid_policy"
    with pytest.raises(ic.InvalidInput) as bad_input:
        ic.plan_retention({"metadata": {"name": 5}})
    assert "$.metadata.name" in bad_input.value.message
    with pytest.raises(ic.InvalidPolicy):
        ic.plan_retention(_stream([]), {"group_by": "planet"})
    with pytest.raises(TypeError):
        ic.plan_retention(object())  # type: ignore[arg-type]


def test_default_policy_is_the_strategy() -> None:
    policy = ic.default_retention_policy()
    assert policy["keep"] == 3 and policy["min_age_minutes"] == 60 and policy["protect"]["floating"] is True


def test_real_imagestream_with_history() -> None:
    data = json.loads((FIXTURES / "oc-get-is" / "k-srkw_openshift-java_status.converted.json").read_text())
    plan = ic.plan_retention(data, {"keep": 1}, now="2026-11-29T00:00:00Z")
    by_tag = {d["tag"]: d for d in plan.decisions}
    assert by_tag["latest"]["reason"] == "protected_pattern"
    assert all(d["namespace"] == "openshift" and d["stream"] == "java" for d in plan.decisions)
    # The same input gives the same bytes.
    assert plan.to_json() == ic.plan_retention(data, {"keep": 1}, now="2026-11-29T00:00:00Z").to_json()


def test_streams_as_json_text_or_tuples_and_bad_data() -> None:
    stream = _stream([("1", 1), ("2", 2)])
    expected = ic.plan_retention(stream, {"keep": 1}, now="2026-01-01T00:00:00Z").to_json()
    for given in (json.dumps(stream), json.dumps(stream).encode(), (stream,)):
        assert ic.plan_retention(given, {"keep": 1}, now="2026-01-01T00:00:00Z").to_json() == expected
    with pytest.raises(ValueError):
        ic.plan_retention("{not json")
    # Dicts are read in place, key by key: a cycle through a key the reader ignores costs
    # nothing, and one through `items` is refused (lists do not nest), not a stack overflow.
    cyclic: dict = {"metadata": {"name": "a"}}
    cyclic["self"] = cyclic
    assert ic.plan_retention(cyclic).totals["streams"] == 1
    looped: dict = {"kind": "List", "items": []}
    looped["items"].append(looped)
    with pytest.raises(ic.InvalidInput) as raised:
        ic.plan_retention(looped)
    assert raised.value.path == "items[0].items"
    with pytest.raises(ic.InvalidInput):
        ic.plan_retention({"metadata": {1: "a"}})


def test_dicts_are_read_as_json_data_and_nothing_else() -> None:
    # A list that contains itself, where the reader takes any JSON (a Template is read whole):
    # an error at a bounded depth, not a stack overflow.
    nested: list[object] = []
    nested.append(nested)
    with pytest.raises(ic.InvalidInput, match="nested more than 128 levels"):
        ic.audit(None, {"templates": [nested]})
    # Objects JSON has no form for are named, at their path.
    with pytest.raises(ic.InvalidInput, match="is not JSON data") as raised:
        ic.plan_retention({"metadata": {"name": object()}})
    assert raised.value.path == "metadata.name"
    # A number is not read as a bool (in Python a bool is an int, so the order of checks matters).
    def scheduled(value: object) -> dict[str, object]:
        return {"metadata": {"name": "a"}, "spec": {"tags": [{"name": "1", "importPolicy": {"scheduled": value}}]}}

    with pytest.raises(ic.InvalidInput, match="invalid type: integer"):
        ic.plan_retention(scheduled(1))
    assert ic.plan_retention(scheduled(True)).totals["tags"] == 1
    with pytest.raises(ic.InvalidInput, match="invalid type: boolean"):
        ic.plan_retention({"metadata": {"name": True}})
