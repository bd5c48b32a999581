#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer): every target in fuzz/ for SECONDS each (default 60),
# or only the targets named. The grown corpus stays in fuzz/corpus/<target>/ (seeded from
# fuzz/seeds/<target>/); a crash, timeout or memory blow-up stops the run and is saved in
# fuzz/artifacts/<target>/. docs/fuzzing.md says how to read and replay one.
#   tools/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/toolchain.sh
ensure_fuzz_tools

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd fuzz && "${FUZZ_CARGO[@]}" fuzz list)

for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  echo "==> fuzzing $target for ${seconds}s" >&2
  # -timeout: one input may take at most 10 s; -rss_limit_mb: at most 2 GB; -max_len: inputs up to 1 MB.
  (cd fuzz && "${FUZZ_CARGO[@]}" fuzz run --sanitizer none --release "$target" \
    "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1)
done
