#!/usr/bin/env bash
# Rust: format, lints, docs (every public item documented, links resolve), the public API
# snapshot, unit, integration and doc tests, and the examples.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*"; }

step "rust: format, lints"
cargo fmt --all --check
cargo clippy -q -p imagecurator --all-targets -- -D warnings
cargo clippy -q -p imagecurator-python -p imagecurator-wasm -- -D warnings

step "rust: docs, and the public API against core/public-api.txt"
RUSTDOCFLAGS="-D warnings" cargo doc -q -p imagecurator --no-deps
python3 scripts/public_api.py --check

step "rust: unit, integration and doc tests"
cargo test -q -p imagecurator
cargo run -q -p imagecurator --example describe >/dev/null
# The README's main job: the bundled cluster must audit, and say what it removes.
cargo run -q -p imagecurator --example audit | grep -q "oc delete imagestream -n openshift php"
