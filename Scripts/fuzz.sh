#!/usr/bin/env bash
# Builds the libFuzzer target (Sources/cslint-fuzz) and fuzzes the whole
# pipeline for SECONDS (default 600), seeded from Tests/RobustnessTests/FuzzSeeds.
#
# USAGE: Scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
#   Found inputs accumulate in .build-fuzz/corpus (reused by the next run);
#   crashes, hangs and leaks land in .build-fuzz/artifacts/. Reproduce one with
#   .build-fuzz/debug/cslint-fuzz .build-fuzz/artifacts/crash-...
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true

# A separate scratch path: the fuzzer flags would otherwise invalidate the
# normal debug build. -parse-as-library: libFuzzer supplies main().
swift build -c debug --scratch-path .build-fuzz --sanitize=fuzzer \
  -Xswiftc -parse-as-library -Xswiftc -DCSLINT_FUZZ --product cslint-fuzz

mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
# Swift's own crash backtracer would catch a trap first and exit before
# libFuzzer saves the crashing input; let libFuzzer handle the signal.
export SWIFT_BACKTRACE=enable=no
# -timeout: an input taking longer than 10 s counts as a hang.
# -rss_limit_mb: an input needing more than 2 GB counts as a memory bug.
exec .build-fuzz/debug/cslint-fuzz \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -max_len=8192 \
  -dict=Scripts/fuzz-sql.dict \
  -artifact_prefix=.build-fuzz/artifacts/ \
  -print_final_stats=1 \
  "$@" \
  .build-fuzz/corpus Tests/RobustnessTests/FuzzSeeds
