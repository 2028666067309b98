#!/usr/bin/env bash
# Replay cache benchmark (issue 21, item 5): `cslint lint NEW.sql` on a new
# migration after N earlier files (replayed for context), with no cache,
# a cold cache (first run: replays and stores) and a warm one (loads the
# stored snapshot, replays nothing), including a folder where one early
# migration holds a 20 MB INSERT. Prints median wall seconds, the ratio
# no cache / warm and cold / no cache; exits 1 when the cache changes the
# report, a warm run is not clearly cheaper than no cache (ratio under
# 1.2) or a cold run costs more than 1.3 times a run without the cache.
# Not a unit test: wall times are noisy on a loaded machine (use
# BENCH_CACHE_RUNS=5 or more there; `valgrind --tool=callgrind` instruction
# counts are the stable measure, see docs/benchmarks.md).
#
# Environment:
#   BIN              use this cslint binary instead of building release
#   BENCH_CACHE_RUNS runs per measurement (default 3; the median is kept)
#   BENCH_CACHE_DIR  where inputs are generated (default ${TMPDIR:-/tmp}/cslint-bench-cache)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
runs="${BENCH_CACHE_RUNS:-3}"
root="${BENCH_CACHE_DIR:-${TMPDIR:-/tmp}/cslint-bench-cache}"

if [[ -n "${BIN:-}" ]]; then
  cslint="$BIN"
  [[ -x "$cslint" ]] || { echo "bench-replay-cache: BIN=$cslint is not executable" >&2; exit 2; }
else
  echo "== building release (swift build -c release --product cslint)"
  (cd "$repo" && swift build -c release --product cslint >/dev/null)
  cslint="$(cd "$repo" && swift build -c release --show-bin-path)/cslint"
fi
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), binary $cslint"

# Writes $1 earlier migrations into folder $2 (plus a 20 MB INSERT as the
# second one when $3 is 1) and a new empty migration; prints its path.
generate() {
  python3 - "$1" "$2" "$3" <<'PY'
import os, sys
count, folder, big = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
os.makedirs(folder, exist_ok=True)
for name in os.listdir(folder):
    os.remove(os.path.join(folder, name))
for i in range(count):
    path = os.path.join(folder, "2024%010d_step.sql" % i)
    with open(path, "w") as out:
        out.write("create table t%d (id bigint primary key, owner uuid, v text);\n" % i)
        out.write("create index on t%d (v);\n" % i)
        out.write("alter table t%d enable row level security;\n" % i)
        if big and i == 1:
            out.write("insert into t1 (id, owner, v) values\n")
            row = 0
            while out.tell() < 20 * 1024 * 1024:
                out.write("  (%d, null, 'row %d of the seed data, padded to look like real text'),\n" % (row, row))
                row += 1
            out.write("  (%d, null, 'last');\n" % row)
path = os.path.join(folder, "2099%010d_new.sql" % 0)
open(path, "w").close()
print(path)
PY
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# One run of cslint on $1 with the extra arguments; prints wall seconds.
once() {
  local target=$1 start end status=0
  shift
  start=$(date +%s%N)
  "$cslint" lint "$target" --format json --no-color "$@" >"$root/out.txt" 2>&1 || status=$?
  end=$(date +%s%N)
  if [[ $status -gt 1 ]]; then
    echo "bench-replay-cache: exited $status" >&2
    tail -3 "$root/out.txt" >&2
    exit 2
  fi
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

mkdir -p "$root"
status=0
printf '%-7s %-10s %10s %10s %10s %8s %10s\n' earlier "20MB file" "no cache" cold warm ratio cold/none
for entry in "1000 0" "4000 0" "1000 1" "4000 1"; do
  read -r count big <<<"$entry"
  folder="$root/m-$count-$big"
  target=$(generate "$count" "$folder" "$big")
  # Files changed in the last 2 s are always re-read (racy stamps), as
  # files just generated would be: let them age like committed ones.
  sleep 2
  cache="$root/cache-$count-$big"
  none=$(for _ in $(seq "$runs"); do once "$target" --no-cache; done | median)
  cold=$(for _ in $(seq "$runs"); do rm -rf "$cache"; once "$target" --cache-dir "$cache"; done | median)
  warm=$(for _ in $(seq "$runs"); do once "$target" --cache-dir "$cache"; done | median)
  # The cache must not change the report.
  "$cslint" lint "$target" --format json --no-cache >"$root/a.json" 2>&1 || true
  "$cslint" lint "$target" --format json --cache-dir "$cache" >"$root/b.json" 2>&1 || true
  cmp -s "$root/a.json" "$root/b.json" || { echo "bench-replay-cache: reports differ with the cache" >&2; status=1; }
  ratio=$(awk -v a="$none" -v b="$warm" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
  coldratio=$(awk -v a="$cold" -v b="$none" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-7s %-10s %9ss %9ss %9ss %7sx %9sx\n' "$count" "$([[ $big == 1 ]] && echo yes || echo no)" "$none" "$cold" "$warm" "$ratio" "$coldratio"
  if awk -v w="$warm" -v n="$none" 'BEGIN { exit !(w * 1.2 > n) }'; then
    echo "bench-replay-cache: warm ($warm s) not clearly cheaper than no cache ($none s)" >&2
    status=1
  fi
  if awk -v c="$cold" -v n="$none" 'BEGIN { exit !(c > n * 1.3) }'; then
    echo "bench-replay-cache: cold ($cold s) costs more than 1.3 x no cache ($none s)" >&2
    status=1
  fi
  rm -rf "$folder" "$cache"
done
rm -f "$root/out.txt" "$root/a.json" "$root/b.json"
[[ $status -eq 0 ]] && echo "same reports with the cache; warm runs clearly cheaper than no cache; cold within 1.3x" || echo "replay cache check failed" >&2
exit $status
