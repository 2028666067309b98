#!/usr/bin/env bash
# End-to-end test of the pre-commit hook with the real pre-commit, on a
# throwaway git repository that points at this checkout's HEAD commit.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
precommit="${PRE_COMMIT:-$repo/.venv/bin/pre-commit}"
[ -x "$precommit" ] || { echo "FAIL: pre-commit not installed at $precommit"; exit 1; }
rev="$(git -C "$repo" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$repo/.build-precommit-cache}"
cd "$work"
git init -q
git config user.email ci@example.invalid
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: cslint
YAML
git add .pre-commit-config.yaml
git commit -qm "config" --no-verify
"$precommit" install >/dev/null
mkdir -p supabase/migrations
cat > supabase/migrations/20250101000000_create_notes.sql <<'SQL'
create table if not exists public.notes (id bigint primary key, body text);
alter table public.notes enable row level security;
SQL
git add supabase/migrations/20250101000000_create_notes.sql
echo "== safe migration: commit must pass"
git commit -qm "safe migration"
cat > supabase/migrations/20250102000000_index_notes.sql <<'SQL'
create index notes_body_idx on public.notes (body);
SQL
git add supabase/migrations/20250102000000_index_notes.sql
echo "== unsafe migration: commit must be blocked"
if git commit -qm "unsafe migration" 2>&1 | tee /tmp/precommit-output.txt; then
  if git log --oneline | grep "unsafe migration" >/dev/null; then echo "FAIL: unsafe migration was committed"; exit 1; fi
fi
grep -q "require-concurrent-index-creation" /tmp/precommit-output.txt || { echo "FAIL: diagnostic not shown"; exit 1; }
echo "pre-commit end-to-end: PASS"
