#!/usr/bin/env bash
# Runs every test, in this order:
#   1. the core natively: unit tests, doc examples, the CLI, the evaluation corpora and the fuzz smoke
#      run (tests/fuzz_smoke.rs: every fuzz target over its seeds; the long runs are tools/fuzz.sh);
#   2. the core as WebAssembly, through its JavaScript bridge, in headless Chromium (wasm-bindgen-test);
#   3. the built extension end to end in Chromium (node's test runner, playwright-core), hostile
#      pages, trust boundaries, privacy and data safety included.
# Run ./build.sh first: step 3 tests dist/chrome as built.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/toolchain.sh
ensure_test_tools
ensure_wasm_bindgen

if [ ! -f dist/chrome/manifest.json ] || [ -n "$(find extension src data manifest.json -newer dist/chrome/manifest.json -type f -print -quit)" ]; then
  echo "tests/run.sh: dist/chrome is missing or older than the sources: run ./build.sh first" >&2
  exit 1
fi

echo "==> 1/3 core, native" >&2
cargo test --locked --release

echo "==> 2/3 core as WebAssembly in Chromium" >&2
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  wasm_cargo test --locked --release --test wasm

echo "==> 3/3 extension end to end in Chromium" >&2
node --test --test-concurrency=1 tests/e2e/
