"""Python batch calls over the benchmark inputs: per-item cost of parse_references / parse_tags.

    python3 scripts/bench/batch.py INPUT_DIR
"""

import gc
import sys
import time
from pathlib import Path

import imagecurator as ic


def best_ns_per_item(fn, items):
    best = float("inf")
    for _ in range(5):
        gc.collect()
        start = time.perf_counter_ns()
        out = fn(items)
        best = min(best, (time.perf_counter_ns() - start) / len(items))
        assert len(out) == len(items)
    return best


def main() -> None:
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-inputs")
    references = (d / "references.txt").read_text().split("\n")
    tags = (d / "tags.txt").read_text().split("\n")
    r = best_ns_per_item(ic.parse_references, references)
    t = best_ns_per_item(ic.parse_tags, tags)
    print(f"python batch: references {r:.0f} ns/item, tags {t:.0f} ns/item ({len(references)} each)")


if __name__ == "__main__":
    main()
