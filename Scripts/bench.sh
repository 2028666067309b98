#!/usr/bin/env bash
# Front-end benchmark (issue 3): lex+split throughput in MB/s over the whole
# corpus held in memory (median of several in-process runs), and the
# whole-process wall time of `cslint statements --json` over the migrations
# corpus (median of 5). Needs ../shared/corpus beside the package root.
# Builds in release mode; run it on a quiet machine, the numbers are wall time.
#
# Opt-in extras (issue 8), run at the end:
#   BENCH_SCALING=1  Scripts/bench-scaling.sh (generated projects of 1k/10k/50k
#                    files, with this script's release binary)
#   BENCH_PLUGIN=1   Scripts/bench-plugin.sh (swift package lint-migrations,
#                    cold and warm)
# See docs/benchmarks.md.
set -euo pipefail

cd "$(dirname "$0")/.."
corpus=../shared/corpus
if [[ ! -d "$corpus/migrations" ]]; then
  echo "bench: $corpus/migrations not found (../shared must sit beside the package root)" >&2
  exit 2
fi

echo "== building release (swift build -c release), plus a standalone binary (fully static)"
swift build -c release --product cslint-bench >/dev/null
swift build -c release --product cslint >/dev/null
bin=$(swift build -c release --show-bin-path)
# The way a standalone cslint binary ships (a release download, a CI image):
# one statically linked executable (Swift runtime and C library inside), so
# nothing else loads at start-up and it runs on any Linux.
static_flags=(--static-swift-stdlib -Xswiftc -static-executable --scratch-path .build-static)
swift build -c release --product cslint "${static_flags[@]}" >/dev/null
static_bin=$(swift build -c release "${static_flags[@]}" --show-bin-path)

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== lex+split in process (cslint-bench, corpus in memory)"
"$bin/cslint-bench" --runs "${BENCH_RUNS:-9}" "$corpus/migrations" "$corpus/postgres-regress"

echo "== cslint statements --json $corpus/migrations (whole process, median of 5)"
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$bin/cslint" statements --json "$corpus/migrations" >/dev/null
  end=$(date +%s%N)
  times+=($(((end - start) / 1000000)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "wall time: median ${median} ms (runs, sorted: ${sorted% } ms)"

echo "== cslint lint vs squawk on $corpus/migrations (alternating, median of ${BENCH_TOOL_RUNS:-5})"
squawk="${SQUAWK:-.venv/bin/squawk}"
if [[ ! -x "$squawk" ]]; then
  python3 -m venv .venv >/dev/null 2>&1 || true
  .venv/bin/pip install -q squawk-cli >/dev/null 2>&1 || true
fi
measure() { # prints "wall_s cpu_s rss_kb"
  /usr/bin/time -f "%e %U %S %M" -o /tmp/cslint-bench-time.$$ "$@" >/dev/null 2>&1 || true
  # GNU time puts "Command exited with non-zero status N" first when the tool
  # reports findings (exit 1, as both do on this corpus): read the last line.
  tail -n 1 /tmp/cslint-bench-time.$$ | awk '{printf "%.3f %.3f %d\n", $1, $2 + $3, $4}'
}
mapfile -t sql_files < <(find "$corpus/migrations" -name '*.sql' | sort)
# Rows: the standalone binary (default: all cores; and --jobs 1), the
# SwiftPM release build (Swift runtime as shared libraries), squawk.
names=("cslint" "cslint-j1" "cslint-dyn" "squawk")
# Every rule on, the ones off by default included.
all_rules=(--config Scripts/bench-all-rules.yml)
declare -A rows_by_name
for _ in $(seq "${BENCH_TOOL_RUNS:-5}"); do
  rows_by_name[cslint]+="$(measure "$static_bin/cslint" lint "$corpus/migrations" --format json "${all_rules[@]}")"$'\n'
  rows_by_name[cslint-j1]+="$(measure "$static_bin/cslint" lint "$corpus/migrations" --format json --jobs 1 "${all_rules[@]}")"$'\n'
  rows_by_name[cslint-dyn]+="$(measure "$bin/cslint" lint "$corpus/migrations" --format json "${all_rules[@]}")"$'\n'
  if [[ -x "$squawk" ]]; then
    rows_by_name[squawk]+="$(measure "$squawk" --reporter json --pg-version 17.0 --assume-in-transaction "${sql_files[@]}")"$'\n'
  fi
done
median_col() { awk -v c="$column" 'NF {print $c}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A wall_by_name
for name in "${names[@]}"; do
  rows="${rows_by_name[$name]:-}"
  [[ -n "$rows" ]] || { echo "$name: not available"; continue; }
  column=1; wall=$(median_col <<<"$rows")
  column=2; cpu=$(median_col <<<"$rows")
  column=3; rss=$(median_col <<<"$rows")
  printf '%-10s wall %6.3f s   cpu %6.3f s   peak RSS %6.1f MiB\n' "$name" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
  wall_by_name[$name]=$wall
done
if [[ -n "${wall_by_name[squawk]:-}" ]]; then
  for name in cslint cslint-j1 cslint-dyn; do
    echo "ratio $name/squawk wall: $(echo "scale=2; ${wall_by_name[$name]} / ${wall_by_name[squawk]}" | bc -l)"
  done
fi
echo "== cslint stage timings (one run)"
# cslint exits 1 on this corpus (it has findings): not a failure of the benchmark.
{ "$static_bin/cslint" lint "$corpus/migrations" --format json --timings 2>&1 >/dev/null || true; } | sed 's/^/  /'
rm -f /tmp/cslint-bench-time.$$

if [[ "${BENCH_SCALING:-0}" == 1 ]]; then
  echo "== scaling (Scripts/bench-scaling.sh)"
  BIN="$static_bin/cslint" Scripts/bench-scaling.sh
fi
if [[ "${BENCH_PLUGIN:-0}" == 1 ]]; then
  echo "== plugin (Scripts/bench-plugin.sh)"
  Scripts/bench-plugin.sh
fi
