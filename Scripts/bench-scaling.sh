#!/usr/bin/env bash
# Scaling benchmark (issue 8): `cslint lint <dir> --format json` on generated
# Supabase projects of growing size (Scripts/gen-migrations.py), median of
# BENCH_SCALING_RUNS runs each: wall and CPU seconds, peak RSS (GNU time),
# files/s, and the growth ratios between consecutive sizes. Linear scaling
# means time(50k)/time(10k) stays within 5.5x.
#
# Environment:
#   BIN                 use this cslint binary instead of building release
#   BENCH_SCALING_SIZES sizes in files (default "1000 10000 50000")
#   BENCH_SCALING_RUNS  runs per size (default 3)
#   BENCH_SCALING_DIR   where the projects are generated and kept for reuse
#                       (default ${TMPDIR:-/tmp}/cslint-bench-scaling)
#   BENCH_SEED          generator seed (default 8)
#   BENCH_SCALING_STRICT=1  exit 1 when a step's wall and CPU time both grow
#                       more than 1.1x the size ratio
# Numbers are wall time: run it on a quiet machine.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
sizes="${BENCH_SCALING_SIZES:-1000 10000 50000}"
runs="${BENCH_SCALING_RUNS:-3}"
root="${BENCH_SCALING_DIR:-${TMPDIR:-/tmp}/cslint-bench-scaling}"
seed="${BENCH_SEED:-8}"

if [[ ! -x /usr/bin/time ]]; then
  echo "bench-scaling: GNU time (/usr/bin/time) is required (apt-get install time)" >&2
  exit 2
fi
if [[ -n "${BIN:-}" ]]; then
  cslint="$BIN"
  [[ -x "$cslint" ]] || { echo "bench-scaling: BIN=$cslint is not executable" >&2; exit 2; }
else
  echo "== building release (swift build -c release --product cslint)"
  (cd "$repo" && swift build -c release --product cslint >/dev/null)
  cslint="$(cd "$repo" && swift build -c release --show-bin-path)/cslint"
fi

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $cslint"

# Generates the project of $1 files unless a matching one is already there
# (the generator writes a stamp naming its size, seed and template version).
project() {
  local n=$1 dir="$root/n$1"
  local version
  version=$(sed -n 's/^GENERATOR_VERSION = \([0-9]*\)$/\1/p' "$repo/Scripts/gen-migrations.py")
  if [[ "$(cat "$dir/.cslint-gen-stamp" 2>/dev/null)" != "files=$n seed=$seed version=$version" ]]; then
    python3 "$repo/Scripts/gen-migrations.py" --files "$n" --seed "$seed" --out "$dir" --force >&2
  fi
  echo "$dir/supabase/migrations"
}

tmp_time="$(mktemp)"
trap 'rm -f "$tmp_time"' EXIT
measure() { # prints "wall_s cpu_s rss_kb exit_status"
  local status=0 start end
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$tmp_time" "$cslint" lint "$1" --format json >/dev/null 2>&1 || status=$?
  end=$(date +%s%N)
  # cslint exits 1 when it reports findings, which these projects have: not a
  # failure. GNU time then writes "Command exited with non-zero status 1"
  # first, so read the last line. Wall time from date: GNU time's %e has
  # only centiseconds.
  tail -n 1 "$tmp_time" | awk -v s="$status" -v ns=$((end - start)) '{printf "%.3f %.3f %d %d\n", ns / 1e9, $1 + $2, $3, s}'
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -a rows=()
for n in $sizes; do
  dir=$(project "$n")
  files=$(find "$dir" -name '*.sql' | wc -l)
  bytes=$(find "$dir" -name '*.sql' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  samples=()
  for _ in $(seq "$runs"); do
    sample=$(measure "$dir")
    status=${sample##* }
    if [[ $status -gt 1 ]]; then
      echo "bench-scaling: cslint exited with status $status on $n files (2 = usage/I-O error, >128 = signal):" >&2
      "$cslint" lint "$dir" --format json 2>&1 >/dev/null | tail -n 20 >&2 || true
      exit 1
    fi
    samples+=("$sample")
  done
  wall=$(printf '%s\n' "${samples[@]}" | awk '{print $1}' | median)
  cpu=$(printf '%s\n' "${samples[@]}" | awk '{print $2}' | median)
  rss=$(printf '%s\n' "${samples[@]}" | awk '{print $3}' | median)
  walls=$(printf '%s\n' "${samples[@]}" | awk '{print $1}' | sort -g | tr '\n' ' ')
  rows+=("$n $files $bytes $wall $cpu $rss ${walls% }")
done

echo "== cslint lint --format json, median of $runs (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-8s %8s %8s %9s %9s %10s %10s  %s\n' size files MB wall_s cpu_s rss_MiB files/s "walls (sorted)"
for row in "${rows[@]}"; do
  read -r n files bytes wall cpu rss walls <<<"$row"
  awk -v n="$n" -v f="$files" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss" -v ws="$walls" 'BEGIN {
    printf "%-8s %8d %8.2f %9.3f %9.3f %10.1f %10.0f  %s\n", n, f, b / 1e6, w, c, r / 1024, (w > 0 ? f / w : 0), ws }'
done

echo "== growth between consecutive sizes (linear: time ratio close to the size ratio)"
printf '%-15s %10s %10s %10s %10s %16s\n' step size_x wall_x cpu_x rss_x "RSS KiB/1k files"
verdict=0
prev=""
for row in "${rows[@]}"; do
  read -r n files bytes wall cpu rss _ <<<"$row"
  if [[ -n "$prev" ]]; then
    read -r pn pfiles _ pwall pcpu prss _ <<<"$prev"
    line=$(awk -v n="$n" -v pn="$pn" -v f="$files" -v pf="$pfiles" -v w="$wall" -v pw="$pwall" \
      -v c="$cpu" -v pc="$pcpu" -v r="$rss" -v pr="$prss" 'BEGIN {
      sx = f / pf; wx = (pw > 0 ? w / pw : 0); cx = (pc > 0 ? c / pc : 0)
      # Allowed: 10% over the size ratio (5.5x for 10k -> 50k). Wall time alone
      # over the limit while CPU time is within it points at a loaded machine.
      limit = sx * 1.1
      flag = ""
      if (wx > limit && cx > limit) flag = "  NONLINEAR (limit " sprintf("%.1f", limit) "x)"
      else if (wx > limit) flag = "  wall over " sprintf("%.1f", limit) "x, CPU within: machine load?"
      else if (cx > limit) flag = "  CPU over " sprintf("%.1f", limit) "x, wall within"
      # Marginal memory: what each further 1,000 files cost (the process alone
      # takes ~17 MiB before reading anything).
      printf "%-15s %9.1fx %9.2fx %9.2fx %9.2fx %16.0f%s\n", pn "->" n, sx, wx, cx, (pr > 0 ? r / pr : 0), (f > pf ? (r - pr) * 1000 / (f - pf) : 0), flag }')
    echo "$line"
    [[ "$line" == *NONLINEAR* ]] && verdict=1
  fi
  prev="$row"
done
if [[ $verdict -ne 0 ]]; then
  echo "bench-scaling: wall and CPU time grow faster than the number of files (see NONLINEAR above)"
  # Informational by default: a loaded machine can distort one size's median.
  [[ "${BENCH_SCALING_STRICT:-0}" == 1 ]] && exit 1
fi
exit 0
