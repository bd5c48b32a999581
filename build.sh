#!/usr/bin/env bash
# Builds BrandLens from a fresh clone, installing what is missing:
#   target/release/brandlens        the native CLI
#   dist/chrome/, dist/firefox/     the unpacked extension per browser, and a .zip of each
# Every step is plain and in order, so a store reviewer can follow it.
set -euo pipefail
cd "$(dirname "$0")"
source tools/toolchain.sh

echo "==> native CLI and core" >&2
cargo build --release --locked

echo "==> brand directory, indexed for the extension (read in place by the engine: no parsing at start)" >&2
mkdir -p build
target/release/brandlens directory build/directory.dat

echo "==> core for WebAssembly" >&2
wasm_cargo build --release --locked --lib

echo "==> JavaScript bindings" >&2
ensure_wasm_bindgen
rm -rf build/pkg
# --experimental-reset-state-function: the worker restarts a crashed engine on a fresh instance.
# The name and producers sections only serve debuggers: without them the wasm is ~90 KB smaller gzipped
# (a panic's message still names the function).
wasm-bindgen --target web --no-typescript --experimental-reset-state-function --remove-name-section \
  --remove-producers-section --out-dir build/pkg "target/$WASM_TARGET/release/brandlens.wasm"

echo "==> extension packages" >&2
ensure_test_tools
node tools/package.mjs

echo "==> done: target/release/brandlens, dist/chrome, dist/firefox, dist/brandlens-chrome.zip, dist/brandlens-firefox.zip" >&2
