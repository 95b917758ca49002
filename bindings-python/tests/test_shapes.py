"""The typed shapes in the stubs describe what the extension really returns.

Every output of every shared conformance case (and the bundled cluster's audit) is written into a
Python module as a literal assigned to its declared TypedDict, and ``mypy --strict`` checks it:
a TypedDict literal with a key the declaration lacks fails, as does a missing key or a value of
the wrong type. The same outputs go through tsc against the TypeScript declarations in
``bindings-wasm/tests/shapes.test.mjs``.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import imagecurator as ic
from conftest import CONFORMANCE, ROOT

# The declared type of each topic's output, and how to get that output from the binding.
DECLARED: Dict[str, Tuple[str, Callable[[Any], Any]]] = {
    "retention/plan": (
        "ic.RetentionPlanDict",
        lambda i: ic.plan_retention(i["streams"], i.get("policy"), i.get("in_use"), i.get("templates"), i.get("now"))
        .to_dict(),
    ),
    "audit/run": ("ic.AuditReportDict", lambda i: ic.audit(i["policy"], i["inventory"]).to_dict()),
    "naming/stream": ("List[ic.Finding]", lambda i: ic.check_stream_name(i["namespace"], i["name"])),
    "naming/namespace": ("List[ic.Finding]", lambda i: ic.check_namespace(i["name"], i.get("needs_plate", False))),
    "naming/tag": (
        "List[ic.Finding]",
        lambda i: ic.check_tag(i["namespace"], i["stream"], i["tag"], i.get("versioned", False)),
    ),
}


def outputs() -> List[Tuple[str, Any, str]]:
    out: List[Tuple[str, Any, str]] = []
    for path in sorted(CONFORMANCE.glob("*/*.json")):
        topic = f"{path.parent.name}/{path.stem}"
        if topic not in DECLARED:
            continue
        declared, run = DECLARED[topic]
        for case in json.loads(path.read_text())["cases"]:
            if "ok" in case["expect"]:
                out.append((declared, run(case["input"]), f"{topic}:{case['id']}"))
    cluster = (ROOT / "examples" / "inventory" / "cluster.json").read_text()
    report = ic.audit(None, cluster)
    out.append(("ic.AuditReportDict", report.to_dict(), "the bundled cluster"))
    out.append(("List[ic.CatalogPlan]", report.catalog, "AuditReport.catalog"))
    out.append(("ic.RetentionPlanDict", report.retention, "AuditReport.retention"))
    plan = ic.plan_retention(json.loads(cluster)["imagestreams"], now="2026-01-01T00:00:00Z")
    out.append(("List[ic.TagDecision]", plan.decisions, "RetentionPlan.decisions"))
    out.append(("ic.RetentionTotals", plan.totals, "RetentionPlan.totals"))
    conflicts = ic.Policy({"catalog": {"openshift": {"remove": ["php", "cli"]}}}).conflicts()
    out.append(("List[ic.PolicyConflict]", conflicts, "Policy.conflicts()"))
    return out


def test_every_declared_output_shape_matches_what_the_extension_returns(tmp_path: Path) -> None:
    cases = outputs()
    assert len(cases) > 50, len(cases)
    lines = ["from typing import List", "", "import imagecurator as ic", ""]
    for i, (declared, value, case_id) in enumerate(cases):
        lines += [f"# {case_id}", f"v{i}: {declared} = {value!r}"]
    module = tmp_path / "outputs.py"
    module.write_text("\n".join(lines) + "\n")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(module)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_check_fails_on_a_shape_the_stubs_do_not_declare(tmp_path: Path) -> None:
    # The check above is only worth something if mypy rejects a drifted shape.
    module = tmp_path / "drift.py"
    decision = ic.plan_retention({"metadata": {"name": "a"}}, now="2026-01-01T00:00:00Z").to_dict()
    decision["totals"]["surprise"] = 1  # type: ignore[typeddict-unknown-key]
    module.write_text(f"import imagecurator as ic\n\nv: ic.RetentionPlanDict = {decision!r}\n")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(module)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 1 and '"surprise"' in checked.stdout, checked.stdout
