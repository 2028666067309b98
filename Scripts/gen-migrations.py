#!/usr/bin/env python3
"""Generate a synthetic Supabase project for cslint's scaling benchmarks.

Writes N migration files to <out>/supabase/migrations/<14-digit version>_<name>.sql.
The SQL comes from the templates in this file (written for this benchmark, not
taken from any corpus). The project grows the way a real one does: early files
create tables, later files add columns, indexes, functions, triggers, views,
policies and seed rows to the tables that exist by then, and now and then drop
something. Most statements are safe; a few percent trip cslint rules (a
blocking index build, a NOT NULL column without a default, a table without row
level security, a DROP without IF EXISTS, ...), so the report path is exercised
too.

Deterministic: the same --seed and --files give byte-identical files, and the
project of N files is the first N files of any larger one (same seed), so the
sizes of a scaling run are nested like a project's history.

Python 3 standard library only.

    Scripts/gen-migrations.py --files 10000 --out /tmp/proj [--seed 8] [--force]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys

# Bump when the templates change: the benchmark scripts compare it to the
# stamp of an existing project before reusing it.
GENERATOR_VERSION = 2
STAMP = ".cslint-gen-stamp"

NOUNS = [
    "account", "invoice", "order", "shipment", "product", "review", "ticket",
    "message", "channel", "team", "project", "task", "comment", "attachment",
    "payment", "refund", "coupon", "subscription", "plan", "device", "session",
    "event", "venue", "booking", "course", "lesson", "quiz", "badge", "report",
    "audit", "webhook", "invite", "note", "recipe", "warehouse", "supplier",
    "route", "vehicle", "driver", "survey", "answer", "listing", "bid", "photo",
]
QUALIFIERS = [
    "", "item", "line", "log", "history", "setting", "tag", "member", "vote",
    "snapshot", "request", "share", "archive", "stat", "link", "draft",
]
# Column name -> index into TYPES (below), so names and types agree.
COLUMNS = {
    "title": 0, "label": 0, "status": 0, "kind": 0, "notes": 0, "amount": 5,
    "quantity": 1, "score": 1, "rating": 1, "priority": 1, "locale": 0,
    "currency": 0, "source": 0, "channel_code": 0, "external_ref": 8,
    "is_active": 3, "is_public": 3, "archived": 3, "due_on": 7, "starts_at": 4,
    "ends_at": 4, "metadata": 6, "settings": 6, "color": 0, "position": 1,
    "weight": 5, "summary": 0, "slug": 0, "email": 0, "phone": 0, "country": 0,
    "region": 0, "version": 2, "checksum": 0, "views_count": 2, "published_on": 7,
}
COLUMN_WORDS = sorted(COLUMNS)
# SQL string bodies: the doubled quote is PostgreSQL's escape.
TABLE_REMARKS = ["Owned rows", "Per-user data", "Don''t delete rows by hand"]
# (type, a literal default for it, a sample value for seed rows)
TYPES = [
    ("text", "''", lambda r: "'%s'" % r.choice(["alpha", "beta", "it''s fine", "n/a", "Zürich", "draft"])),
    ("integer", "0", lambda r: str(r.randint(0, 500))),
    ("bigint", "0", lambda r: str(r.randint(0, 10**9))),
    ("boolean", "false", lambda r: r.choice(["true", "false"])),
    ("timestamptz", "now()", lambda r: "now() - interval '%d days'" % r.randint(0, 90)),
    ("numeric(12, 2)", "0", lambda r: "%d.%02d" % (r.randint(0, 9999), r.randint(0, 99))),
    ("jsonb", "'{}'::jsonb", lambda r: "'{\"k\": %d}'::jsonb" % r.randint(0, 9)),
    ("date", "current_date", lambda r: "date '2024-%02d-%02d'" % (r.randint(1, 12), r.randint(1, 28))),
    ("uuid", "gen_random_uuid()", lambda r: "gen_random_uuid()"),
]


class Table:
    __slots__ = ("name", "singular", "columns", "indexes", "policies", "has_owner", "has_updated_at")

    def __init__(self, name: str, singular: str) -> None:
        self.name = name
        self.singular = singular
        self.columns: list[tuple[str, int]] = []  # (name, index into TYPES)
        self.indexes: list[str] = []
        self.policies: list[str] = []
        self.has_owner = False
        self.has_updated_at = False

    def column_names(self) -> set[str]:
        return {c for c, _ in self.columns}


class Project:
    """The schema so far, and the SQL templates that extend it."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.tables: list[Table] = []
        self.table_names: set[str] = set()
        self.functions: list[str] = []
        self.views: list[str] = []
        self.counter = 0

    # -- names ---------------------------------------------------------------

    def fresh_table(self) -> Table:
        r = self.r
        base = r.choice(NOUNS)
        q = r.choice(QUALIFIERS)
        singular = f"{base}_{q}" if q else base
        if singular.endswith("y"):
            name = singular[:-1] + "ies"
        elif singular.endswith(("s", "ch")):
            name = singular + "es"
        else:
            name = singular + "s"
        if name in self.table_names:
            self.counter += 1
            name = f"{name}_{self.counter}"
            singular = f"{singular}_{self.counter}"
        self.table_names.add(name)
        return Table(name, singular)

    def fresh_column(self, table: Table) -> tuple[str, int]:
        """A column name new to the table, and its type (index into TYPES)."""
        names = table.column_names()
        word = self.r.choice(COLUMN_WORDS)
        name = word
        if name in names:
            self.counter += 1
            name = f"{name}_{self.counter}"
        return name, COLUMNS[word]

    def pick_table(self) -> Table:
        # Favour recent tables (active development) but keep touching old ones.
        r = self.r
        if r.random() < 0.6:
            return self.tables[-1 - min(len(self.tables) - 1, int(r.expovariate(0.15)))]
        return r.choice(self.tables)

    # -- templates -----------------------------------------------------------

    def create_table(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.fresh_table()
        lines = [f"-- {t.name}: {r.choice(['core data', 'feature table', 'requested by the product team', 'phase 2'])}"]
        parts = ["  id bigint generated always as identity primary key"]
        parent = r.choice(self.tables) if self.tables and r.random() < 0.6 else None
        if parent is not None:
            parts.append(f"  {parent.singular}_id bigint not null references public.{parent.name} (id) on delete cascade")
            t.columns.append((f"{parent.singular}_id", 2))
        if r.random() < 0.7:
            parts.append("  owner_id uuid not null default auth.uid() references auth.users (id)")
            t.has_owner = True
            t.columns.append(("owner_id", 8))
        for _ in range(r.randint(2, 6)):
            col, ti = self.fresh_column(t)
            typ, default, _ = TYPES[ti]
            extra = ""
            roll = r.random()
            if roll < 0.3:
                extra = f" not null default {default}"
            elif roll < 0.4 and typ == "text":
                extra = f" check (char_length({col}) <= {r.choice([80, 200, 2000])})"
            elif roll < 0.45 and typ == "text":
                extra = " unique"
            parts.append(f"  {col} {typ}{extra}")
            t.columns.append((col, ti))
        parts.append("  created_at timestamptz not null default now()")
        if r.random() < 0.5:
            parts.append("  updated_at timestamptz not null default now()")
            t.has_updated_at = True
            t.columns.append(("updated_at", 4))
        t.columns.append(("created_at", 4))
        if r.random() < 0.25:
            parts.append(f"  constraint {t.name}_created_check check (created_at > '2020-01-01')")
        if_not_exists = "" if flaws and r.random() < 0.3 else "if not exists "
        lines.append(f"create table {if_not_exists}public.{t.name} (\n" + ",\n".join(parts) + "\n);")
        lines.append("")
        if not (flaws and r.random() < 0.3):
            lines.append(f"alter table public.{t.name} enable row level security;")
            lines.append("")
            lines.extend(self.policies_for(t, r.randint(1, 3), flaws))
        remark = r.choice(TABLE_REMARKS)
        lines.append(f"comment on table public.{t.name} is '{remark}';")
        if parent is not None:
            fk = f"{parent.singular}_id"
            # Same file as the CREATE TABLE: no need for CONCURRENTLY.
            lines.append(f"create index if not exists {t.name}_{fk}_idx on public.{t.name} ({fk});")
            t.indexes.append(f"{t.name}_{fk}_idx")
        self.tables.append(t)
        return "\n".join(lines) + "\n", [f"create_{t.name}"]

    def policies_for(self, t: Table, count: int, flaws: bool) -> list[str]:
        r = self.r
        out = []
        for action in r.sample(["select", "insert", "update", "delete"], count):
            name = f"{t.name} {action} own rows" if t.has_owner else f"{t.name} {action} for authenticated"
            if name in t.policies:
                continue
            t.policies.append(name)
            cond = "(select auth.uid()) = owner_id" if t.has_owner else "true"
            # CREATE POLICY has no IF NOT EXISTS: re-runnable migrations drop first.
            if not (flaws and r.random() < 0.25):
                out.append(f'drop policy if exists "{name}" on public.{t.name};')
            if action == "insert":
                out.append(f'create policy "{name}" on public.{t.name}\n  for insert to authenticated\n  with check ({cond});')
            else:
                out.append(f'create policy "{name}" on public.{t.name}\n  for {action} to authenticated\n  using ({cond});')
            out.append("")
        return out

    def add_columns(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        lines = []
        added = []
        for _ in range(r.randint(1, 3)):
            col, ti = self.fresh_column(t)
            typ, default, _ = TYPES[ti]
            roll = r.random()
            if flaws and roll < 0.15:
                clause = f"{typ} not null"  # adding-required-column
            elif roll < 0.45:
                clause = f"{typ} not null default {default}"
            elif roll < 0.65:
                clause = f"{typ} default {default}"
            else:
                clause = typ
            lines.append(f"alter table public.{t.name} add column if not exists {col} {clause};")
            t.columns.append((col, ti))
            added.append(col)
        if r.random() < 0.3:
            lines.append(f"comment on column public.{t.name}.{added[0]} is 'Added for {r.choice(['reporting', 'the mobile app', 'search', 'billing'])}.';")
        return "\n".join(lines) + "\n", [f"add_{added[0]}_to_{t.name}"]

    def create_index(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        cols = [c for c, _ in t.columns] or ["created_at"]
        col = r.choice(cols)
        name = f"{t.name}_{col}_idx"
        if name in t.indexes:
            self.counter += 1
            name = f"{name}_{self.counter}"
        t.indexes.append(name)
        where = f" where {col} is not null" if r.random() < 0.15 else ""
        if flaws and r.random() < 0.35:
            # A blocking build on an existing table: require-concurrent-index-creation.
            sql = f"create index if not exists {name} on public.{t.name} ({col}){where};\n"
        else:
            # Alone in its file, so the Supabase CLI does not wrap it in a transaction.
            sql = f"create index concurrently if not exists {name}\n  on public.{t.name} ({col}){where};\n"
        return sql, [f"index_{t.name}_{col}"]

    def updated_at_trigger(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        fn = f"{t.name}_touch"
        self.functions.append(fn)
        if not t.has_updated_at:
            pre = f"alter table public.{t.name} add column if not exists updated_at timestamptz not null default now();\n\n"
            t.has_updated_at = True
            t.columns.append(("updated_at", 4))
        else:
            pre = ""
        tag = r.choice(["$$", "$$", "$fn$", "$body$"])
        sql = (
            pre
            + f"create or replace function public.{fn}()\n"
            + "returns trigger\n"
            + "language plpgsql\n"
            + "set search_path = ''\n"
            + f"as {tag}\n"
            + "begin\n"
            + "  -- keep updated_at honest; clients cannot be trusted to set it\n"
            + "  new.updated_at := now();\n"
            + "  return new;\n"
            + "end;\n"
            + f"{tag};\n\n"
            + f"drop trigger if exists {fn}_trg on public.{t.name};\n"
            + f"create trigger {fn}_trg\n"
            + f"  before update on public.{t.name}\n"
            + f"  for each row execute function public.{fn}();\n"
        )
        return sql, [f"touch_{t.name}"]

    def rpc_function(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        fn = f"{t.name}_{r.choice(['count', 'summary', 'recent', 'search'])}_{len(self.functions)}"
        self.functions.append(fn)
        owner_filter = "where owner_id = (select auth.uid())" if t.has_owner else "where true"
        if r.random() < 0.5:
            body = (
                "language sql stable\n"
                "security invoker\n"
                "set search_path = ''\n"
                "as $$\n"
                f"  select count(*) from public.{t.name}\n"
                f"  {owner_filter}\n"
                "    and created_at >= now() - make_interval(days => p_days);\n"
                "$$;\n"
            )
        else:
            body = (
                "language plpgsql stable\n"
                "set search_path = ''\n"
                "as $func$\n"
                "declare\n"
                "  total bigint;\n"
                "begin\n"
                "  /* a nested /* comment */ inside a body is fine */\n"
                f"  select count(*) into total from public.{t.name} {owner_filter};\n"
                "  if total > 1000 then\n"
                "    raise notice 'large: %', total;\n"
                "  end if;\n"
                "  return coalesce(total, 0) + p_days * 0;\n"
                "end;\n"
                "$func$;\n"
            )
        sql = (
            f"create or replace function public.{fn}(p_days integer default 30)\n"
            "returns bigint\n"
            + body
            + f"\nrevoke execute on function public.{fn}(integer) from anon;\n"
            + f"grant execute on function public.{fn}(integer) to authenticated;\n"
        )
        return sql, [f"fn_{fn}"]

    def create_view(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        cols = [c for c, _ in t.columns][:4]
        name = f"{t.name}_overview"
        if name in self.views:
            self.counter += 1
            name = f"{name}_{self.counter}"
        self.views.append(name)
        select_list = ",\n  ".join(["t.id"] + [f"t.{c}" for c in cols])
        sql = (
            f"create or replace view public.{name}\n"
            "  with (security_invoker = true) as\n"
            f"select\n  {select_list}\n"
            f"from public.{t.name} as t\n"
            "where t.created_at > now() - interval '1 year'\n"
            "order by t.id desc;\n\n"
            f"grant select on public.{name} to authenticated;\n"
        )
        return sql, [f"view_{name}"]

    def seed_rows(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        cols = [(c, ti) for c, ti in t.columns if c not in ("owner_id", "created_at", "updated_at") and not c.endswith("_id")]
        if not cols:
            return self.add_columns(flaws)
        cols = cols[:5]
        rows = []
        for _ in range(r.randint(2, 20)):
            rows.append("  (" + ", ".join(TYPES[ti][2](r) for _, ti in cols) + ")")
        sql = (
            f"insert into public.{t.name} ({', '.join(c for c, _ in cols)})\nvalues\n"
            + ",\n".join(rows)
            + "\non conflict do nothing;\n"
        )
        return sql, [f"seed_{t.name}"]

    def policy_change(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        lines = []
        if t.policies:
            old = r.choice(t.policies)
            t.policies.remove(old)
            lines.append(f'drop policy if exists "{old}" on public.{t.name};')
        lines.extend(self.policies_for(t, r.randint(1, 2), flaws))
        return "\n".join(lines) + "\n", [f"policies_{t.name}"]

    def drop_something(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        roll = r.random()
        if t.indexes and roll < 0.4:
            idx = t.indexes.pop()
            if flaws and r.random() < 0.4:
                return f"drop index public.{idx};\n", [f"drop_{idx}"]  # not concurrent, no if exists
            return f"drop index concurrently if exists public.{idx};\n", [f"drop_{idx}"]
        if self.views and roll < 0.7:
            v = self.views.pop(r.randrange(len(self.views)))
            if flaws and r.random() < 0.4:
                return f"drop view public.{v};\n", [f"drop_{v}"]  # missing-if-exists
            return f"drop view if exists public.{v};\n", [f"drop_{v}"]
        self.counter += 1
        return (
            f"drop table if exists public.{t.name}_legacy_{self.counter};\n"
            f"drop function if exists public.{t.name}_old_helper();\n",
            [f"cleanup_{t.name}"],
        )

    def set_not_null(self, flaws: bool) -> tuple[str, list[str]]:
        r = self.r
        t = self.pick_table()
        col, _ = r.choice(t.columns) if t.columns else ("created_at", 4)
        if flaws and r.random() < 0.5:
            return f"alter table public.{t.name} alter column {col} set not null;\n", [f"require_{col}"]
        c = f"{t.name}_{col}_not_null"
        # ADD CONSTRAINT has no IF NOT EXISTS: drop first so the file can re-run.
        return (
            f"alter table public.{t.name} drop constraint if exists {c};\n"
            f"alter table public.{t.name}\n  add constraint {c} check ({col} is not null) not valid;\n"
            f"alter table public.{t.name} validate constraint {c};\n",
            [f"require_{col}"],
        )


def build_file(p: Project, index: int) -> tuple[str, str]:
    """One migration: (name slug, SQL text)."""
    r = p.r
    # A few percent of files carry a deliberate mistake.
    flaws = r.random() < 0.08
    if len(p.tables) < 3 or r.random() < max(0.08, 0.5 / (1 + index / 50)):
        kinds = [p.create_table]
    else:
        kinds = r.choices(
            [p.create_table, p.add_columns, p.create_index, p.updated_at_trigger, p.rpc_function,
             p.create_view, p.seed_rows, p.policy_change, p.drop_something, p.set_not_null],
            weights=[8, 20, 10, 8, 10, 8, 12, 8, 6, 3],
            k=1,
        )
        # Some files bundle several changes, but a concurrent index stays alone.
        if kinds[0] not in (p.create_index, p.drop_something):
            while r.random() < 0.45 and len(kinds) < 4:
                kinds.append(r.choice([p.add_columns, p.seed_rows, p.create_view, p.policy_change, p.rpc_function]))
    chunks = []
    names: list[str] = []
    for kind in kinds:
        sql, n = kind(flaws)
        chunks.append(sql)
        names.extend(n)
    header = f"-- Migration {index + 1}: {names[0].replace('_', ' ')}\n"
    if r.random() < 0.3:
        header += "-- Reviewed; safe to run during business hours.\n"
    return "_".join(names)[:60].rstrip("_"), header + "\n" + "\n".join(chunks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, required=True, help="number of migration files")
    ap.add_argument("--out", required=True, help="project directory (migrations go to OUT/supabase/migrations)")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--force", action="store_true", help="replace *.sql already in the migrations folder")
    args = ap.parse_args()
    if args.files < 1:
        ap.error("--files must be at least 1")
    migrations = os.path.join(args.out, "supabase", "migrations")
    os.makedirs(migrations, exist_ok=True)
    stamp_path = os.path.join(args.out, STAMP)
    existing = [f for f in os.listdir(migrations) if f.endswith(".sql")]
    if existing:
        if not (args.force or os.path.exists(stamp_path)):
            print(f"gen-migrations: {migrations} already holds .sql files not made by this script; use --force", file=sys.stderr)
            return 2
        for f in existing:
            os.remove(os.path.join(migrations, f))
    if os.path.exists(stamp_path):
        os.remove(stamp_path)

    p = Project(args.seed)
    moment = datetime.datetime(2021, 3, 1, 9, 0, 0)
    total = 0
    for i in range(args.files):
        # Strictly increasing versions, minutes to days apart.
        moment += datetime.timedelta(seconds=p.r.choice([37, 600, 3600, 7200, 86400, 90061]))
        slug, sql = build_file(p, i)
        path = os.path.join(migrations, f"{moment:%Y%m%d%H%M%S}_{slug}.sql")
        data = sql.encode()
        with open(path, "wb") as fh:
            fh.write(data)
        total += len(data)
    with open(stamp_path, "w") as fh:
        fh.write(f"files={args.files} seed={args.seed} version={GENERATOR_VERSION}\n")
    print(f"gen-migrations: {args.files} files, {total / 1e6:.2f} MB, {len(p.tables)} tables -> {migrations}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
