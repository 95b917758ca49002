#!/usr/bin/env bash
# Installs what the tests need and a fresh machine lacks; each step is skipped when its tools
# are already there, so a second run costs seconds.
#   - Debian packages: Chromium (the browser tests) and, where rustup's wasm32 target is
#     missing, Debian's rustc-web toolchain (scripts/build-wasm.sh).
#   - A Python virtual environment at .venv with maturin, pytest and mypy: the extension is
#     installed there, never into the system interpreter.
#   - The npm packages of bindings-wasm (TypeScript, playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v chromium >/dev/null || apt_packages+=(chromium)
if ! { command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; }; then
  dpkg -s rustc-web cargo-web rust-web-src lld-22 >/dev/null 2>&1 || apt_packages+=(rustc-web cargo-web rust-web-src lld-22)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "setup: apt-get install ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
else
  echo "setup: Debian packages present"
fi

# jsonschema: the tests validate policies against the policy document's JSON Schema, and
# exported admission objects against the published ones. cel-python: a second CEL evaluator
# (with RE2, as Kubernetes has) for the exported admission policies.
if ! .venv/bin/python -c "import maturin, pytest, mypy, jsonschema, celpy" 2>/dev/null; then
  echo "setup: Python virtual environment .venv (maturin, pytest, mypy, jsonschema, cel-python)"
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check maturin pytest mypy jsonschema "cel-python==0.5.0"
else
  echo "setup: .venv present"
fi

(cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error)
