/// The statements whose locks `LockEffectsLiveTests` checks against live
/// servers: each runs on a copy of `setup` (plus its own `setup`).
enum LockCases {
  /// Tables with rows (a rewrite or a scan has real work), an index, a
  /// materialized view with a unique index, a partitioned table with two
  /// partitions and a table to attach, an enum, a NOT VALID check and
  /// foreign key, a trigger, a policy and a view.
  static let setup = """
    CREATE TABLE t (id bigint PRIMARY KEY, a int, v varchar(10), s text);
    INSERT INTO t SELECT g, g, 'v' || (g % 100), 's' || g FROM generate_series(1, 2000) AS g;
    CREATE INDEX t_a_idx ON t (a);
    ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0) NOT VALID;
    CREATE TABLE parent (id bigint PRIMARY KEY);
    INSERT INTO parent SELECT g FROM generate_series(1, 100) AS g;
    CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint);
    INSERT INTO child SELECT g, g % 100 + 1 FROM generate_series(1, 500) AS g;
    ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
    CREATE TABLE plain (id bigint NOT NULL, a int);
    INSERT INTO plain SELECT g, g FROM generate_series(1, 500) AS g;
    CREATE MATERIALIZED VIEW mv AS SELECT id FROM t;
    CREATE UNIQUE INDEX mv_id_idx ON mv (id);
    CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
    INSERT INTO events SELECT g, date '2024-01-01' + g FROM generate_series(1, 600) AS g;
    CREATE TABLE events_2026 (id bigint NOT NULL, at date NOT NULL);
    INSERT INTO events_2026 SELECT g, date '2026-01-01' + g % 300 FROM generate_series(1, 300) AS g;
    CREATE TYPE mood AS ENUM ('sad', 'happy');
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE POLICY t_policy ON t USING (id > 0);
    CREATE VIEW t_view AS SELECT id FROM t;
    """

  static let all: [LockCase] = [
    LockCase("create index", "CREATE INDEX t_s_idx ON t (s)"),
    LockCase("create index concurrently", "CREATE INDEX CONCURRENTLY t_s_idx ON t (s)", blocking: true),
    LockCase("create unique index", "CREATE UNIQUE INDEX t_id_s_idx ON t (id, s)"),
    LockCase("drop index", "DROP INDEX t_a_idx"),
    LockCase("reindex index", "REINDEX INDEX t_a_idx"),
    LockCase("reindex table", "REINDEX TABLE t"),
    LockCase("alter index rename", "ALTER INDEX t_a_idx RENAME TO t_a_index"),
    LockCase("alter index set fillfactor", "ALTER INDEX t_a_idx SET (fillfactor = 70)"),
    LockCase("add column nullable", "ALTER TABLE t ADD COLUMN b int"),
    LockCase("add column constant default", "ALTER TABLE t ADD COLUMN b int DEFAULT 0"),
    LockCase("add column volatile default", "ALTER TABLE t ADD COLUMN b uuid DEFAULT gen_random_uuid()"),
    LockCase("add column not null default", "ALTER TABLE t ADD COLUMN b int NOT NULL DEFAULT 0"),
    LockCase("add column serial", "ALTER TABLE t ADD COLUMN b serial"),
    LockCase("add column identity", "ALTER TABLE t ADD COLUMN b bigint GENERATED ALWAYS AS IDENTITY"),
    LockCase("add column stored generated", "ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2) STORED"),
    LockCase("add column references", "ALTER TABLE t ADD COLUMN parent_id bigint REFERENCES parent (id)"),
    LockCase("drop column", "ALTER TABLE t DROP COLUMN s"),
    LockCase("alter type int to bigint", "ALTER TABLE t ALTER COLUMN a TYPE bigint"),
    LockCase("alter type varchar widen", "ALTER TABLE t ALTER COLUMN v TYPE varchar(20)"),
    LockCase("alter type varchar to text", "ALTER TABLE t ALTER COLUMN v TYPE text"),
    LockCase("alter type text to varchar(5)", "ALTER TABLE t ALTER COLUMN s TYPE varchar(5) USING left(s, 5)"),
    LockCase("set not null", "ALTER TABLE t ALTER COLUMN a SET NOT NULL"),
    LockCase(
      "set not null with check", "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
      setup: "ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL);"),
    LockCase("drop not null", "ALTER TABLE plain ALTER COLUMN id DROP NOT NULL"),
    LockCase("set default", "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1"),
    LockCase(
      "drop default", "ALTER TABLE t ALTER COLUMN a DROP DEFAULT", setup: "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1;"),
    LockCase("add generated identity", "ALTER TABLE plain ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY"),
    LockCase("set statistics", "ALTER TABLE t ALTER COLUMN a SET STATISTICS 500"),
    LockCase("set fillfactor", "ALTER TABLE t SET (fillfactor = 70)"),
    LockCase("add check", "ALTER TABLE t ADD CONSTRAINT t_a_small CHECK (a < 100000)"),
    LockCase("add check not valid", "ALTER TABLE t ADD CONSTRAINT t_a_small CHECK (a < 100000) NOT VALID"),
    LockCase("validate check", "ALTER TABLE t VALIDATE CONSTRAINT t_a_positive"),
    LockCase("validate foreign key", "ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk"),
    LockCase(
      "add foreign key", "ALTER TABLE plain ADD CONSTRAINT plain_parent_fk FOREIGN KEY (a) REFERENCES parent (id)",
      setup: "DELETE FROM plain WHERE a > 100;"),
    LockCase(
      "add foreign key not valid",
      "ALTER TABLE plain ADD CONSTRAINT plain_parent_fk FOREIGN KEY (a) REFERENCES parent (id) NOT VALID"),
    LockCase("add unique", "ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a)"),
    LockCase("add primary key", "ALTER TABLE plain ADD PRIMARY KEY (id)"),
    LockCase(
      "add unique using index", "ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_uidx",
      setup: "CREATE UNIQUE INDEX t_a_uidx ON t (a);"),
    LockCase("drop check constraint", "ALTER TABLE t DROP CONSTRAINT t_a_positive"),
    LockCase("drop foreign key", "ALTER TABLE child DROP CONSTRAINT child_parent_fk"),
    LockCase("enable row level security", "ALTER TABLE t ENABLE ROW LEVEL SECURITY"),
    LockCase("force row level security", "ALTER TABLE t FORCE ROW LEVEL SECURITY"),
    LockCase("enable trigger", "ALTER TABLE t ENABLE TRIGGER t_touch"),
    LockCase("disable trigger", "ALTER TABLE t DISABLE TRIGGER t_touch"),
    LockCase("set unlogged", "ALTER TABLE plain SET UNLOGGED"),
    LockCase("set logged", "ALTER TABLE plain SET LOGGED", setup: "ALTER TABLE plain SET UNLOGGED;"),
    LockCase("owner to", "ALTER TABLE t OWNER TO cslint_owner"),
    LockCase("replica identity full", "ALTER TABLE t REPLICA IDENTITY FULL"),
    LockCase("rename column", "ALTER TABLE t RENAME COLUMN s TO body"),
    LockCase("rename table", "ALTER TABLE t RENAME TO t_renamed"),
    LockCase("rename constraint", "ALTER TABLE t RENAME CONSTRAINT t_a_positive TO t_a_gt_zero"),
    LockCase("set schema", "ALTER TABLE plain SET SCHEMA cslint_other"),
    LockCase(
      "attach partition",
      "ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"),
    LockCase("detach partition", "ALTER TABLE events DETACH PARTITION events_2025"),
    LockCase("add column on partitioned table", "ALTER TABLE events ADD COLUMN note text"),
    LockCase(
      "create table references", "CREATE TABLE orders (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id))"),
    LockCase(
      "create table partition of",
      "CREATE TABLE events_2026b PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"),
    LockCase("drop table with foreign key", "DROP TABLE child"),
    LockCase("truncate", "TRUNCATE t", newEmptyFile: true),
    LockCase("refresh materialized view", "REFRESH MATERIALIZED VIEW mv"),
    LockCase("refresh materialized view concurrently", "REFRESH MATERIALIZED VIEW CONCURRENTLY mv"),
    LockCase("alter type add value", "ALTER TYPE mood ADD VALUE 'calm'"),
    LockCase(
      "create trigger", "CREATE TRIGGER t_touch_insert BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch()"),
    LockCase("drop trigger", "DROP TRIGGER t_touch ON t"),
    LockCase("create policy", "CREATE POLICY t_read ON t FOR SELECT USING (true)"),
    LockCase("alter policy", "ALTER POLICY t_policy ON t USING (id > 1)"),
    LockCase("drop policy", "DROP POLICY t_policy ON t"),
    LockCase("comment on table", "COMMENT ON TABLE t IS 'rows'"),
    LockCase("comment on column", "COMMENT ON COLUMN t.a IS 'a number'"),
    LockCase("grant select", "GRANT SELECT ON t TO cslint_reader"),
    LockCase("vacuum full", "VACUUM FULL t", blocking: true),
    LockCase("cluster", "CLUSTER t USING t_a_idx"),
    LockCase("lock table share", "LOCK TABLE t IN SHARE MODE"),
    LockCase("create or replace view", "CREATE OR REPLACE VIEW t_view AS SELECT id, a FROM t"),
    LockCase("insert", "INSERT INTO t (id, a) VALUES (5000, 5)"),
    LockCase("update", "UPDATE t SET a = a + 1 WHERE id < 10"),
    LockCase("delete", "DELETE FROM t WHERE id < 10"),
    LockCase("revoke select", "REVOKE SELECT ON t FROM cslint_reader", setup: "GRANT SELECT ON t TO cslint_reader;"),
    LockCase("analyze", "ANALYZE t"),
    LockCase("drop index concurrently", "DROP INDEX CONCURRENTLY t_a_idx", blocking: true),
    LockCase("reindex index concurrently", "REINDEX INDEX CONCURRENTLY t_a_idx", blocking: true),
    LockCase(
      "alter index attach partition", "ALTER INDEX events_id_idx ATTACH PARTITION events_2024_id_idx",
      setup: "CREATE INDEX events_id_idx ON ONLY events (id);\nCREATE INDEX events_2024_id_idx ON events_2024 (id);"),
    LockCase("rename materialized view", "ALTER MATERIALIZED VIEW mv RENAME TO mv_renamed"),
    LockCase("drop materialized view", "DROP MATERIALIZED VIEW mv"),
    LockCase("add check on partitioned table", "ALTER TABLE events ADD CONSTRAINT events_id_positive CHECK (id > 0)"),
    LockCase("create index on partitioned table", "CREATE INDEX events_at_idx ON events (at)"),
    LockCase("rename column on partitioned table", "ALTER TABLE events RENAME COLUMN id TO event_id"),
    LockCase("truncate partitioned table", "TRUNCATE events", newEmptyFile: true),
    LockCase("drop partitioned table", "DROP TABLE events"),
    LockCase("lock partitioned table", "LOCK TABLE events IN SHARE MODE"),
    LockCase("insert select", "INSERT INTO t (id, a) SELECT id + 10000, a FROM plain"),
    LockCase("insert into referencing table", "INSERT INTO child (id, parent_id) VALUES (9001, 1)"),
    LockCase("delete referenced row", "DELETE FROM parent WHERE id = 101", setup: "INSERT INTO parent VALUES (101);"),
    LockCase("merge", "MERGE INTO t USING plain AS p ON t.id = p.id WHEN MATCHED THEN UPDATE SET a = p.a"),
  ]
}
