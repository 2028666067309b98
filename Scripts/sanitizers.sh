#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer.
#
# USAGE: Scripts/sanitizers.sh [address|thread]...   (default: both)
#
# Each sanitizer builds into its own scratch path (.build-asan, .build-tsan),
# so the normal debug build is left alone. LiveTests are skipped (they need a
# PostgreSQL server and test nothing about memory or threads). The fault
# tests run the cslint binary built beside the test bundle, i.e. the
# sanitized one, so its parallel file preparation is checked too; a
# sanitizer report makes that binary exit non-zero and the test fail.
# See docs/fuzzing.md for the recorded results.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(address thread)

# Report every problem, and make a report fatal in subprocesses too.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:exitcode=66}"

status=0
for sanitizer in "${sanitizers[@]}"; do
  case "$sanitizer" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan ;;
    *) echo "unknown sanitizer '$sanitizer' (address or thread)" >&2; exit 2 ;;
  esac
  echo "== swift test --sanitize=$sanitizer (scratch path $scratch)"
  start=$(date +%s)
  if swift test --sanitize="$sanitizer" --scratch-path "$scratch" --skip LiveTests; then
    echo "== $sanitizer: clean ($(( $(date +%s) - start )) s)"
  else
    echo "== $sanitizer: FAILED ($(( $(date +%s) - start )) s)"
    status=1
  fi
done
exit $status
