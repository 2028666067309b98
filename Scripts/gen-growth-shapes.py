#!/usr/bin/env python3
"""Writes the inputs of the growth benchmark (issue 21): five shapes that once
took super-linear time, each at a given size. Python 3 standard library only.

    Scripts/gen-growth-shapes.py --shape 2 --size 10000 --out /tmp/shape2

Each shape becomes a Supabase project, OUT/supabase/migrations. The file the
benchmark lints is printed on stdout (shape 5 lints one file of a folder).

1  one line `ALTER TABLE t ADD COLUMN c0 int, ADD COLUMN c1 int, ...`:
   SIZE clauses, one finding each (text format).
2  SIZE unnamed `CREATE INDEX ON t (id);` on one table.
3  a CHECK constraint nested SIZE parentheses deep.
4  SIZE tables, then SIZE `DO $$ BEGIN PERFORM 1; END $$;` blocks.
5  a folder: SIZE earlier files (tables, indexes, functions), then one new
   empty migration, linted alone (the pre-commit case).
"""

import argparse
import os
import shutil
from datetime import datetime, timedelta


def shape1(n):
    clauses = ", ".join(f"ADD COLUMN c{i} int NOT NULL" for i in range(n))
    return {"20240101000000_wide.sql": f"CREATE TABLE t (id int);\n-- next\nALTER TABLE t {clauses};\n"}


def shape2(n):
    body = "CREATE TABLE t (id int);\n" + "CREATE INDEX ON t (id);\n" * n
    return {"20240101000000_indexes.sql": body}


def shape3(n):
    body = "CREATE TABLE t (c int CHECK (" + "(" * n + "c > 0" + ")" * n + "));\n"
    return {"20240101000000_check.sql": body}


def shape4(n):
    tables = "".join(f"CREATE TABLE t{i} (id int PRIMARY KEY, name text);\n" for i in range(n))
    blocks = "DO $$ BEGIN PERFORM 1; END $$;\n" * n
    return {"20240101000000_do.sql": tables + blocks}


def shape5(n):
    files = {}
    for i in range(n):
        version = (datetime(2024, 1, 1) + timedelta(seconds=i)).strftime("%Y%m%d%H%M%S")
        files[f"{version}_step_{i}.sql"] = (
            f"CREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());\n"
            f"CREATE INDEX t{i}_name ON t{i} (name);\n"
            f"ALTER TABLE t{i} ENABLE ROW LEVEL SECURITY;\n"
            f"CREATE POLICY p{i} ON t{i} FOR SELECT USING (true);\n"
            f"CREATE FUNCTION f{i}() RETURNS int LANGUAGE sql AS $$ SELECT count(*)::int FROM t{i} $$;\n"
            f"DO $$ BEGIN PERFORM 1; END $$;\n"
        )
    files["20990101000000_new.sql"] = "-- a new, empty migration\n"
    return files


SHAPES = {1: shape1, 2: shape2, 3: shape3, 4: shape4, 5: shape5}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", type=int, choices=sorted(SHAPES), required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    folder = os.path.join(args.out, "supabase", "migrations")
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(folder)
    files = SHAPES[args.shape](args.size)
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    print(os.path.join(folder, sorted(files)[-1]))


if __name__ == "__main__":
    main()
