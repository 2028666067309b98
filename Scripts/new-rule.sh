#!/usr/bin/env bash
# Scaffolds a statement rule: writes Sources/MigrationLint/Rules/<TypeName>.swift
# with a complete description skeleton and registers it in RuleRegistry.swift.
#
#   Scripts/new-rule.sh <rule-id> <category>
#   Scripts/new-rule.sh ban-truncate compatibility
#
# The TODO placeholders make `swift test --filter RuleExamples` fail until
# they are replaced (see CONTRIBUTING.md, "Adding a rule").
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
rules_dir="$root/Sources/MigrationLint/Rules"
registry="$root/Sources/MigrationLint/Engine/RuleRegistry.swift"
categories=(locking compatibility idempotency types security performance meta)

usage() {
  echo "usage: Scripts/new-rule.sh <rule-id> <category>" >&2
  echo "  rule-id:  kebab-case, e.g. ban-truncate (stable and public: never renamed)" >&2
  echo "  category: ${categories[*]}" >&2
  exit 2
}

(($# == 2)) || usage
id="$1"
category="$2"

if [[ ! "$id" =~ ^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$ ]]; then
  echo "error: rule id '$id' is not kebab-case (lower-case words joined by '-', each starting with a letter)" >&2
  exit 2
fi
valid_category=false
for known in "${categories[@]}"; do [[ "$known" == "$category" ]] && valid_category=true; done
if [[ "$valid_category" != true ]]; then
  echo "error: unknown category '$category'; expected one of: ${categories[*]}" >&2
  exit 2
fi

# ban-truncate -> BanTruncate
type_name=""
IFS='-' read -r -a words <<<"$id"
for word in "${words[@]}"; do type_name+="$(tr '[:lower:]' '[:upper:]' <<<"${word:0:1}")${word:1}"; done

file="$rules_dir/$type_name.swift"
if [[ -e "$file" ]]; then
  echo "error: $file already exists" >&2
  exit 1
fi
# Rule files spell ids as `id: "x"`, the history rules as string constants.
if grep -rqsF -- "\"$id\"" "$rules_dir" "$root/Sources/MigrationLint/History"; then
  echo "error: a rule with id '$id' already exists" >&2
  exit 1
fi
if grep -q "^    $type_name(),\$" "$registry"; then
  echo "error: $type_name is already registered in $registry" >&2
  exit 1
fi
if ! grep -q '^  public static let statementRules: \[any Rule\] = \[$' "$registry"; then
  echo "error: cannot find 'statementRules' in $registry" >&2
  exit 1
fi

cat >"$file" <<EOF
import PostgresSyntax

/// TODO: what the rule reports, in a few words (doc comment of the type).
public struct $type_name: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "$id",
    category: .$category,
    defaultSeverity: .warning,
    summary: "TODO: what it reports, one line, no final period",
    rationale: """
      TODO: why it is bad: the lock, rewrite or failure, who is hurt, and when it does not apply.
      """,
    // The lock the flagged statement takes (e.g. "ACCESS EXCLUSIVE"), or nil. A lock needs a live
    // claim in Tests/LiveTests/LiveClaims.swift that observes it.
    lock: nil,
    postgresVersions: "all",
    useInstead: """
      -- TODO: the safe SQL to write instead (complete and runnable)
      """,
    // Each ↓ marks where a finding must start. Pin what the finding depends on:
    //   RuleExample("↓...", previousMigrations: ["CREATE TABLE ..."], postgresVersion: 13, runner: .none,
    //     options: ["option_name": true], message: "the exact message")
    // At least two of each (a test checks).
    triggering: [
      RuleExample("↓SELECT 'TODO: SQL that must be reported';"),
      RuleExample("↓SELECT 'TODO: other SQL that must be reported';"),
    ],
    // Near misses: the safe form, the table created in the same file, the guarded form.
    nonTriggering: [
      RuleExample("SELECT 'TODO: SQL that must not be reported';"),
      RuleExample("SELECT 'TODO: other SQL that must not be reported';"),
    ],
    elsewhere: [],
    // Options users may set in .cslint.yml, e.g.:
    //   static let ignoredTables = RuleOption(
    //     "ignored_tables", type: .strings, default: [], documentation: "Tables the rule skips.")
    // listed here as [Self.ignoredTables] and read in check with
    //   context.options(for: self).strings(Self.ignoredTables)
    options: [])

  // TODO: the statement families check can report on (the engine skips the
  // rule for the others), e.g. `.truncate` or `[.createTable, .alterTable]`.
  public var statementKinds: StatementKinds { .all }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    // TODO: match the statements the rule is about, cheapest test first, e.g.
    //   guard case .truncate(let truncate) = context.statement.node else { return [] }
    // then return findings at the problem's byte range:
    //   [context.diagnostic(description, range: context.statement.range, message: "...", help: "...")]
    // context.statementTokens gives the statement's tokens when the AST lacks a detail.
    []
  }
}
EOF

# Register: one line at the end of statementRules (move it for documentation order).
tmp="$(mktemp)"
awk -v line="    $type_name()," '
  /^  public static let statementRules: \[any Rule\] = \[$/ { inside = 1 }
  inside && /^  \]$/ { print line; inside = 0 }
  { print }
' "$registry" >"$tmp"
cat "$tmp" >"$registry"
rm -f "$tmp"

relative_file="${file#"$root"/}"
relative_registry="${registry#"$root"/}"
cat <<EOF
created    $relative_file
registered $type_name() in $relative_registry (last in statementRules: move it for documentation order)

Next:
  1. Fill in the TODOs: summary, rationale, useInstead, examples, check (CONTRIBUTING.md, "Adding a rule").
  2. swift test --filter RuleExamples          # fails until the TODOs are gone and the examples hold
  3. swift run cslint rules --markdown Rules/  # writes Rules/$id.md and the index
  4. swift test --filter RuleDocumentation
EOF
