#!/usr/bin/env bash
# End-to-end test of the plugins on the prebuilt binary (the SwiftLint
# pattern): a consumer package depends on dist/cslint-plugins (made by
# Scripts/release.sh), whose binary target is pointed at the locally built
# cslint.artifactbundle.zip. `swift package lint-migrations` must work
# without compiling cslint (no MigrationLint or PostgresSyntax source is
# built), fail on an unsafe migration and pass on safe ones. Prints the cold
# (first run, fresh .build) and warm times on a generated 200-file project.
#
#   bash Scripts/e2e-plugin-binary.sh DIST_DIR
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(cd "${1:?usage: e2e-plugin-binary.sh DIST_DIR}" && pwd)"
[ -f "$dist/cslint.artifactbundle.zip" ] && [ -f "$dist/cslint-plugins/Package.swift" ] \
  || { echo "FAIL: run Scripts/release.sh first ($dist has no bundle or plugin package)"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs="${E2E_PLUGIN_RUNS:-3}"

# The plugin package, with its binary target on the local bundle.
cp -R "$dist/cslint-plugins" "$work/cslint-plugins"
cp "$dist/cslint.artifactbundle.zip" "$work/cslint-plugins/"
python3 - "$work/cslint-plugins/Package.swift" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
text, count = re.subn(r'url: "[^"]*",\s*checksum: "[0-9a-f]{64}"', 'path: "cslint.artifactbundle.zip"', text)
assert count == 1, "binary target not found in the generated Package.swift"
open(path, "w").write(text)
PY

consumer="$work/consumer"
mkdir -p "$consumer/Sources/App"
cat > "$consumer/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
  name: "Consumer",
  dependencies: [.package(path: "$work/cslint-plugins")],
  targets: [.executableTarget(name: "App")])
SWIFT
echo 'print("consumer")' > "$consumer/Sources/App/main.swift"
python3 "$repo/Scripts/gen-migrations.py" --files 200 --out "$consumer" >/dev/null
rm -f "$consumer/.cslint-gen-stamp"
mkdir -p "$consumer/unsafe/supabase/migrations"
cat > "$consumer/unsafe/supabase/migrations/20250101000000_create_notes.sql" <<'SQL'
create table if not exists public.notes (id bigint primary key, body text);
alter table public.notes enable row level security;
SQL
cat > "$consumer/unsafe/supabase/migrations/20250102000000_index_notes.sql" <<'SQL'
create index notes_body_idx on public.notes (body);
SQL
cd "$consumer"

seconds() { date +%s.%N; }
echo "== cold: swift package lint-migrations (fresh .build)"
start=$(seconds)
set +e
cold_output="$(swift package lint-migrations --quiet 2>&1)"
cold_status=$?
set -e
cold=$(echo "$(seconds) - $start" | bc)
echo "$cold_output" | grep -v '^ ' | tail -5
if grep -qE 'Compiling (MigrationLint|PostgresSyntax|cslint)' <<<"$cold_output"; then
  echo "FAIL: the plugin compiled cslint from source"; exit 1
fi
if find .build -name '*.swiftmodule' -path '*MigrationLint*' | grep . >/dev/null; then
  echo "FAIL: MigrationLint was built in the consumer"; exit 1
fi
echo "cold run: $cold s (exit $cold_status)"

echo "== the unsafe project: lint-migrations must fail with the finding"
set +e
unsafe="$(swift package lint-migrations unsafe/supabase/migrations 2>&1)"
unsafe_status=$?
set -e
[ "$unsafe_status" -ne 0 ] || { echo "$unsafe"; echo "FAIL: lint-migrations passed an unsafe migration"; exit 1; }
grep -q "require-concurrent-index-creation" <<<"$unsafe" || { echo "$unsafe"; echo "FAIL: finding not shown"; exit 1; }

echo "== warm: $runs runs on the 200-file project"
times=()
for _ in $(seq "$runs"); do
  start=$(seconds)
  swift package lint-migrations --quiet >/dev/null 2>&1 || true
  times+=("$(echo "$(seconds) - $start" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "warm runs: ${times[*]} s; median $median s"
echo "plugin from the artifact bundle (no cslint compile): cold $cold s, warm median $median s on 200 files"
echo "plugin binary end-to-end: PASS"
