#!/usr/bin/env bash
# Runs every benchmark of issue 7, prints each figure beside its budget with OVER or UNDER, and
# rewrites BENCHMARKS.md with the table, the date and the machine:
#   1. the core natively (benches/core: judging against a bare Aho-Corasick scan);
#   2-5. the extension in Chromium (benches/browser.mjs: main thread, peer, incremental, cold start, memory);
#   6. sizes of what ./build.sh made; 7. CLI throughput.
# The real pages of ../shared/data/pages are used when present. Run ./build.sh first.
#   tools/bench.sh [--quick]      --quick: a short run that leaves BENCHMARKS.md as it is
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/toolchain.sh
ensure_test_tools

if [ ! -f dist/chrome/manifest.json ] || [ ! -x target/release/brandlens ] ||
  [ -n "$(find extension src data manifest.json -newer dist/chrome/manifest.json -type f -print -quit)" ]; then
  echo "tools/bench.sh: dist/chrome or target/release/brandlens is missing or older than the sources: run ./build.sh first" >&2
  exit 1
fi

quick=()
[ "${1:-}" = "--quick" ] && quick=(--quick)
mkdir -p test-output/bench

echo "==> 1 core, native (cargo bench)" >&2
cargo bench --locked --bench core -- "${quick[@]}" --out test-output/bench/core.json

echo "==> 2-7 extension in Chromium, sizes, CLI" >&2
node tools/bench.mjs --core test-output/bench/core.json "${quick[@]}"
