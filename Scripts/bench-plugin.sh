#!/usr/bin/env bash
# Plugin benchmark (issue 8): wall time of
#   swift package --allow-writing-to-package-directory lint-migrations
# in a throwaway consumer package that depends on this checkout by path, on a
# generated 200-file Supabase project (Scripts/gen-migrations.py):
#   - one COLD run: fresh .build, so it includes building cslint for the plugin;
#   - BENCH_PLUGIN_RUNS (default 5) WARM runs, median;
#   - the same warm runs on a copy of the repo's Examples/supabase/migrations
#     (passed as a path argument, as a user would);
#   - for reference, the tool the plugin built, run directly (no SwiftPM).
#
# Environment:
#   BENCH_PLUGIN_FILES     size of the generated project (default 200)
#   BENCH_PLUGIN_RUNS      warm runs per row (default 5)
#   BENCH_PLUGIN_FLAGS     extra `swift package` flags (e.g. --disable-sandbox on macOS)
#   BENCH_PLUGIN_RELEASE=1 also time warm runs with CSLINT_PLUGIN_CONFIGURATION=release
#                          (builds cslint in release inside the consumer: minutes)
#   BENCH_PLUGIN_KEEP=1    keep the consumer package and print its path
#   BENCH_PLUGIN_REUSE=DIR reuse a kept consumer package: warm runs only, no cold run
# Numbers are wall time: run it on a quiet machine.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
files="${BENCH_PLUGIN_FILES:-200}"
runs="${BENCH_PLUGIN_RUNS:-5}"
read -r -a flags <<<"${BENCH_PLUGIN_FLAGS:-}"
reuse="${BENCH_PLUGIN_REUSE:-}"
if [[ -n "$reuse" ]]; then
  [[ -f "$reuse/Package.swift" && -d "$reuse/.build" ]] \
    || { echo "bench-plugin: BENCH_PLUGIN_REUSE=$reuse is not a kept consumer package" >&2; exit 2; }
  work="$(cd "$reuse" && pwd)"
elif [[ "${BENCH_PLUGIN_KEEP:-0}" == 1 ]]; then
  work="$(mktemp -d)"
  trap 'echo "consumer package kept at $work"' EXIT
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

# The consumer: an executable package depending on this checkout by path, with
# the generated project in supabase/migrations and a copy of Examples/.
# shellcheck source=Scripts/consumer-package.sh
source "$repo/Scripts/consumer-package.sh"
setup_consumer() {
  write_consumer_package "$work" "$repo"
  python3 "$repo/Scripts/gen-migrations.py" --files "$files" --out "$work" >/dev/null
  rm -f "$work/.cslint-gen-stamp"
  mkdir -p "$work/Examples/supabase"
  cp -R "$repo/Examples/supabase/migrations" "$work/Examples/supabase/"
}
[[ -n "$reuse" ]] || setup_consumer
files=$(find "$work/supabase/migrations" -name '*.sql' | wc -l)
example_files=$(find "$work/Examples/supabase/migrations" -name '*.sql' | wc -l)

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
swift --version 2>&1 | head -n 1

log="$work/.bench-plugin.log"
# Runs one plugin invocation in the consumer; prints its wall seconds.
# The plugin fails the command when cslint reports findings (the generated
# project has some on purpose): that is a measured run, not an error. Anything
# else (a build failure, a crash) stops the script.
plugin_run() {
  local status=0 start end
  start=$(date +%s%N)
  (cd "$work" && swift package "${flags[@]}" --allow-writing-to-package-directory lint-migrations "$@") \
    >"$log" 2>&1 || status=$?
  end=$(date +%s%N)
  if [[ $status -ne 0 ]] && ! grep -q "cslint lint found problems" "$log"; then
    echo "bench-plugin: swift package lint-migrations $* failed (status $status):" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  awk -v ns=$((end - start)) 'BEGIN {printf "%.2f\n", ns / 1e9}'
}
# Prints "median min max" of the numbers on standard input.
stats() { sort -g | awk '{a[NR]=$1} END {printf "%s %s %s\n", a[int((NR+1)/2)], a[1], a[NR]}'; }
warm() { # label, then plugin arguments
  local label=$1 samples=()
  shift
  for _ in $(seq "$runs"); do samples+=("$(plugin_run "$@")"); done
  read -r med lo hi < <(printf '%s\n' "${samples[@]}" | stats)
  rows+=("$label|$med|$lo–$hi")
}

declare -a rows=()
if [[ -z "$reuse" ]]; then
  echo "== cold run (fresh .build: resolves the package and builds cslint for the plugin)"
  cold=$(plugin_run)
  rows+=("$files-file project, cold|$cold|1 run")
fi
warm "$files-file project, warm"
warm "Examples/ ($example_files files), warm" Examples/supabase/migrations

# The executable the plugin ran: SwiftPM's own (debug) tool build, named
# cslint-tool on Linux with Swift 6.x (plain cslint elsewhere).
tool=$(find "$work/.build" -type f \( -name cslint-tool -o -name cslint \) -perm -u+x 2>/dev/null | head -n 1)
if [[ -n "$tool" ]]; then
  samples=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    (cd "$work" && "$tool" lint >/dev/null 2>&1) || true
    end=$(date +%s%N)
    samples+=("$(awk -v ns=$((end - start)) 'BEGIN {printf "%.2f\n", ns / 1e9}')")
  done
  read -r med lo hi < <(printf '%s\n' "${samples[@]}" | stats)
  rows+=("$files-file project, the plugin's tool run directly|$med|$lo–$hi")
fi

if [[ "${BENCH_PLUGIN_RELEASE:-0}" == 1 ]]; then
  echo "== building the release tool for CSLINT_PLUGIN_CONFIGURATION=release (first run, not timed)"
  CSLINT_PLUGIN_CONFIGURATION=release plugin_run >/dev/null
  export CSLINT_PLUGIN_CONFIGURATION=release
  warm "$files-file project, warm, release tool"
  unset CSLINT_PLUGIN_CONFIGURATION
fi

echo "== swift package lint-migrations (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-52s %10s  %s\n' "run" "seconds" "range (warm: median of $runs)"
for row in "${rows[@]}"; do
  IFS='|' read -r label secs range <<<"$row"
  printf '%-52s %10s  %s\n' "$label" "$secs" "$range"
done
