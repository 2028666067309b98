#!/usr/bin/env bash
# End-to-end test of the SwiftPM command plugins in a throwaway consumer
# package that depends on this checkout by path.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=Scripts/consumer-package.sh
source "$repo/Scripts/consumer-package.sh"
write_consumer_package "$work" "$repo"
mkdir -p "$work/supabase/migrations"
cat > "$work/supabase/migrations/20250101000000_create_notes.sql" <<'SQL'
create table if not exists public.notes (id bigint primary key, body text);
alter table public.notes enable row level security;
SQL
# The lock_timeout keeps require-lock-timeout (a warning, fixed only with
# --unsafe-fixes) out of the "expect success" run below.
cat > "$work/supabase/migrations/20250102000000_drop_legacy.sql" <<'SQL'
set lock_timeout = '5s';
drop table public.legacy_notes;
SQL
cd "$work"
echo "== swift package lint-migrations (expect failure)"
set +e
output="$(swift package lint-migrations --fail-on warning 2>&1)"
status=$?
set -e
echo "$output" | tail -5
if [ "$status" -eq 0 ]; then echo "FAIL: lint-migrations exited 0 on an unsafe migration"; exit 1; fi
if ! grep -q "missing-if-exists" <<<"$output"; then echo "FAIL: diagnostic missing from output"; exit 1; fi
echo "== swift package fix-migrations"
swift package --allow-writing-to-package-directory fix-migrations 2>&1 | tail -3
grep -qi "drop table if exists public.legacy_notes" supabase/migrations/20250102000000_drop_legacy.sql \
  || { echo "FAIL: fix not applied"; cat supabase/migrations/20250102000000_drop_legacy.sql; exit 1; }
echo "== swift package lint-migrations (expect success)"
start=$(date +%s.%N)
swift package lint-migrations --fail-on warning 2>&1 | tail -3
end=$(date +%s.%N)
echo "warm plugin run: $(echo "$end - $start" | bc) s"
echo "plugin end-to-end: PASS"
