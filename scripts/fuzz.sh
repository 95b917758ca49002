#!/usr/bin/env bash
# Runs each fuzz target under core/fuzz/ (libFuzzer with AddressSanitizer, through cargo-fuzz)
# from a seed corpus made of the conformance cases and the shared vectors and fixtures.
#
#   bash scripts/fuzz.sh              # the smoke run the test command makes: 2,000 runs a target
#   bash scripts/fuzz.sh 600          # a maintainer's run: 600 seconds a target
#   bash scripts/fuzz.sh 60 documents # some targets only
#
# cargo-fuzz needs a nightly compiler's flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain here
# take them. Findings land in core/fuzz/artifacts/<target>/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-}"
targets=("${@:2}")
[ ${#targets[@]} -gt 0 ] || targets=(reference tag_order patterns documents)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install -q cargo-fuzz
fi

corpus=target/fuzz-corpus
rm -rf "$corpus"
python3 - "$corpus" <<'EOF'
"""Seeds: every string a conformance case reads, each shared vector's input, and small real
documents (the fixtures as clusters print them), one file each, by target."""
import json, pathlib, sys

out = pathlib.Path(sys.argv[1])
seeds = {"reference": set(), "tag_order": set(), "patterns": set(), "documents": set()}

def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)

for path in pathlib.Path("tests/conformance").rglob("*.json"):
    area = path.parent.name
    for case in json.loads(path.read_text())["cases"]:
        found = [s for s in strings(case["input"]) if len(s) < 512]
        if area == "references":
            seeds["reference"].update(found)
        elif area == "tags":
            seeds["tag_order"].update(found)
            seeds["tag_order"].add("\n".join(found[:3]))
        elif area in ("namespaces", "naming"):
            seeds["patterns"].update(found)
        if area in ("audit", "policy", "retention"):
            seeds["documents"].add(json.dumps(case["input"].get("inventory", case["input"])))
for path in pathlib.Path("../shared/vectors").glob("reference_*.json"):
    seeds["reference"].update(s for s in strings(json.loads(path.read_text())) if len(s) < 512)
for path in pathlib.Path("../shared/fixtures").rglob("*.json"):
    if path.stat().st_size < 64 * 1024:
        seeds["documents"].add(path.read_text(errors="replace"))
seeds["patterns"].update(["*-prod\na1b2c3-prod", "a?\naé", "*a*b?\nxaab1", "env:prod"])
for target, texts in seeds.items():
    directory = out / target
    directory.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(sorted(texts)):
        (directory / f"seed-{i:05}").write_text(text)
    print(f"fuzz: {len(texts)} seeds for {target}")
EOF

cd core
# Built first, on its own: a build error must fail the run, not vanish in the filter below.
if ! RUSTC_BOOTSTRAP=1 cargo fuzz build -O --debug-assertions >../target/fuzz-build.log 2>&1; then
  cat ../target/fuzz-build.log >&2
  echo "fuzz: the targets did not build" >&2
  exit 1
fi
for target in "${targets[@]}"; do
  if [ -n "$seconds" ]; then
    limit=(-max_total_time="$seconds")
  else
    limit=(-runs=2000)
  fi
  echo "fuzz: $target ${limit[*]}"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O --debug-assertions "$target" "../$corpus/$target" -- \
    "${limit[@]}" -max_len=65536 -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|thread .* panicked|Done [0-9]+ runs)" || true
  # A finding is written to artifacts/ and makes libFuzzer exit non-zero: say so and fail.
  if compgen -G "fuzz/artifacts/$target/*" >/dev/null; then
    echo "fuzz: $target found a failing input: core/fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
