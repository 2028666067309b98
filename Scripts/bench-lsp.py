#!/usr/bin/env python3
"""Re-lint latency of `cslint lsp` on a generated Supabase project.

Generates an N-file project (Scripts/gen-migrations.py), starts `cslint lsp`,
opens the migration K files from the end, and sends M edits (each a
`didChange` with the whole text, alternating an added statement and the
original text). The latency of an edit is the time from sending its
`didChange` to receiving the `publishDiagnostics` for it: what an editor
waits for. The first open (replaying the earlier files) is reported apart.

Python 3 standard library only.

    Scripts/bench-lsp.py .build/release/cslint [--files 200] [--from-end 5] [--edits 200]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream) -> dict:
    headers = b""
    while not headers.endswith(b"\r\n\r\n"):
        byte = stream.read(1)
        if not byte:
            raise SystemExit("cslint lsp closed its output")
        headers += byte
    length = next(
        int(line.split(b":", 1)[1]) for line in headers.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    return json.loads(stream.read(length))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--from-end", type=int, default=5, help="open the file this many from the end (1 = last)")
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--out", help="project directory (default: a temporary one)")
    ap.add_argument(
        "--settling", action="store_true",
        help="the edit adds a finding that a later migration may settle (a table without RLS): "
        "each change then also lints the files after the open one, as `cslint lint` settles",
    )
    args = ap.parse_args()

    out = args.out or tempfile.mkdtemp(prefix="cslint-bench-lsp-")
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(
        [sys.executable, os.path.join(here, "gen-migrations.py"), "--files", str(args.files), "--out", out, "--force"],
        check=True, stdout=subprocess.DEVNULL,
    )
    folder = os.path.join(out, "supabase", "migrations")
    files = sorted(name for name in os.listdir(folder) if name.endswith(".sql"))
    path = os.path.join(folder, files[-args.from_end])
    uri = "file://" + path
    with open(path, encoding="utf-8") as handle:
        original = handle.read()
    # A statement that trips rules (a blocking index build without lock_timeout),
    # or one whose finding settles at the folder's end (a table without RLS).
    added = (
        "create table public.bench_table (id bigint primary key);"
        if args.settling
        else "create index bench_idx on public.bench_missing (id);"
    )
    edited = original + "\n" + added + "\n"

    server = subprocess.Popen([os.path.abspath(args.binary), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=out)

    def send(message: dict) -> None:
        server.stdin.write(frame(message))
        server.stdin.flush()

    def diagnostics() -> dict:
        while True:
            message = read_message(server.stdout)
            if message.get("method") == "textDocument/publishDiagnostics":
                return message["params"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
    read_message(server.stdout)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "sql", "version": 1, "text": original}}})
    first = diagnostics()
    open_ms = (time.perf_counter() - start) * 1000

    latencies = []
    edited_findings = 0
    for version in range(2, args.edits + 2):
        text = edited if version % 2 == 0 else original
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
        published = diagnostics()
        latencies.append((time.perf_counter() - start) * 1000)
        if text is edited:
            edited_findings = len(published["diagnostics"])
        if published.get("version") != version:
            raise SystemExit(f"diagnostics for version {published.get('version')}, expected {version}")

    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    read_message(server.stdout)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    server.wait(timeout=30)

    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"project: {args.files} files, opened {files[-args.from_end]} ({len(original.encode())} bytes), "
          f"{len(first['diagnostics'])} findings on open, {edited_findings} after the edit")
    print(f"first open (replays {len(files) - args.from_end} earlier files): {open_ms:.1f} ms")
    print(f"re-lint after a change{' (settling finding)' if args.settling else ''}, {len(latencies)} edits: median {statistics.median(latencies):.2f} ms, "
          f"p95 {p95:.2f} ms, max {latencies[-1]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
