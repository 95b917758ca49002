"""Batch calls from Python and WASM against native Rust, per item, in alternating rounds.

This machine's speed swings by up to 1.5x from hour to hour, so figures taken minutes apart
do not compare. Each round runs the native, Python and WASM (Node) batch benchmarks once, one
after another; the fastest round of each is then set against the fastest native per-item
parse. The native benchmark also times calls that keep their results, as a batch call from
Python or JavaScript must: those lines show what keeping a million results costs natively. Build
the Python extension and the WASM package first (scripts/test-all.sh does both).

    python3 scripts/bench/batch_ratios.py [ROUNDS] [INPUT_DIR]
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# "<label>: references R ns/item, tags T ns/item", as each benchmark prints it.
LINE = re.compile(r"^(?P<label>[^:]+): references (?P<r>\d+) ns/item, tags (?P<t>\d+) ns/item")


def benchmarks(inputs: str) -> list[list[str]]:
    return [
        ["cargo", "bench", "-q", "-p", "imagecurator", "--bench", "batch", "--", inputs],
        [sys.executable, "scripts/bench/batch.py", inputs],
        ["node", "--expose-gc", "scripts/bench/batch.mjs", inputs],
    ]


def one_round(inputs: str) -> dict[str, tuple[int, int]]:
    found = {}
    for command in benchmarks(inputs):
        out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if m := LINE.match(line.strip()):
                found[m["label"]] = (int(m["r"]), int(m["t"]))
    return found


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    inputs = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "target/bench-inputs")
    best: dict[str, tuple[int, int]] = {}
    for _ in range(rounds):
        for label, (r, t) in one_round(inputs).items():
            old = best.get(label, (r, t))
            best[label] = (min(old[0], r), min(old[1], t))
    native = best.pop("native rust")
    print(f"fastest of {rounds} alternating rounds, ns per item, and the ratio to native Rust's parse")
    print(f"  native rust, each result dropped at once: references {native[0]}, tags {native[1]}")
    for label, (r, t) in best.items():
        print(f"  {label}: references {r} ({r / native[0]:.1f}x), tags {t} ({t / native[1]:.1f}x)")


if __name__ == "__main__":
    main()
