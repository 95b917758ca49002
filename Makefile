# A maintainer's commands. Each target is a script under scripts/, which CI runs the same way.
#   make setup        install what a fresh machine lacks (Debian packages, .venv, npm packages)
#   make test         every test in every language (what .ci/run runs)
#   make test-rust    Rust: fmt, clippy, docs, the public API snapshot, tests, examples
#   make test-python  build the wheel into .venv, pytest, stubtest, mypy, examples
#   make test-wasm    build the WASM package, tsc, Node and headless Chromium tests
#   make lint         formatting and lints only, in all three languages
#   make fmt          format the Rust code
#   make public-api   accept a change to the public API (rewrites core/public-api.txt)
#   make bench        the benchmarks (build the wheel and the WASM package first)
#   make audit        the main job on the bundled example cluster

.PHONY: setup test test-rust test-python test-wasm lint fmt public-api bench audit

setup:
	bash scripts/setup.sh

test:
	bash scripts/test-all.sh

test-rust:
	bash scripts/test-rust.sh

test-python: setup
	bash scripts/test-python.sh

test-wasm: setup
	bash scripts/test-wasm.sh

lint:
	cargo fmt --all --check
	cargo clippy -q -p imagecurator --all-targets -- -D warnings
	cargo clippy -q -p imagecurator-python -p imagecurator-wasm -- -D warnings
	python3 scripts/public_api.py --check
	.venv/bin/python -m mypy --strict --no-incremental examples/python bindings-python/python
	cd bindings-wasm && npx tsc -p tsconfig.json

fmt:
	cargo fmt --all

public-api:
	python3 scripts/public_api.py --write

bench:
	bash scripts/bench.sh

audit:
	cargo run -q -- audit
