"""Audit a cluster's image data against the image-management policy, from Python.

    python examples/python/audit.py                                  # bundled example cluster
    python examples/python/audit.py --policy ours.yaml inventory.json
    python examples/python/audit.py --json > report.json
    oc get is,templates,pods,deploy,dc,cj,bc -A -o json | python examples/python/audit.py --now 2026-01-01T00:00:00Z -

Each input file (or -, standard input) holds what `oc get -o json` prints or a keyed inventory;
each object goes where its kind belongs. Policies and inputs are JSON, or YAML when the file name
ends in .yaml/.yml (needs PyYAML). With no input, the bundled examples/inventory/cluster.json is
used. Exits 1 with --strict when the audit finds errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, List

import imagecurator as ic

BUNDLED = Path(__file__).resolve().parent.parent / "inventory" / "cluster.json"


def load(path: Path) -> Any:
    """A policy: YAML read into data, JSON read as it is."""
    text = path.read_text()
    if path.suffix in (".yaml", ".yml"):
        import yaml  # type: ignore[import-untyped,unused-ignore]

        return yaml.safe_load(text)
    return json.loads(text)


def documents(paths: List[Path]) -> Any:
    """The inputs as the library takes them: JSON text, several documents one after another
    (the library reads each), or a list of documents when some are YAML."""
    texts = [sys.stdin.read() if str(p) == "-" else p.read_text() for p in paths]
    if not any(p.suffix in (".yaml", ".yml") for p in paths):
        return "\n".join(texts)
    import yaml  # type: ignore[import-untyped,unused-ignore]

    out: List[Any] = []
    for path, text in zip(paths, texts):
        out.extend(yaml.safe_load_all(text) if path.suffix in (".yaml", ".yml") else [json.loads(text)])
    return out


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", type=Path, help="policy document (the strategy when omitted)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the audit finds errors")
    parser.add_argument("--now", help="the time of the audit, RFC 3339 (else the inventory's, or none)")
    parser.add_argument("inventory", type=Path, nargs="*", help="files of `oc get -o json` output or inventories")
    args = parser.parse_args(argv)
    try:
        policy = ic.Policy(load(args.policy)) if args.policy else ic.Policy()
        report = ic.audit(policy, documents(args.inventory or [BUNDLED]), now=args.now)
    except ic.Error as err:
        where = f" at {err.path}" if err.path else ""
        print(f"audit: {err.code}{where}: {err.message}", file=sys.stderr)
        return 2
    print(report.to_json() if args.json else report.to_table(), end="" if not args.json else "\n")
    errors = [f for f in report.findings if f["severity"] == "error"]
    return 1 if args.strict and errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
