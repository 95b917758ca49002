"""Audit a cluster's image data against the image-management policy, from Python.

    python examples/python/audit.py                                  # bundled example cluster
    python examples/python/audit.py --policy ours.yaml inventory.json
    python examples/python/audit.py --json > report.json

Policies and inventories are JSON, or YAML when the file name ends in .yaml/.yml (needs
PyYAML). With no inventory, the bundled examples/inventory/cluster.json is used. Exits 1 with
--strict when the audit finds errors.
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
    text = path.read_text()
    if path.suffix in (".yaml", ".yml"):
        import yaml  # type: ignore[import-untyped,unused-ignore]

        return yaml.safe_load(text)
    return json.loads(text)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", type=Path, help="policy document (the strategy when omitted)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the audit finds errors")
    parser.add_argument("inventory", type=Path, nargs="?", default=BUNDLED)
    args = parser.parse_args(argv)
    try:
        policy = ic.Policy(load(args.policy)) if args.policy else ic.Policy()
        report = ic.audit(policy, load(args.inventory))
    except ic.Error as err:
        where = f" at {err.path}" if err.path else ""
        print(f"audit: {err.code}{where}: {err.message}", file=sys.stderr)
        return 2
    print(report.to_json() if args.json else report.to_table(), end="" if not args.json else "\n")
    errors = [f for f in report.findings if f["severity"] == "error"]
    return 1 if args.strict and errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
