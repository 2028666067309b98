#!/usr/bin/env python3
"""Compare cslint's findings with squawk's on the migration corpus.

Reproduces the per-rule table of docs/comparison.md:

    swift build -c release
    python3 -m venv .venv && .venv/bin/pip install squawk-cli
    python3 Scripts/compare-squawk.py                 # the table
    python3 Scripts/compare-squawk.py --details adding-required-column

How it works
------------
* squawk runs once over every corpus file (`--reporter json --pg-version 17.0
  --assume-in-transaction`), from the corpus root so paths match. If it
  aborts (for example on a file that is not UTF-8), it is re-run per
  project so one bad file does not lose the rest.
* A second squawk run *without* `--assume-in-transaction` feeds the
  extra prefer-robust-stmts rows: with that flag squawk skips
  prefer-robust-stmts everywhere except around CONCURRENTLY, which would make
  the idempotency rows say nothing.
* cslint (release build) runs once per project folder, so the schema built
  from earlier migrations is known to later ones, with the project's runner
  and `--postgres-version 17`. Text output is parsed.
* Findings are matched per rule pair by file and *statement*: each finding's
  line is mapped to the statement that contains it with PostgreSQL's own
  statement ranges (corpus/oracle/migrations.jsonl; for the few files
  PostgreSQL cannot parse, the line itself is the key). Within one statement,
  findings on the same line pair first, then the rest pair in order. This
  absorbs the two tools' different anchors (cslint points at the column
  name, squawk at the ALTER action) without pairing unrelated statements.

Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# cslint rule -> (squawk rule, optional predicate on squawk's message).
# prefer-robust-stmts covers both directions; its message says which clause
# is missing ("Missing `IF EXISTS`" / "Missing `IF NOT EXISTS`"); its third
# message ("Missing transaction") has no cslint counterpart here.
PAIRS = [
    ("require-concurrent-index-creation", "require-concurrent-index-creation", None),
    ("require-concurrent-index-deletion", "require-concurrent-index-deletion", None),
    ("concurrently-in-transaction", "ban-concurrent-index-creation-in-transaction", None),
    ("require-concurrent-reindex", "require-concurrent-reindex", None),
    ("adding-required-column", "adding-required-field", None),
    ("set-not-null-scan", "adding-not-nullable-field", None),
    ("constraint-missing-not-valid", "constraint-missing-not-valid|adding-foreign-key-constraint", None),
    ("unique-constraint-without-index", "disallowed-unique-constraint", None),
    ("changing-column-type", "changing-column-type", None),
    ("volatile-default", "adding-field-with-default|adding-serial-primary-key-field", None),
    ("require-lock-timeout", "require-lock-timeout", None),
    ("require-statement-timeout", "require-statement-timeout", None),
    ("transaction-nesting", "transaction-nesting", None),
    ("uncommitted-transaction", "ban-uncommitted-transaction", None),
    ("require-enum-value-ordering", "require-enum-value-ordering", None),
    ("ban-domain-constraint", "ban-create-domain-with-constraint|ban-alter-domain-with-add-constraint", None),
    ("drop-column", "ban-drop-column", None),
    ("drop-table", "ban-drop-table", None),
    ("drop-schema", "ban-drop-schema", None),
    (
        "drop-object",
        "ban-drop-constraint|ban-drop-view|ban-drop-function|ban-drop-default|ban-drop-type"
        "|ban-drop-extension|ban-drop-sequence|ban-drop-trigger|ban-drop-policy|ban-drop-materialized-view",
        None,
    ),
    ("drop-not-null", "ban-drop-not-null", None),
    ("truncate-table", "ban-truncate-cascade", None),
    ("ban-drop-database", "ban-drop-database", None),
    ("rename-column", "renaming-column", None),
    ("rename-table", "renaming-table", None),
    ("rename-object", "renaming-object|ban-set-schema", None),
    ("prefer-timestamptz", "prefer-timestamp-tz|prefer-timestamptz", None),
    ("prefer-bigint", "prefer-bigint-over-int|prefer-bigint-over-smallint|prefer-big-int", None),
    ("prefer-identity", "prefer-identity", None),
    ("prefer-text", "prefer-text-field", None),
    ("ban-char-type", "ban-char-field", None),
    ("identifier-too-long", "identifier-too-long", None),
    ("missing-if-not-exists", "prefer-robust-stmts", "IF NOT EXISTS"),
    ("missing-if-exists", "prefer-robust-stmts", "IF EXISTS`"),
]

# How each project runs its migrations (decides transaction wrapping).
# Projects not listed use cslint's default, supabase.
RUNNERS = {
    "LemmyNet__lemmy": "diesel",
    "rust-lang__crates.io": "diesel",
    "plandex-ai__plandex": "golang-migrate",
    "supabase__postgres": "dbmate",
    "MarquezProject__marquez": "flyway",
    # goose wraps each file in a transaction like Flyway does.
    "e2b-dev__infra": "flyway",
}

# Folders holding two unrelated migration histories: lint each on its own.
SPLITS = {
    "midday-ai__midday": ["apps/api/supabase/migrations", "packages/db/migrations"],
}

DIAGNOSTIC = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+)\[(?P<rule>[a-z0-9-]+)\]: (?P<msg>.*)$")


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace")


def projects(corpus: Path) -> list[tuple[str, Path]]:
    """(name, folder) per migration history, folder relative to the corpus root."""
    result = []
    for entry in sorted(p for p in (corpus / "migrations").iterdir() if p.is_dir()):
        for sub in SPLITS.get(entry.name, [""]):
            folder = entry / sub if sub else entry
            result.append((entry.name + (f" ({sub})" if sub else ""), folder.relative_to(corpus)))
    return result


def run_squawk(squawk: str, corpus: Path, in_transaction: bool) -> tuple[list[dict], list[str]]:
    """squawk's findings over the whole corpus; notes say what went wrong."""
    flags = ["--reporter", "json", "--pg-version", "17.0"] + (["--assume-in-transaction"] if in_transaction else [])
    notes: list[str] = []
    proc = run([squawk, *flags, "migrations/**/*.sql"], corpus)
    try:
        return json.loads(proc.stdout or "[]"), notes
    except json.JSONDecodeError:
        notes.append(f"squawk aborted on the whole corpus ({proc.stderr.strip()[:200]}); re-ran per project")
    findings: list[dict] = []
    for name, folder in projects(corpus):
        proc = run([squawk, *flags, f"{folder}/**/*.sql"], corpus)
        try:
            findings += json.loads(proc.stdout or "[]")
        except json.JSONDecodeError:
            notes.append(f"squawk failed on {name}: {proc.stderr.strip()[:200]}")
    return findings, notes


def run_cslint(cslint: str, corpus: Path) -> list[dict]:
    """cslint's findings for the compared rules, one run per project."""
    known = {line.split()[0] for line in run([cslint, "rules"], corpus).stdout.splitlines()[1:] if line.strip()}
    missing = sorted({pair[0] for pair in PAIRS} - known)
    if missing:
        print(f"note: not in this cslint build, left out: {', '.join(missing)}", file=sys.stderr)
    rules = sorted({pair[0] for pair in PAIRS} & known)
    findings = []
    for name, folder in projects(corpus):
        runner = RUNNERS.get(name.split(" ")[0], "supabase")
        cmd = [cslint, "lint", str(folder), "--runner", runner, "--postgres-version", "17", "--no-color", "-q"]
        for rule in rules:
            cmd += ["--rule", rule]
        proc = run(cmd, corpus)
        if proc.returncode not in (0, 1):
            sys.exit(f"cslint failed on {name} (exit {proc.returncode}): {proc.stderr[:500]}")
        for line in proc.stdout.splitlines():
            match = DIAGNOSTIC.match(line)
            if match:
                findings.append(
                    {
                        "file": match["path"],
                        "line": int(match["line"]),
                        "col": int(match["col"]) - 1,
                        "rule": match["rule"],
                        "message": match["msg"],
                    }
                )
    return findings


class StatementMap:
    """Maps (file, line, column) to a statement index with PostgreSQL's ranges."""

    def __init__(self, corpus: Path):
        self.corpus = corpus
        self.ranges: dict[str, list[int]] = {}
        oracle = corpus / "oracle" / "migrations.jsonl"
        if oracle.exists():
            for row in map(json.loads, oracle.open()):
                if row.get("ok"):
                    self.ranges[row["file"]] = [start for start, _ in row["statements"]]
        self.line_starts: dict[str, list[int]] = {}

    def key(self, file: str, line: int, col: int):
        starts = self.ranges.get(file)
        if starts is None:
            return ("line", line)
        if file not in self.line_starts:
            data = (self.corpus / file).read_bytes()
            self.line_starts[file] = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
        line_starts = self.line_starts[file]
        offset = line_starts[min(line, len(line_starts)) - 1] + max(col, 0)
        return ("stmt", max(bisect.bisect_right(starts, offset) - 1, 0))


def match(cs: list[dict], sq: list[dict], statements: StatementMap):
    """Pairs findings; returns (both, cslint_only, squawk_only) lists."""
    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for side, findings in ((0, cs), (1, sq)):
        for finding in findings:
            key = (finding["file"], statements.key(finding["file"], finding["line"], finding["col"]))
            groups[key][side].append(finding)
    both, c_only, s_only = [], [], []
    for c_list, s_list in groups.values():
        c_left, s_left = list(c_list), list(s_list)
        for c in list(c_left):
            same = next((s for s in s_left if s["line"] == c["line"]), None)
            if same is not None:
                both.append((c, same))
                c_left.remove(c)
                s_left.remove(same)
        for c, s in zip(c_left, s_left):
            both.append((c, s))
        c_only += c_left[len(s_left) :]
        s_only += s_left[len(c_left) :]
    return both, c_only, s_only


def squawk_side(findings: list[dict], rule: str, needle: str | None) -> list[dict]:
    selected = []
    for finding in findings:
        # Several squawk rules may stand for one cslint rule: "a|b".
        if finding["rule_name"] not in rule.split("|"):
            continue
        if needle and needle not in finding["message"]:
            continue
        selected.append({"file": finding["file"], "line": finding["line"] + 1, "col": finding["column"], "message": finding["message"]})
    return selected


def statement_head(corpus: Path, file: str, line: int, width: int = 110) -> str:
    try:
        lines = (corpus / file).read_text(errors="replace").splitlines()
        return lines[line - 1].strip()[:width] if 0 < line <= len(lines) else ""
    except OSError:
        return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"), help="the corpus root (holds migrations/ and oracle/)")
    parser.add_argument("--cslint", default=str(REPO / ".build" / "release" / "cslint"))
    parser.add_argument("--squawk", default=str(REPO / ".venv" / "bin" / "squawk"))
    parser.add_argument("--save", help="write raw findings of both tools to this JSON file")
    parser.add_argument("--load", help="read raw findings saved by --save instead of running the tools")
    parser.add_argument("--details", metavar="RULE", help="list the differing findings of this cslint rule")
    parser.add_argument("--limit", type=int, default=1000, help="with --details: at most this many per side")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    if not (corpus / "migrations").is_dir():
        print(f"corpus not found at {corpus}", file=sys.stderr)
        return 2

    if args.load:
        raw = json.loads(Path(args.load).read_text())
    else:
        for tool in (args.cslint, args.squawk):
            if not os.access(tool, os.X_OK):
                print(f"not executable: {tool}", file=sys.stderr)
                return 2
        version = run([args.squawk, "--version"], corpus).stdout.strip()
        squawk_tx, notes_tx = run_squawk(args.squawk, corpus, in_transaction=True)
        squawk_plain, notes_plain = run_squawk(args.squawk, corpus, in_transaction=False)
        raw = {
            "squawk_version": version,
            "squawk": squawk_tx,
            "squawk_no_tx": squawk_plain,
            "notes": notes_tx + notes_plain,
            "cslint": run_cslint(args.cslint, corpus),
        }
        if args.save:
            Path(args.save).write_text(json.dumps(raw))

    statements = StatementMap(corpus)
    squawk_parse_errors = {f["file"] for f in raw["squawk"] if f["rule_name"] == "syntax-error"}
    rows = []
    details = None
    for run_name, squawk_findings in (("", raw["squawk"]), (" (squawk without --assume-in-transaction)", raw["squawk_no_tx"])):
        for c_rule, s_rule, needle in PAIRS:
            if run_name and s_rule != "prefer-robust-stmts":
                continue
            cs = [f for f in raw["cslint"] if f["rule"] == c_rule]
            sq = squawk_side(squawk_findings, s_rule, needle)
            both, c_only, s_only = match(cs, sq, statements)
            shown_rule = s_rule.replace("|", "`, `") + (f" ({needle.strip('`')})" if needle else "")
            rows.append((c_rule, shown_rule + run_name, len(cs), len(sq), len(both), len(c_only), len(s_only)))
            if args.details == c_rule and details is None:
                details = (c_only, s_only)

    print(f"squawk: {raw.get('squawk_version', '?')}; files squawk could not fully parse: {len(squawk_parse_errors)}")
    for note in raw.get("notes", []):
        print(f"note: {note}")
    print()
    print("| cslint rule | squawk rule | cslint | squawk | both | cslint only | squawk only |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print("| `%s` | `%s` | %d | %d | %d | %d | %d |" % row)

    if details is not None:
        c_only, s_only = details
        for title, findings in (("cslint only", c_only), ("squawk only", s_only)):
            print(f"\n## {args.details}: {title} ({len(findings)})")
            by_file = Counter(f["file"] for f in findings)
            for finding in sorted(findings, key=lambda f: (f["file"], f["line"]))[: args.limit]:
                mark = " [squawk parse error in file]" if finding["file"] in squawk_parse_errors else ""
                print(f"{finding['file']}:{finding['line']}:{mark} {statement_head(corpus, finding['file'], finding['line'])}")
            print(f"-- files: {len(by_file)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
