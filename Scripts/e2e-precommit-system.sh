#!/usr/bin/env bash
# End-to-end test of the `cslint-system` pre-commit hook (language: system)
# with the real pre-commit, in a throwaway git repository with no Swift in
# it (a JS/TS-style Supabase project): the hook runs the cslint found on
# PATH, blocks an unsafe migration, lets a safe one through, and never lints
# supabase/seed.sql. The hooks come from this checkout's HEAD commit.
#
#   CSLINT_BIN=path/to/cslint bash Scripts/e2e-precommit-system.sh
#
# CSLINT_BIN defaults to .build/debug/cslint (CI passes the release binary).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
precommit="${PRE_COMMIT:-$repo/.venv/bin/pre-commit}"
[ -x "$precommit" ] || { echo "FAIL: pre-commit not installed at $precommit"; exit 1; }
binary="${CSLINT_BIN:-$repo/.build/debug/cslint}"
[ -x "$binary" ] || { echo "FAIL: no cslint binary at $binary (swift build, or set CSLINT_BIN)"; exit 1; }
rev="$(git -C "$repo" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$repo/.build-precommit-cache}"
# cslint on PATH the way a user installs the release binary; no swift on it.
mkdir -p "$work/bin"
ln -s "$binary" "$work/bin/cslint"
export PATH="$work/bin:$(dirname "$precommit"):/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
if command -v swift >/dev/null 2>&1; then
  # The toolchain may live in /usr/bin: hide it behind a stub that fails loudly.
  printf '#!/bin/sh\necho "swift must not run in this test" >&2\nexit 97\n' > "$work/bin/swift"
  chmod +x "$work/bin/swift"
fi
project="$work/app"
mkdir -p "$project" && cd "$project"
git init -q
git config user.email ci@example.invalid
git config user.name ci
echo '{"name": "app", "private": true}' > package.json
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: cslint-system
YAML
git add .pre-commit-config.yaml package.json
git commit -qm "config" --no-verify
"$precommit" install >/dev/null
[ ! -e Package.swift ] || { echo "FAIL: the sample project must not be a Swift package"; exit 1; }
mkdir -p supabase/migrations
cat > supabase/migrations/20250101000000_create_notes.sql <<'SQL'
create table if not exists public.notes (id bigint primary key, body text);
alter table public.notes enable row level security;
SQL
# Seed data is not a migration: an index on a live table here must not block.
cat > supabase/seed.sql <<'SQL'
create index notes_seed_idx on public.notes (body);
insert into public.notes (id, body) values (1, 'hello');
SQL
git add supabase
echo "== safe migration + seed.sql: commit must pass"
git commit -qm "safe migration" 2>&1 | tee "$work/out1.txt"
git log --oneline | grep "safe migration" >/dev/null || { echo "FAIL: the safe commit was blocked"; exit 1; }
grep -q "seed.sql" "$work/out1.txt" && { echo "FAIL: seed.sql was linted"; exit 1; }
cat > supabase/migrations/20250102000000_index_notes.sql <<'SQL'
create index notes_body_idx on public.notes (body);
SQL
git add supabase/migrations/20250102000000_index_notes.sql
echo "== unsafe migration: commit must be blocked"
if git commit -qm "unsafe migration" >"$work/out2.txt" 2>&1; then
  cat "$work/out2.txt"; echo "FAIL: unsafe migration was committed"; exit 1
fi
cat "$work/out2.txt"
git log --oneline | grep "unsafe migration" >/dev/null && { echo "FAIL: unsafe migration was committed"; exit 1; }
grep -q "require-concurrent-index-creation" "$work/out2.txt" || { echo "FAIL: diagnostic not shown"; exit 1; }
grep -q "20250101000000_create_notes.sql" "$work/out2.txt" && { echo "FAIL: a file not staged was reported"; exit 1; }
# Every `cslint ...` command the output tells the user to run resolves on PATH.
if grep -q "cslint fix\|cslint ledger" "$work/out2.txt"; then
  command -v cslint >/dev/null || { echo "FAIL: the output suggests cslint, which is not on PATH"; exit 1; }
fi
echo "== a seed.sql edit alone: no migration staged, the hook is skipped"
echo "create index seed_only_idx on public.notes (id);" >> supabase/seed.sql
git add supabase/seed.sql
git reset -q supabase/migrations/20250102000000_index_notes.sql
git commit -qm "seed only" 2>&1 | tee "$work/out3.txt"
git log --oneline | grep "seed only" >/dev/null || { echo "FAIL: a seed-only commit was blocked"; exit 1; }
echo "pre-commit (language: system, no Swift) end-to-end: PASS"
