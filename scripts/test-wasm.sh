#!/usr/bin/env bash
# WebAssembly: builds the package, then tsc over the typed example, the Node examples, and the
# Node and headless Chromium tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
step() { printf '\n== %s\n' "$*"; }

step "wasm: build"
bash scripts/build-wasm.sh

step "wasm: tsc, examples, Node and headless Chromium tests"
(cd bindings-wasm && npx tsc -p tsconfig.json)
node examples/node/describe.mjs >/dev/null
node examples/node/audit.mjs | grep -q "samples Config for openshift"
(cd bindings-wasm && node --test tests/)
