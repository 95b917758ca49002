#!/usr/bin/env bash
# Runs every test in every language: Rust (unit, integration, doctests, examples, lints, the
# public API snapshot), Python (pytest against the built extension in .venv, stubtest, mypy)
# and WASM (Node's test runner, headless Chromium, tsc). Installs first whatever a fresh
# machine lacks (scripts/setup.sh). The Makefile runs each part alone.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d ../shared/vectors ] || [ ! -d ../shared/fixtures ]; then
  echo "test-all: ../shared (peer vectors and real fixtures) must sit beside the checkout" >&2
  exit 1
fi

printf '\n== setup: install what is missing\n'
bash scripts/setup.sh
bash scripts/test-rust.sh
bash scripts/test-python.sh
bash scripts/test-wasm.sh
