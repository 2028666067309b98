#!/usr/bin/env python3
"""Sends SQL to a PostgreSQL server over its unix socket with the exact
frontend/backend protocol messages a migration runner uses, and prints what
the server answered, as JSON.

Standard library only: the live tests run it with any python3. The server must
accept the user without a password (trust), as the LiveTests' throwaway
servers do.

Input (stdin, JSON):
  {"socket": "/tmp/dir/.s.PGSQL.5432", "user": "postgres", "database": "db",
   "steps": [
     {"query": "RESET ALL"},                        # one simple-protocol Query
     {"pipeline": ["stmt 1", "stmt 2"],             # Parse/Bind/Describe/Execute
      "history": {"version": "1", "name": "x"}},    # each, then ONE Sync
     {"query": "COMMIT", "on_error": "ROLLBACK"}    # sent instead when a step failed
   ],
   "stop_on_error": true}                           # skip the steps after a failed one

A runner that sends statement by statement in autocommit (psql -f with
ON_ERROR_STOP) is a list of "query" steps with "stop_on_error".

A "pipeline" step mirrors github.com/jackc/pgconn v1 `Batch.ExecParams` +
`PgConn.ExecBatch`, which the Supabase CLI (pkg/migration/file.go, ExecBatch)
uses: for every statement Parse(unnamed) Bind(unnamed) Describe(portal)
Execute(max rows 0), all written at once, followed by a single Sync. With
"history", the CLI's insert into supabase_migrations.schema_migrations is the
last ExecParams of the same batch (text, text, binary text[] parameters).

Output (stdout, JSON): {"steps": [{"results": [...], "notices": [...],
"status": "I"|"T"|"E"}]} where each result is {"tag": "CREATE INDEX"} or
{"error": "message", "code": "SQLSTATE"}; after an error the server skips the
rest of a pipeline up to the Sync, so a pipeline's results stop there.
"""

import json
import socket
import struct
import sys

TEXT_OID = 25
TEXT_ARRAY_OID = 1009
INSERT_MIGRATION_VERSION = (
    "INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES($1, $2, $3)"
)


def message(kind, payload=b""):
    return kind + struct.pack("!i", len(payload) + 4) + payload


def cstring(text):
    return text.encode("utf-8") + b"\0"


def parse(sql, oids=()):
    return message(b"P", cstring("") + cstring(sql) + struct.pack("!h", len(oids)) + b"".join(
        struct.pack("!I", oid) for oid in oids))


def bind(values=(), formats=()):
    payload = cstring("") + cstring("")
    payload += struct.pack("!h", len(formats)) + b"".join(struct.pack("!h", f) for f in formats)
    payload += struct.pack("!h", len(values))
    for value in values:
        payload += struct.pack("!i", len(value)) + value
    payload += struct.pack("!h", 0)  # result formats: none given (pgconn passes nil)
    return message(b"B", payload)


def describe_portal():
    return message(b"D", b"P" + cstring(""))


def execute():
    return message(b"E", cstring("") + struct.pack("!i", 0))


def binary_text_array(items):
    """pgtype.TextArray.EncodeBinary: one dimension, no nulls, element oid text."""
    encoded = struct.pack("!iiiii", 1, 0, TEXT_OID, len(items), 1)
    for item in items:
        data = item.encode("utf-8")
        encoded += struct.pack("!i", len(data)) + data
    return encoded


class Connection:
    def __init__(self, path, user, database):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(120)
        self.sock.connect(path)
        self.buffer = b""
        params = cstring("user") + cstring(user) + cstring("database") + cstring(database)
        params += cstring("application_name") + cstring("cslint-runner-wire") + b"\0"
        body = struct.pack("!i", 196608) + params
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        while True:
            kind, payload = self.read()
            if kind == b"R":
                (code,) = struct.unpack("!i", payload[:4])
                if code != 0:
                    raise SystemExit(f"server asks for authentication method {code}; only trust is supported")
            elif kind == b"E":
                raise SystemExit("connection refused: " + fields(payload).get("M", "?"))
            elif kind == b"Z":
                return

    def read(self):
        while len(self.buffer) < 5:
            self.fill()
        kind = self.buffer[:1]
        (length,) = struct.unpack("!i", self.buffer[1:5])
        while len(self.buffer) < 1 + length:
            self.fill()
        payload = self.buffer[5:1 + length]
        self.buffer = self.buffer[1 + length:]
        return kind, payload

    def fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise SystemExit("server closed the connection")
        self.buffer += chunk

    def until_ready(self):
        """Reads responses up to ReadyForQuery; one result per finished statement."""
        results, notices = [], []
        while True:
            kind, payload = self.read()
            if kind == b"C":
                results.append({"tag": payload.rstrip(b"\0").decode("utf-8")})
            elif kind == b"I":
                results.append({"tag": ""})
            elif kind == b"E":
                error = fields(payload)
                results.append({"error": error.get("M", ""), "code": error.get("C", "")})
            elif kind == b"N":
                notice = fields(payload)
                notices.append(notice.get("S", "") + ": " + notice.get("M", ""))
            elif kind == b"Z":
                return {"results": results, "notices": notices, "status": payload.decode("ascii")}
            # ParseComplete, BindComplete, RowDescription, NoData, DataRow,
            # ParameterStatus: nothing to record.

    def query(self, sql):
        self.sock.sendall(message(b"Q", cstring(sql)))
        return self.until_ready()

    def pipeline(self, statements, history):
        batch = b""
        for sql in statements:
            batch += parse(sql) + bind() + describe_portal() + execute()
        if history is not None:
            values = [history["version"].encode(), history["name"].encode(), binary_text_array(statements)]
            batch += parse(INSERT_MIGRATION_VERSION, (TEXT_OID, TEXT_OID, TEXT_ARRAY_OID))
            batch += bind(values, (0, 0, 1)) + describe_portal() + execute()
        batch += message(b"S")
        self.sock.sendall(batch)
        return self.until_ready()

    def close(self):
        try:
            self.sock.sendall(message(b"X"))
        finally:
            self.sock.close()


def fields(payload):
    result = {}
    for part in payload.split(b"\0"):
        if part:
            result[chr(part[0])] = part[1:].decode("utf-8", "replace")
    return result


def main():
    request = json.load(sys.stdin)
    connection = Connection(request["socket"], request["user"], request["database"])
    steps = []
    failed = False
    for step in request["steps"]:
        if failed and request.get("stop_on_error"):
            break
        if "query" in step:
            sql = step["on_error"] if failed and "on_error" in step else step["query"]
            steps.append(connection.query(sql))
        else:
            steps.append(connection.pipeline(step["pipeline"], step.get("history")))
        failed = failed or any("error" in result for result in steps[-1]["results"])
    connection.close()
    json.dump({"steps": steps}, sys.stdout)


if __name__ == "__main__":
    main()
