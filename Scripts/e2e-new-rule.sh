#!/usr/bin/env bash
# End-to-end check of Scripts/new-rule.sh, in a temporary copy of the package:
#   1. the scaffold touches exactly two files (the new rule, RuleRegistry.swift);
#   2. the copy builds, and the rule tests FAIL on the TODO placeholders;
#   3. once the placeholders are filled in (here by a script standing in for
#      the author) and Rules/ is regenerated, RuleExamples and RuleDocumentation
#      pass, and the change is the rule file, one registry line and the two
#      generated pages.
# Usage: Scripts/e2e-new-rule.sh   (from anywhere; needs git and swift)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cslint-new-rule.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "e2e-new-rule: FAIL: $*" >&2
  exit 1
}

# The package as committed plus uncommitted edits, and a git baseline to diff against.
(cd "$repo" && git ls-files -co --exclude-standard -z) | (cd "$repo" && xargs -0 cp --parents -t "$work")
cd "$work"
git init -q && git add -A && git -c user.name=e2e -c user.email=e2e@localhost commit -qm baseline
# A fresh build: a copied .build holds absolute module-cache paths and fails.

id="ban-truncate-in-e2e"
bash Scripts/new-rule.sh "$id" compatibility
file="Sources/MigrationLint/Rules/BanTruncateInE2e.swift"

changed="$(git status --porcelain | sort)"
expected="$(printf '%s\n' " M Sources/MigrationLint/Engine/RuleRegistry.swift" "?? $file" | sort)"
[[ "$changed" == "$expected" ]] || fail "the scaffold should touch exactly two files, touched:\n$changed"
[[ "$(git diff --numstat Sources/MigrationLint/Engine/RuleRegistry.swift)" == $'1\t0\t'* ]] ||
  fail "the registry should gain exactly one line"

swift build --build-tests 2>&1 | tail -n 3
# A failing `swift test` is expected here: keep going to read its output.
unfilled="$(swift test --skip-build --filter RuleExamples 2>&1 || true)"
grep -q "$id: replace the TODO placeholders" <<<"$unfilled" ||
  fail "the TODO placeholders did not fail the metadata test:\n$(tail -n 20 <<<"$unfilled")"
grep -q "$id (plain): each ↓ marker must get exactly one diagnostic" <<<"$unfilled" ||
  fail "the placeholder triggering example did not fail"
echo "ok: the scaffolded rule builds and its TODO placeholders fail the tests"

# The author's part: a real rule from the skeleton.
python3 - "$file" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
replacements = [
    ("TODO: what the rule reports, in a few words (doc comment of the type).", "`TRUNCATE` in a migration."),
    ("TODO: what it reports, one line, no final period", "TRUNCATE deletes every row wherever the migration runs"),
    ("TODO: why it is bad: the lock, rewrite or failure, who is hurt, and when it does not apply.",
     "A migration runs on production too, where TRUNCATE deletes real data."),
    ("-- TODO: the safe SQL to write instead (complete and runnable)", "DELETE FROM audit_log WHERE id < 100;"),
    ("SELECT 'TODO: SQL that must be reported';", "TRUNCATE audit_log;"),
    ("SELECT 'TODO: other SQL that must be reported';", "TRUNCATE TABLE audit_log, sessions;"),
    ("SELECT 'TODO: SQL that must not be reported';", "DELETE FROM audit_log WHERE id < 100;"),
    ("SELECT 'TODO: other SQL that must not be reported';", "UPDATE audit_log SET archived = true;"),
    ("    // TODO: match the statements", "    guard case .truncate = context.statement.node else { return [] }\n"
     "    return [context.diagnostic(description, range: context.statement.range, message: \"TRUNCATE deletes every row\")]\n"
     "    // Was: match the statements"),
]
for old, new in replacements:
    assert old in text, old
    text = text.replace(old, new)
text = text.replace("\n    []\n  }\n}", "\n  }\n}")
open(path, "w").write(text)
PY
swift build --build-tests 2>&1 | tail -n 3
swift run -q cslint rules --markdown Rules/
swift test --skip-build --filter "RuleExamples|RuleDocumentation" 2>&1 | tail -n 3 ||
  fail "the filled-in rule does not pass RuleExamples and RuleDocumentation"

changed="$(git status --porcelain | sort)"
expected="$(printf '%s\n' " M Rules/README.md" " M Sources/MigrationLint/Engine/RuleRegistry.swift" \
  "?? Rules/$id.md" "?? $file" | sort)"
[[ "$changed" == "$expected" ]] || fail "adding the rule should touch the rule file, the registry and Rules/, touched:\n$changed"
echo "ok: a new statement rule = 1 new file + 1 registry line (+ Rules/$id.md and Rules/README.md, generated)"
