#!/usr/bin/env bash
# Front-end benchmark (issue 3): lex+split throughput in MB/s over the whole
# corpus held in memory (median of several in-process runs), and the
# whole-process wall time of `cslint statements --json` over the migrations
# corpus (median of 5). Needs ../shared/corpus beside the package root.
# Builds in release mode; run it on a quiet machine, the numbers are wall time.
set -euo pipefail

cd "$(dirname "$0")/.."
corpus=../shared/corpus
if [[ ! -d "$corpus/migrations" ]]; then
  echo "bench: $corpus/migrations not found (../shared must sit beside the package root)" >&2
  exit 2
fi

echo "== building release (swift build -c release)"
swift build -c release --product cslint-bench >/dev/null
swift build -c release --product cslint >/dev/null
bin=$(swift build -c release --show-bin-path)

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
