"""The audit from Python over the synthetic cluster core/benches/audit.rs writes (5,000
namespaces, 50,000 image streams, a million tags, 100,000 pods): JSON text in, report out;
then the same data as dicts (`json.loads` of the text), as automation that already holds
parsed `oc` output passes it. Peak memory is printed before the dicts are made.

    python3 scripts/bench/audit.py INPUT_DIR
"""

import gc
import json
import resource
import sys
import time
from pathlib import Path

import imagecurator as ic


def main() -> None:
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-inputs")
    text = (d / "cluster.json").read_text()
    gc.collect()
    start = time.perf_counter()
    report = ic.audit(None, text)
    audited = time.perf_counter() - start
    audit_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    summary = report.summary
    out = report.to_json()
    written = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"python audit: JSON text ({len(text) / 2**20:.0f} MiB) to report {audited * 1e3:.0f} ms "
        f"({summary['errors']} errors, {summary['warnings']} warnings); report to JSON text "
        f"({len(out) / 2**20:.0f} MiB) {written * 1e3:.0f} ms; peak memory {audit_peak:.0f} MiB after the audit "
        f"(the text included), {peak:.0f} MiB with the report's JSON text"
    )
    del report, out
    inventory = json.loads(text)
    gc.collect()
    start = time.perf_counter()
    ic.audit(None, inventory)
    print(f"python audit from dicts: {(time.perf_counter() - start) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
