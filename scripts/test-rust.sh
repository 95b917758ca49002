#!/usr/bin/env bash
# Rust: format, lints, docs (every public item documented, links resolve), the public API
# snapshot, unit, integration and doc tests, and the examples.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*"; }

step "rust: format, lints"
cargo fmt --all --check
cargo clippy -q -p imagecurator -p imagecurator-cli --all-targets --features imagecurator/schema,imagecurator/yaml -- -D warnings
cargo clippy -q -p imagecurator-python -p imagecurator-wasm -- -D warnings

step "rust: docs, and the public API against core/public-api.txt"
RUSTDOCFLAGS="-D warnings" cargo doc -q -p imagecurator --features yaml --no-deps
python3 scripts/public_api.py --check

step "rust: unit, integration and doc tests"
cargo test -q -p imagecurator --features yaml
# The exported admission policies against the library, run by the cel crate: optimized, as it
# compiles each regex on every call (the two tests are ignored in unoptimized builds).
if ! exported=$(cargo test -q --release -p imagecurator --test export -- --include-ignored --nocapture 2>&1); then
  tail -60 <<<"$exported"
  exit 1
fi
grep -E "cel crate|test result" <<<"$exported"
# The policy schema against the types it is generated from (schemars, behind a feature).
cargo test -q -p imagecurator --features schema --test schema
step "rust: the imagecurator command"
cargo test -q -p imagecurator-cli
cargo run -q -- describe nginx:1.25 13-el8 a1b2c3-prod >/dev/null
# Captured whole, then searched: `grep -q` would stop reading at the first match.
example=$(cargo run -q -p imagecurator --example audit)
grep -q "oc delete imagestream -n openshift php" <<<"$example"
# The README's main job: the bundled cluster must audit, and say what it removes.
main_job=$(cargo run -q -- audit)
grep -q "oc delete imagestream -n openshift php" <<<"$main_job"

step "rust: fuzz targets, a smoke run of each (scripts/fuzz.sh; a longer run: scripts/fuzz.sh SECONDS)"
bash scripts/fuzz.sh
