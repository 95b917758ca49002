#!/usr/bin/env bash
# The benchmarks: criterion over one million references (with oci-spec's parser on the same
# input) and one million tags, then the per-item cost of batch calls natively, from Python and
# from WASM under Node, over the same text. Build the Python extension and the WASM package
# first (scripts/test-all.sh does both).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Python benchmarks use the extension that scripts/test-python.sh installs into .venv.
py=${PYTHON:-.venv/bin/python}
cargo bench -q -p imagecurator --bench parse 2>&1 | grep -E "^[a-z]+/|time:|thrpt:"
dir="$PWD/target/bench-inputs"
cargo bench -q -p imagecurator --bench batch -- "$dir"
"$py" scripts/bench/batch.py "$dir"
node --expose-gc scripts/bench/batch.mjs "$dir"
# The same three, in alternating rounds, set against native Rust run minutes apart from nothing.
"$py" scripts/bench/batch_ratios.py 3 "$dir"
cargo bench -q -p imagecurator --bench retention -- "$dir"
"$py" scripts/bench/retention.py "$dir"
cargo bench -q -p imagecurator --bench audit -- "$dir"
"$py" scripts/bench/audit.py "$dir"
"$py" scripts/bench/sort_tags.py
