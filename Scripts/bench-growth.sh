#!/usr/bin/env bash
# Growth benchmark (issue 21): the five input shapes that once took
# super-linear time (Scripts/gen-growth-shapes.py), each at 1x and 4x its
# size, linted by a release build. Prints the median wall time of each and
# the growth ratio time(4x) / time(1x): linear is about 4, and every ratio
# must be at most 5 (exit 1 otherwise). Not a unit test: wall time on a
# shared machine is noisy, so run it on a quiet one and note the load.
#
# Environment:
#   BIN               use this cslint binary instead of building release
#   BENCH_GROWTH_RUNS runs per size (default 3; the median is kept)
#   BENCH_GROWTH_DIR  where inputs are generated (default ${TMPDIR:-/tmp}/cslint-bench-growth)
#   BENCH_GROWTH_SCALE multiplies every base size (default 1)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
runs="${BENCH_GROWTH_RUNS:-3}"
root="${BENCH_GROWTH_DIR:-${TMPDIR:-/tmp}/cslint-bench-growth}"
scale="${BENCH_GROWTH_SCALE:-1}"

if [[ -n "${BIN:-}" ]]; then
  cslint="$BIN"
  [[ -x "$cslint" ]] || { echo "bench-growth: BIN=$cslint is not executable" >&2; exit 2; }
else
  echo "== building release (swift build -c release --product cslint)"
  (cd "$repo" && swift build -c release --product cslint >/dev/null)
  cslint="$(cd "$repo" && swift build -c release --show-bin-path)/cslint"
fi
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), binary $cslint"

# shape, base size, format, what the size counts
shapes=(
  "1 2000 text clauses-on-one-line"
  "2 5000 json unnamed-indexes-on-one-table"
  "3 25000 json CHECK-nesting-depth"
  "4 5000 json tables-then-DO-blocks"
  "5 2500 json earlier-files-(one-file-lint)"
)

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# Prints the median wall seconds of linting shape $1 at size $2 in format $3.
timed() {
  local shape=$1 size=$2 format=$3 dir="$root/shape$1-$2" target times=()
  target=$(python3 "$repo/Scripts/gen-growth-shapes.py" --shape "$shape" --size "$size" --out "$dir")
  # Shape 5 lints one new file of the folder; the others the folder.
  [[ "$shape" == 5 ]] || target="$(dirname "$target")"
  for _ in $(seq "$runs"); do
    local start end status=0
    start=$(date +%s%N)
    # --no-cache: shape 5 measures the replay itself (Scripts/bench-replay-cache.sh the cache).
    "$cslint" lint "$target" --format "$format" --no-color --no-cache >"$root/out.txt" 2>&1 || status=$?
    end=$(date +%s%N)
    if [[ $status -gt 1 ]]; then
      echo "bench-growth: shape $shape size $size exited $status" >&2
      tail -3 "$root/out.txt" >&2
      exit 2
    fi
    times+=("$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')")
  done
  printf '%s\n' "${times[@]}" | median
}

mkdir -p "$root"
status=0
printf '%-5s %-34s %8s %8s %9s %9s %7s\n' shape "size counts" "1x" "4x" "time 1x" "time 4x" ratio
for entry in "${shapes[@]}"; do
  read -r shape base format label <<<"$entry"
  small=$((base * scale))
  large=$((small * 4))
  t1=$(timed "$shape" "$small" "$format")
  t4=$(timed "$shape" "$large" "$format")
  ratio=$(awk -v a="$t1" -v b="$t4" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
  printf '%-5s %-34s %8s %8s %8ss %8ss %7s\n' "$shape" "$label ($format)" "$small" "$large" "$t1" "$t4" "$ratio"
  if awk -v r="$ratio" 'BEGIN { exit !(r > 5) }'; then status=1; fi
done
rm -f "$root/out.txt"
[[ $status -eq 0 ]] && echo "all growth ratios at most 5" || echo "some growth ratio above 5" >&2
exit $status
