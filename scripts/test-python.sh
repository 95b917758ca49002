#!/usr/bin/env bash
# Python: builds the wheel, installs it into the virtual environment .venv (scripts/setup.sh
# makes it), then pytest, stubtest, mypy over the examples, and the examples themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*"; }
py=.venv/bin/python
[ -x "$py" ] || { echo "test-python: no .venv; run scripts/setup.sh (or make setup) first" >&2; exit 1; }

step "python: build the wheel and install it into .venv"
rm -rf target/wheels
"$py" -m maturin build -q --release -m bindings-python/Cargo.toml -o target/wheels
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/imagecurator-*.whl

step "python: pytest, stubtest, mypy, examples"
(cd bindings-python && "../$py" -m pytest -q -p no:cacheprovider)
"$py" -m mypy.stubtest imagecurator
"$py" -m mypy --strict --no-incremental examples/python
"$py" examples/python/describe.py >/dev/null
# Captured whole, then searched: `grep -q` would stop reading at the first match.
report=$("$py" examples/python/audit.py)
grep -q "oc delete imagestream -n openshift php" <<<"$report"
