"""Policy, audit and the naming checks as a Python user meets them, on the real fixtures."""

import json
import pickle
import subprocess
import sys

import pytest

import imagecurator as ic
from conftest import ROOT

FIXTURES = ROOT.parent / "shared" / "fixtures"
BUNDLED = ROOT / "examples" / "inventory" / "cluster.json"


def _samples(directory: str) -> dict:
    items = [json.loads(p.read_text()) for p in sorted((FIXTURES / directory).glob("*.json"))]
    for item in items:
        item["metadata"]["namespace"] = "openshift"
    return {"kind": "List", "items": items}


def test_policy_defaults_round_trip_and_compare() -> None:
    strategy = ic.Policy()
    assert strategy == ic.Policy.default() == ic.Policy({}) == ic.Policy("{}")
    assert strategy.version == 1
    document = strategy.to_dict()
    assert document["retention"]["keep"] == 3 and "python" in document["catalog"]["openshift"]["approved"]
    assert ic.Policy.from_dict(document) == strategy
    assert ic.Policy.from_json(strategy.to_json()) == strategy
    assert ic.Policy({"retention": {"keep": 5}}) != strategy
    assert strategy.conflicts() == []
    assert ic.Policy({"catalog": {"openshift": {"remove": ["cli"]}}}).conflicts()[0]["path"] == "catalog.openshift.remove[0]"
    assert repr(strategy) == "Policy(version=1, catalog=[\"openshift\"])"


def test_policy_errors_carry_code_path_and_pickle() -> None:
    with pytest.raises(ic.InvalidPolicy) as raised:
        ic.Policy({"catalog": {"openshift": {"approved": ["python"], "remove": ["php", "python"]}}})
    err = raised.value
    assert (err.code, err.path) == ("invalid_policy", "catalog.openshift.remove[1]")
    assert "also approved" in err.message and isinstance(err, ValueError)
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), again.code, again.path, again.message) == (ic.InvalidPolicy, err.code, err.path, err.message)
    with pytest.raises(ic.InvalidPolicy):
        ic.Policy("{not json")
    with pytest.raises(TypeError):
        ic.Policy({"retention": {"keep": object()}})


def test_policy_dicts_are_read_as_json_data_and_nothing_else() -> None:
    # Read by the same reader as the dicts of image streams and inventories.
    cyclic: dict[str, object] = {}
    cyclic["retention"] = cyclic
    with pytest.raises(ValueError, match="nested more than 128 levels"):
        ic.Policy(cyclic)
    with pytest.raises(TypeError, match="a set is not JSON data"):
        ic.Policy({"retention": {"keep": {1, 2}}})
    with pytest.raises(TypeError, match="expected a string"):
        ic.Policy({1: "one"})  # type: ignore[dict-item]
    # Past 64 bits an int is a float, as serde_json reads such a number from JSON text.
    with pytest.raises(ic.InvalidPolicy, match="floating point") as raised:
        ic.Policy({"retention": {"keep": 10**30}})
    with pytest.raises(ic.InvalidPolicy, match="floating point") as from_text:
        ic.Policy('{"retention": {"keep": 1000000000000000000000000000000}}')
    assert raised.value.path == from_text.value.path == "retention.keep"


def test_audit_on_the_46_samples() -> None:
    inventory = {
        "imagestreams": _samples("samples-4.6-ocp-x86_64/imagestreams"),
        "templates": _samples("samples-4.6-ocp-x86_64/templates"),
        "now": "2024-01-01T00:00:00Z",
    }
    report = ic.audit(None, inventory)
    plan = report.catalog[0]
    assert "php" in plan["removed_streams"] and "python" in plan["kept_streams"]
    config = plan["samples_config"]
    assert config["kind"] == "Config" and config["metadata"] == {"name": "cluster"}
    assert config["spec"]["skippedImagestreams"] == sorted(config["spec"]["skippedImagestreams"])
    assert "httpd-example" in config["spec"]["skippedTemplates"]
    # The payload streams were not in this inventory: all eight are reported missing.
    missing = [f["subject"] for f in report.findings if f["code"] == "catalog.required_missing"]
    assert len(missing) == 8 and report.summary["errors"] == 8
    assert report.findings[0]["severity"] == "error"
    assert json.loads(report.to_json()) == report.to_dict()
    assert repr(report).startswith("AuditReport(errors=8, ")


def test_audit_report_for_people_and_its_commands_in_the_safe_order() -> None:
    report = ic.audit(None, BUNDLED.read_text())
    commands = report.to_dict()["commands"]
    # The samples Config patch first, then the catalog's deletions, then retention's untagging.
    assert commands[0].startswith("oc patch configs.samples.operator.openshift.io cluster --type=merge -p '")
    assert commands[1] == "oc delete imagestream -n openshift ansible-runner"
    assert commands[-2:] == ["oc tag -d a1b2c3-tools/app:0.9.0", "oc tag -d a1b2c3-tools/app:0.9.1"]
    table = report.to_table()
    assert "\nerror curated.owner_missing (1)\n  fix: name one in the policy" in table
    assert table.rstrip().endswith("\n  oc tag -d a1b2c3-tools/app:0.9.1")
    markdown = report.to_markdown()
    assert markdown.startswith("## imagecurator audit: 4 errors, 159 warnings, 2 info\n")
    assert "| warning | `catalog.template_broken` | 74 |" in markdown
    assert "```sh\n" + "\n".join(commands) + "\n```" in markdown


def test_audit_takes_a_policy_object_dict_or_none_and_is_deterministic() -> None:
    text = BUNDLED.read_text()
    by_object = ic.audit(ic.Policy(), text).to_json()
    assert ic.audit(None, json.loads(text)).to_json() == by_object
    assert ic.audit(ic.Policy().to_dict(), text.encode()).to_json() == by_object
    small = ic.audit({"catalog": {}}, text)
    assert small.catalog == [] and small.retention["totals"]["pruned"] == 2


def test_audit_errors_name_the_inventory_path() -> None:
    with pytest.raises(ic.InvalidInput) as raised:
        ic.audit(None, {"imagestreams": [{"kind": "List", "items": [{"kind": "ImageStream", "metadata": {"name": 1}}]}]})
    assert raised.value.path == "imagestreams[0].items[0].metadata.name"
    with pytest.raises(ic.InvalidInput) as raised:
        ic.audit(None, {"image_streams": []})
    assert raised.value.path == "image_streams"


def test_audit_reads_documents_as_oc_prints_them_in_every_form() -> None:
    """A real mixed List (as `oc get ... -o json` prints it) given as a dict, as JSON text, as
    bytes, in a list beside a keyed document, and as two JSON documents one after another: each
    object goes where its kind belongs, and every form gives the same report."""
    listing = json.loads((FIXTURES / "workloads" / "processed" / "bcdevops-platform-services.json").read_text())
    keyed = {"now": "2026-01-01T00:00:00Z"}
    forms = [
        [listing, keyed],
        json.dumps([listing, keyed]),
        json.dumps(listing) + "\n" + json.dumps(keyed),
        (json.dumps(listing) + json.dumps(keyed)).encode(),
    ]
    reports = [ic.audit(None, form).to_dict() for form in forms]
    assert all(r == reports[0] for r in reports)
    report = reports[0]
    assert report["now"] == "2026-01-01T00:00:00Z"
    assert report["unused_input"] == {"ImageStreamTag": 1, "Route": 1, "Service": 2}
    assert report["repeated_input"] == {}
    assert ic.audit(None, listing).to_dict()["unused_input"] == report["unused_input"]
    twice = ic.audit(None, [listing, listing]).to_dict()
    assert twice["repeated_input"]["ImageStream"] == 4 and "read once" in ic.audit(None, [listing, listing]).to_table()


def test_audit_refuses_two_different_objects_under_one_name() -> None:
    pod = {"kind": "Pod", "metadata": {"name": "web-1", "namespace": "a1b2c3-prod"},
           "spec": {"containers": [{"name": "web", "image": "nginx:1"}]}}
    other = {**pod, "spec": {"containers": [{"name": "web", "image": "nginx:2"}]}}
    with pytest.raises(ic.InvalidInput) as raised:
        ic.audit(None, [pod, {"kind": "PodList", "items": [other]}])
    assert raised.value.path == "[1].items[0]" and "as is `[0]` with different contents" in str(raised.value)


def test_audit_without_now_reads_no_clock() -> None:
    fresh = {"kind": "ImageStream", "metadata": {"name": "app", "namespace": "a1b2c3-tools"}, "status": {"tags": [
        {"tag": f"1.{n}", "items": [{"image": f"sha256:{n:064x}", "created": "2099-01-01T00:00:00Z"}]} for n in range(5)]}}
    inventory = {"imagestreams": fresh, "pods": []}
    # No time given: ages are unknown, nothing is pruned on age, and the report says no time was used.
    timeless = ic.audit({"catalog": {}}, inventory)
    assert timeless.retention["totals"]["pruned"] == 0 and timeless.to_dict()["now"] is None
    assert timeless.retention["totals"]["by_reason"]["no_time"] == 2
    # Images from the future are younger than an hour today; a century on they are not.
    assert ic.audit({"catalog": {}}, inventory, now="2026-01-01T00:00:00Z").retention["totals"]["by_reason"]["too_young"] == 5
    later = ic.audit({"catalog": {}}, inventory, now="2100-01-01T00:00:00Z")
    assert later.retention["totals"]["pruned"] == 2 and later.to_dict()["now"] == "2100-01-01T00:00:00Z"


def test_naming_checks() -> None:
    [finding] = ic.check_stream_name("bcgov", "Postgres_96")
    assert finding["code"] == "naming.stream_invalid" and finding.get("suggestion") == "postgres-96"
    assert ic.check_namespace("a1b2c3-prod", needs_plate=True) == []
    assert ic.check_namespace("my-team", True)[0]["code"] == "naming.namespace_not_plate"
    assert ic.check_tag("bcgov", "patroni-postgres-96", "1.1", versioned=True)[0]["suggestion"] == "v1.1"
    assert ic.check_tag("team-dev", "app", "1.1") == []


def test_the_audit_example_runs() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "examples/python/audit.py")], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("audit: 4 errors,") and "\nCatalog openshift\n" in out.stdout
    strict = subprocess.run([sys.executable, str(ROOT / "examples/python/audit.py"), "--strict"], capture_output=True)
    assert strict.returncode == 1


def _prod_pod(digest: str) -> dict:
    return {"kind": "Pod", "metadata": {"name": "web-1", "namespace": "a1b2c3-prod"},
            "spec": {"containers": [{"name": "web", "image": "quay.io/team/web:1.0"}]},
            "status": {"containerStatuses": [{"name": "web", "imageID": f"quay.io/team/web@{digest}"}]}}


@pytest.mark.parametrize(
    "fixture,max_medium,trust_undated,expect",
    [
        ("alpine-310.json.golden", 0, False, ["gate.scan_threshold"]),  # four fixable MEDIUM entries
        ("alpine-310.json.golden", 4, False, []),
        ("alpine-310-ignore-cveids.legacy-2020-12.json.golden", 1, True, ["gate.scan_threshold"]),
        ("opensuse-leap-423.legacy-2020-12.json.golden", 0, True, []),  # OS found, Vulnerabilities null
        # A legacy report has no creation time: unless the policy trusts it, the scan is unknown.
        ("opensuse-leap-423.legacy-2020-12.json.golden", 0, False, ["gate.scan_unknown"]),
        ("ubi-7.json.golden", 0, False, []),  # one LOW, will_not_fix
    ],
)
def test_prod_gates_on_the_real_trivy_reports(fixture: str, max_medium: int, trust_undated: bool, expect: list) -> None:
    digest = "sha256:" + "d" * 64
    report = json.loads((FIXTURES / "trivy" / fixture).read_text())
    policy = {"catalog": {}, "gates": {"scan": {"max": {"critical": 0, "high": 0, "medium": max_medium},
                                                "max_report_age_days": 100000,
                                                "trust_undated_reports": trust_undated}}}
    audit = ic.audit(policy, {"pods": _prod_pod(digest), "scans": [{"image": digest, "report": report}],
                              "now": "2026-01-01T00:00:00Z"})
    assert [f["code"] for f in audit.findings if f["code"].startswith("gate.")] == expect
