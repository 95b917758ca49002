#!/usr/bin/env bash
# Builds the WASM package into bindings-wasm/pkg/{node,web}.
#
# Uses rustup's wasm32-unknown-unknown target where it is installed (a normal laptop). Where it
# is not and cannot be downloaded, it uses Debian's rustc-web toolchain, which builds std for
# wasm32 from rust-web-src (installed here on demand). wasm-bindgen-cli is installed at exactly
# the version of the wasm-bindgen crate in Cargo.lock, as the two must match.
set -euo pipefail
cd "$(dirname "$0")/.."

target=wasm32-unknown-unknown
wasm=""
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  echo "build-wasm: rustup's $target target"
  cargo build --release --target "$target" -p imagecurator-wasm
  wasm=target/$target/release/imagecurator_wasm.wasm
else
  if ! dpkg -s rustc-web cargo-web rust-web-src lld-22 >/dev/null 2>&1; then
    echo "build-wasm: installing Debian's rustc-web toolchain"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web cargo-web rust-web-src lld-22 >/dev/null
  fi
  echo "build-wasm: Debian's rustc-web with -Zbuild-std"
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --release --target "$target" \
    -Zbuild-std=std,panic_abort -p imagecurator-wasm --target-dir target/wasm
  wasm=target/wasm/$target/release/imagecurator_wasm.wasm
fi

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "build-wasm: installing wasm-bindgen-cli $want (found '${have:-none}')"
  cargo install -q wasm-bindgen-cli --version "$want"
fi

out=bindings-wasm/pkg
rm -rf "$out/node" "$out/web"
wasm-bindgen --target nodejs --weak-refs --out-dir "$out/node" --out-name imagecurator "$wasm"
wasm-bindgen --target web --weak-refs --out-dir "$out/web" --out-name imagecurator "$wasm"
# wasm-bindgen declares `[Symbol.dispose]()` on every class, which only compiles with
# TypeScript's ESNext lib; the package's types must compile under a plain ES2022 lib, so the
# declaration goes (the method itself stays, for `using` where the runtime has it).
sed -i '/\[Symbol\.dispose\]()/d' "$out/node/imagecurator.d.ts" "$out/web/imagecurator.d.ts"
# The package is ESM ("type": "module"); the Node build is CommonJS and says so.
printf '{ "type": "commonjs" }\n' > "$out/node/package.json"
# The policy document's schema ships in the package, for editors to point at
# (`node_modules/imagecurator/pkg/policy.schema.json`).
cp core/policy.schema.json "$out/policy.schema.json"
echo "build-wasm: $(du -h "$out/web/imagecurator_bg.wasm" | cut -f1) module in $out/{node,web}"
