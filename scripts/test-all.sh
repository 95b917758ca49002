#!/usr/bin/env bash
# Runs every test in every language: Rust (unit, integration, doctests, examples, lints),
# Python (pytest against the built extension, stubtest, mypy) and WASM (Node's test runner,
# headless Chromium, tsc). Installs first whatever a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n== %s\n' "$*"; }

if [ ! -d ../shared/vectors ] || [ ! -d ../shared/fixtures ]; then
  echo "test-all: ../shared (peer vectors and real fixtures) must sit beside the checkout" >&2
  exit 1
fi

step "install what is missing"
apt_packages=()
command -v chromium >/dev/null || apt_packages+=(chromium)
if ! { command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; }; then
  dpkg -s rustc-web cargo-web rust-web-src lld-22 >/dev/null 2>&1 || apt_packages+=(rustc-web cargo-web rust-web-src lld-22)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "apt-get install ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
python3 -c "import maturin, pytest, mypy" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check maturin pytest mypy
(cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error)

step "rust: format, lints"
cargo fmt --all --check
cargo clippy -q -p imagecurator --all-targets -- -D warnings
cargo clippy -q -p imagecurator-python -p imagecurator-wasm -- -D warnings

step "rust: docs (every public item documented, links resolve), and the public API snapshot"
RUSTDOCFLAGS="-D warnings" cargo doc -q -p imagecurator --no-deps
python3 scripts/public_api.py --check

step "rust: unit, integration and doc tests"
cargo test -q -p imagecurator
cargo run -q -p imagecurator --example describe >/dev/null
# The README's main job: the bundled cluster must audit, and say what it removes.
cargo run -q -p imagecurator --example audit | grep -q "oc delete imagestream -n openshift php"

step "python: build and install the extension"
rm -rf target/wheels
python3 -m maturin build -q --release -m bindings-python/Cargo.toml -o target/wheels
python3 -m pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/imagecurator-*.whl

step "python: pytest, stubtest, mypy, example"
(cd bindings-python && python3 -m pytest -q -p no:cacheprovider)
python3 -m mypy.stubtest imagecurator
python3 -m mypy --strict --no-incremental examples/python
python3 examples/python/describe.py >/dev/null
python3 examples/python/audit.py | grep -q "samples Config for openshift"

step "wasm: build"
bash scripts/build-wasm.sh

step "wasm: tsc, example, Node and headless Chromium tests"
(cd bindings-wasm && npx tsc -p tsconfig.json)
node examples/node/describe.mjs >/dev/null
node examples/node/audit.mjs | grep -q "samples Config for openshift"
(cd bindings-wasm && node --test tests/)
