#!/usr/bin/env bash
# Second, independent check of the topic judgement on the public labelled sets and publisher pages in
# ../shared/data (never part of the project). Says so and exits 0 when the data is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/data ]; then
  echo "eval-shared: ../shared/data is absent; nothing to measure" >&2
  exit 0
fi
cargo test --release --test shared_eval -- --ignored --nocapture
