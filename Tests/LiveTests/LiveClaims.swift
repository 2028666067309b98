/// The live claims: one row per PostgreSQL behaviour that a rule's message or
/// help depends on. Every row runs on every target major (15 and 18) by
/// `LiveClaimTests`; the results make up docs/verification.md.
///
/// Adding a rule that claims a lock, a rewrite, a scan or a failure means
/// adding its row here in the same change.
enum LiveClaims {
  /// A table with rows: a scan, a rewrite or a NOT NULL check has real work,
  /// and "fails on a non-empty table" can fail.
  static let table = """
    CREATE TABLE t (id bigint PRIMARY KEY, a int, v varchar(10), s text);
    INSERT INTO t SELECT g, g, 'v' || g, 'row ' || g FROM generate_series(1, 2000) AS g;
    """

  /// A parent and a child table for foreign keys.
  static let parentAndChild = """
    CREATE TABLE parent (id bigint PRIMARY KEY);
    INSERT INTO parent SELECT g FROM generate_series(1, 500) AS g;
    CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint);
    INSERT INTO child SELECT g, 1 + g % 500 FROM generate_series(1, 2000) AS g;
    """

  static let all: [LiveClaim] =
    indexes + columns + constraints + other + maintenance + compatibility + types + guide

  static let indexes: [LiveClaim] = [
    LiveClaim(
      id: "create-index", ruleID: "require-concurrent-index-creation",
      setup: table, statement: "CREATE INDEX t_a_idx ON t (a)",
      locks: [TableLock("t", .share)],
      safeAlternative: SafeAlternative(
        sql: "CREATE INDEX CONCURRENTLY t_a_idx ON t (a)", concurrently: true, maxLock: .shareUpdateExclusive)),
    LiveClaim(
      id: "drop-index", ruleID: "require-concurrent-index-deletion",
      setup: table + "\nCREATE INDEX t_a_idx ON t (a);", statement: "DROP INDEX t_a_idx",
      locks: [TableLock("t", .accessExclusive)],
      safeAlternative: SafeAlternative(
        sql: "DROP INDEX CONCURRENTLY t_a_idx", concurrently: true, maxLock: .shareUpdateExclusive)),
    LiveClaim(
      id: "create-index-concurrently-in-transaction", ruleID: "concurrently-in-transaction",
      setup: table, statement: "BEGIN;\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nCOMMIT;",
      failure: "cannot run inside a transaction block",
      safeAlternative: SafeAlternative(
        sql: "CREATE INDEX CONCURRENTLY t_a_idx ON t (a)", concurrently: true, maxLock: .shareUpdateExclusive)),
    // DDL inside a DO block runs in a function: CONCURRENTLY is refused even in autocommit.
    LiveClaim(
      id: "create-index-concurrently-in-do-block", ruleID: "concurrently-in-transaction",
      setup: table, statement: "DO $$ BEGIN CREATE INDEX CONCURRENTLY t_a_idx ON t (a); END $$",
      failure: "cannot be executed from a function",
      safeAlternative: SafeAlternative(
        sql: "CREATE INDEX CONCURRENTLY t_a_idx ON t (a)", concurrently: true, maxLock: .shareUpdateExclusive)),
  ]

  static let columns: [LiveClaim] = [
    LiveClaim(
      id: "add-column-not-null-without-default", ruleID: "adding-required-column",
      setup: table, statement: "ALTER TABLE t ADD COLUMN c int NOT NULL",
      failure: "contains null values",
      safeAlternative: SafeAlternative(
        sql: "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0", maxLock: .accessExclusive, rewrite: false)),
    LiveClaim(
      id: "add-column-not-null-constant-default", ruleID: "adding-required-column", since: 11,
      setup: table, statement: "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0",
      locks: [TableLock("t", .accessExclusive)], rewrite: false),
    LiveClaim(
      id: "add-column-volatile-default-clock", ruleID: "adding-required-column",
      setup: table, statement: "ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT clock_timestamp()",
      locks: [TableLock("t", .accessExclusive)], rewrite: true),
    LiveClaim(
      id: "add-column-volatile-default-uuid", ruleID: "adding-required-column",
      setup: table, statement: "ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()",
      locks: [TableLock("t", .accessExclusive)], rewrite: true),
    LiveClaim(
      id: "add-column-volatile-default-random", ruleID: "volatile-default",
      setup: table, statement: "ALTER TABLE t ADD COLUMN c double precision DEFAULT random()",
      locks: [TableLock("t", .accessExclusive)], rewrite: true,
      safeAlternative: SafeAlternative(
        sql: "ALTER TABLE t ADD COLUMN c double precision", maxLock: .accessExclusive, rewrite: false)),
    LiveClaim(
      id: "add-column-bigserial", ruleID: "volatile-default",
      setup: table, statement: "ALTER TABLE t ADD COLUMN c bigserial",
      locks: [TableLock("t", .accessExclusive)], rewrite: true),
    LiveClaim(
      id: "add-column-stable-default-now", ruleID: "volatile-default", since: 11,
      setup: table, statement: "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()",
      locks: [TableLock("t", .accessExclusive)], rewrite: false),
    LiveClaim(
      id: "add-column-virtual-generated", ruleID: "volatile-default", since: 18,
      setup: table, statement: "ALTER TABLE t ADD COLUMN c bigint GENERATED ALWAYS AS (id * 2) VIRTUAL",
      locks: [TableLock("t", .accessExclusive)], rewrite: false),
    LiveClaim(
      id: "set-not-null", ruleID: "set-not-null-scan",
      setup: table, statement: "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
      locks: [TableLock("t", .accessExclusive)], rewrite: false, scan: true,
      safeAlternative: SafeAlternative(
        extraSetup: "ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;",
        sql: "ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null", maxLock: .shareUpdateExclusive)),
    LiveClaim(
      id: "set-not-null-with-validated-check", ruleID: "set-not-null-scan", since: 12,
      setup: table + """

        ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;
        ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null;
        """,
      statement: "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
      locks: [TableLock("t", .accessExclusive)], rewrite: false, scan: false),
    LiveClaim(
      id: "alter-column-type-int-to-bigint", ruleID: "changing-column-type",
      setup: table, statement: "ALTER TABLE t ALTER COLUMN a TYPE bigint",
      locks: [TableLock("t", .accessExclusive)], rewrite: true),
    LiveClaim(
      id: "alter-column-type-varchar-longer", ruleID: "changing-column-type",
      setup: table, statement: "ALTER TABLE t ALTER COLUMN v TYPE varchar(20)",
      locks: [TableLock("t", .accessExclusive)], rewrite: false),
    LiveClaim(
      id: "alter-column-type-varchar-to-text", ruleID: "changing-column-type",
      setup: table, statement: "ALTER TABLE t ALTER COLUMN v TYPE text",
      locks: [TableLock("t", .accessExclusive)], rewrite: false),
  ]

  static let constraints: [LiveClaim] = [
    // A new referencing column is checked against every row when it has a
    // default (a value no parent has fails); with no default PostgreSQL skips the check.
    LiveClaim(
      id: "add-column-references-with-default", ruleID: "constraint-missing-not-valid",
      setup: parentAndChild, statement: "ALTER TABLE child ADD COLUMN p2 bigint DEFAULT 999999 REFERENCES parent",
      failure: "violates foreign key constraint",
      safeAlternative: SafeAlternative(
        sql: "ALTER TABLE child ADD COLUMN p2 bigint REFERENCES parent", maxLock: .accessExclusive, rewrite: false,
        scan: false)),
    // An explicit DEFAULT NULL is enough for PostgreSQL to check (read) every row. The
    // foreign key check runs as a query, without the "verifying table" message the
    // observer looks for: it shows as a sequential scan of child in
    // pg_stat_xact_user_tables (checked by hand on 15 and 18), so only the locks are claimed here.
    LiveClaim(
      id: "add-column-references-default-null", ruleID: "constraint-missing-not-valid",
      setup: parentAndChild, statement: "ALTER TABLE child ADD COLUMN p2 bigint DEFAULT NULL REFERENCES parent",
      locks: [TableLock("child", .accessExclusive), TableLock("parent", .shareRowExclusive)], rewrite: false),
    LiveClaim(
      id: "add-column-unique", ruleID: "unique-constraint-without-index",
      setup: table, statement: "ALTER TABLE t ADD COLUMN u text UNIQUE",
      locks: [TableLock("t", .accessExclusive)]),
    LiveClaim(
      id: "add-foreign-key",
      setup: parentAndChild,
      statement: "ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)",
      locks: [TableLock("child", .shareRowExclusive), TableLock("parent", .shareRowExclusive)],
      safeAlternative: SafeAlternative(
        extraSetup: """
          ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
          """,
        sql: "ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk", maxLock: .shareUpdateExclusive)),
    LiveClaim(
      id: "add-foreign-key-not-valid",
      setup: parentAndChild,
      statement: """
        ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID
        """,
      locks: [TableLock("child", .shareRowExclusive), TableLock("parent", .shareRowExclusive)]),
    LiveClaim(
      id: "validate-foreign-key",
      setup: parentAndChild + """

        ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
        """,
      statement: "ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk",
      locks: [TableLock("child", .shareUpdateExclusive), TableLock("parent", .rowShare)]),
    LiveClaim(
      id: "add-check-constraint", ruleID: "constraint-missing-not-valid",
      setup: table, statement: "ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0)",
      locks: [TableLock("t", .accessExclusive)], rewrite: false, scan: true,
      safeAlternative: SafeAlternative(
        extraSetup: "ALTER TABLE t ADD CONSTRAINT t_a_positive CHECK (a > 0) NOT VALID;",
        sql: "ALTER TABLE t VALIDATE CONSTRAINT t_a_positive", maxLock: .shareUpdateExclusive)),
    LiveClaim(
      id: "add-column-waits-for-access-exclusive", ruleID: "require-lock-timeout",
      setup: table, statement: "ALTER TABLE t ADD COLUMN note text",
      locks: [TableLock("t", .accessExclusive)], rewrite: false),
    LiveClaim(
      id: "add-unique-constraint", ruleID: "unique-constraint-without-index",
      setup: table, statement: "ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a)",
      locks: [TableLock("t", .accessExclusive)], rewrite: false,
      safeAlternative: SafeAlternative(
        sql: "CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON t (a)", concurrently: true,
        maxLock: .shareUpdateExclusive)),
  ]

  static let other: [LiveClaim] = [
    LiveClaim(
      id: "enum-value-used-in-same-transaction",
      setup: "CREATE TYPE mood AS ENUM ('sad', 'ok');",
      statement: "BEGIN;\nALTER TYPE mood ADD VALUE 'happy';\nSELECT 'happy'::mood;\nCOMMIT;",
      failure: "unsafe use of new value",
      // Committed first, the value is usable by the next transaction.
      safeAlternative: SafeAlternative(sql: "ALTER TYPE mood ADD VALUE 'happy';\nSELECT 'happy'::mood;")),
    LiveClaim(
      id: "enable-row-level-security",
      setup: table, statement: "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
      locks: [TableLock("t", .accessExclusive)]),
    LiveClaim(
      id: "create-policy",
      setup: table, statement: "CREATE POLICY t_read ON t FOR SELECT TO authenticated USING (true)",
      locks: [TableLock("t", .accessExclusive)]),
  ]

  static let maintenance: [LiveClaim] = [
    LiveClaim(
      id: "reindex-table", ruleID: "require-concurrent-reindex",
      setup: table + "\nCREATE INDEX t_a_idx ON t (a);", statement: "REINDEX TABLE t",
      locks: [TableLock("t", .share)],
      safeAlternative: SafeAlternative(
        sql: "REINDEX TABLE CONCURRENTLY t", concurrently: true, maxLock: .shareUpdateExclusive)),
    LiveClaim(
      id: "reindex-index", ruleID: "require-concurrent-reindex",
      setup: table + "\nCREATE INDEX t_a_idx ON t (a);", statement: "REINDEX INDEX t_a_idx",
      locks: [TableLock("t", .share)],
      safeAlternative: SafeAlternative(
        sql: "REINDEX INDEX CONCURRENTLY t_a_idx", concurrently: true, maxLock: .shareUpdateExclusive)),
    LiveClaim(
      id: "cluster", ruleID: "table-rewrite-command",
      setup: table, statement: "CLUSTER t USING t_pkey",
      locks: [TableLock("t", .accessExclusive)], rewrite: true),
    LiveClaim(
      id: "vacuum-full", ruleID: "table-rewrite-command",
      setup: table, statement: "VACUUM FULL t", concurrently: true,
      locks: [TableLock("t", .accessExclusive)]),
    LiveClaim(
      id: "refresh-materialized-view", ruleID: "require-concurrent-refresh",
      setup: table + """

        CREATE MATERIALIZED VIEW t_mv AS SELECT id, a FROM t;
        CREATE UNIQUE INDEX t_mv_id_idx ON t_mv (id);
        """,
      statement: "REFRESH MATERIALIZED VIEW t_mv",
      locks: [TableLock("t_mv", .accessExclusive)],
      safeAlternative: SafeAlternative(sql: "REFRESH MATERIALIZED VIEW CONCURRENTLY t_mv", maxLock: .exclusive)),
    LiveClaim(
      id: "detach-partition", ruleID: "require-concurrent-partition-detach",
      setup: """
        CREATE TABLE p (id bigint, a int) PARTITION BY RANGE (id);
        CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10000);
        INSERT INTO p SELECT g, g FROM generate_series(1, 2000) AS g;
        """,
      statement: "ALTER TABLE p DETACH PARTITION p1",
      locks: [TableLock("p", .accessExclusive), TableLock("p1", .accessExclusive)],
      safeAlternative: SafeAlternative(
        sql: "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", concurrently: true, maxLock: .shareUpdateExclusive)),
    LiveClaim(
      // In a DO block, so that the effects run (autocommit) is in a transaction too:
      // a bare LOCK TABLE is refused there (the next claim).
      id: "lock-table", ruleID: "lock-table",
      setup: table, statement: "DO $$ BEGIN LOCK TABLE t; END $$",
      locks: [TableLock("t", .accessExclusive)]),
    LiveClaim(
      id: "lock-table-outside-transaction", ruleID: "lock-table",
      setup: table, statement: "LOCK TABLE t IN SHARE MODE",
      failure: "can only be used in transaction blocks"),
  ]

  /// Breaking changes for running code: the lock each takes (the break
  /// itself is the application's, not the server's).
  static let compatibility: [LiveClaim] =
    [
      LiveClaim(
        id: "drop-column", ruleID: "drop-column",
        setup: table, statement: "ALTER TABLE t DROP COLUMN s",
        locks: [TableLock("t", .accessExclusive)], rewrite: false),
      LiveClaim(
        id: "drop-table", ruleID: "drop-table",
        setup: table, statement: "DROP TABLE t",
        locks: [TableLock("t", .accessExclusive)]),
      LiveClaim(
        id: "drop-schema-not-empty", ruleID: "drop-schema",
        setup: "CREATE SCHEMA s;\nCREATE TABLE s.t (id bigint PRIMARY KEY);", statement: "DROP SCHEMA s",
        failure: "other objects depend on it"),
      LiveClaim(
        id: "rename-column", ruleID: "rename-column",
        setup: table, statement: "ALTER TABLE t RENAME COLUMN s TO s2",
        locks: [TableLock("t", .accessExclusive)], rewrite: false),
      LiveClaim(
        id: "rename-table", ruleID: "rename-table",
        setup: table, statement: "ALTER TABLE t RENAME TO t2",
        locks: [TableLock("t", .accessExclusive)]),
      LiveClaim(
        id: "truncate-cascade", ruleID: "truncate-table",
        setup: parentAndChild + "\nALTER TABLE child ADD FOREIGN KEY (parent_id) REFERENCES parent (id);",
        statement: "TRUNCATE parent CASCADE",
        locks: [TableLock("parent", .accessExclusive), TableLock("child", .accessExclusive)]),
      LiveClaim(
        id: "drop-not-null", ruleID: "drop-not-null",
        setup:
          "CREATE TABLE t (id bigint PRIMARY KEY, a int NOT NULL);\nINSERT INTO t SELECT g, g FROM generate_series(1, 2000) AS g;",
        statement: "ALTER TABLE t ALTER COLUMN a DROP NOT NULL",
        locks: [TableLock("t", .accessExclusive)], rewrite: false),
    ] + session

  /// An enum with a table using it.
  static let enumTable = """
    CREATE TYPE st AS ENUM ('a', 'b');
    CREATE TABLE t (id bigint PRIMARY KEY, s st);
    INSERT INTO t SELECT g, 'a' FROM generate_series(1, 200) AS g;
    """

  /// A partitioned table with one partition.
  static let partitioned = """
    CREATE TABLE p (id bigint, at date) PARTITION BY RANGE (at);
    CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    INSERT INTO p SELECT g, date '2024-01-01' + g % 300 FROM generate_series(1, 2000) AS g;
    """

  /// Transactions, timeouts, enums, domains and partitions (the session rules).
  static let session: [LiveClaim] = [
    LiveClaim(
      id: "validate-constraint-scan", ruleID: "require-statement-timeout",
      setup: table + "\nALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;",
      statement: "ALTER TABLE t VALIDATE CONSTRAINT t_a_check", scan: true),
    LiveClaim(
      id: "add-column-lock-kept", ruleID: "lock-held-across-statements",
      setup: table, statement: "ALTER TABLE t ADD COLUMN c int",
      locks: [TableLock("t", .accessExclusive)]),
    LiveClaim(
      id: "update-without-where", ruleID: "unbatched-backfill",
      setup: table, statement: "UPDATE t SET a = a + 1",
      locks: [TableLock("t", .rowExclusive)]),
    LiveClaim(
      id: "enum-new-value-used-in-transaction", ruleID: "enum-value-in-transaction", since: 12,
      setup: enumTable, statement: "BEGIN;\nALTER TYPE st ADD VALUE 'c';\nUPDATE t SET s = 'c' WHERE id = 1;\nCOMMIT;",
      failure: "unsafe use of new value",
      // Added and not used, the transaction commits.
      safeAlternative: SafeAlternative(sql: "BEGIN;\nALTER TYPE st ADD VALUE 'c';\nCOMMIT;")),
    LiveClaim(
      id: "enum-new-value-of-new-type", ruleID: "enum-value-in-transaction", since: 12, until: 16,
      setup: "",
      statement: """
        BEGIN;
        CREATE TYPE st2 AS ENUM ('x');
        ALTER TYPE st2 ADD VALUE 'y';
        CREATE TABLE t2 (id bigint, s st2 DEFAULT 'y');
        COMMIT;
        """,
      failure: "unsafe use of new value"),
    LiveClaim(
      id: "enum-new-value-in-default", ruleID: "enum-value-in-transaction", since: 12,
      setup: enumTable,
      statement: "BEGIN;\nALTER TYPE st ADD VALUE 'c';\nALTER TABLE t ALTER COLUMN s SET DEFAULT 'c';\nCOMMIT;",
      failure: "unsafe use of new value"),
    LiveClaim(
      id: "create-index-concurrently-partitioned", ruleID: "concurrent-index-on-partitioned-table",
      setup: partitioned, statement: "CREATE INDEX CONCURRENTLY p_at_idx ON p (at)",
      failure: "cannot create index on partitioned table",
      safeAlternative: SafeAlternative(
        sql: """
          CREATE INDEX p_at_idx ON ONLY p (at);
          CREATE INDEX CONCURRENTLY p1_at_idx ON p1 (at);
          ALTER INDEX p_at_idx ATTACH PARTITION p1_at_idx;
          """)),
    LiveClaim(
      id: "create-index-concurrently-on-only-partitioned", ruleID: "concurrent-index-on-partitioned-table",
      setup: partitioned, statement: "CREATE INDEX CONCURRENTLY p_at_idx ON ONLY p (at)",
      failure: "cannot create index on partitioned table"),
    LiveClaim(
      id: "alter-domain-add-constraint", ruleID: "ban-domain-constraint",
      setup: """
        CREATE DOMAIN pos AS int;
        CREATE TABLE t (id bigint PRIMARY KEY, a pos);
        INSERT INTO t SELECT g, g FROM generate_series(1, 2000) AS g;
        """,
      statement: "ALTER DOMAIN pos ADD CONSTRAINT pos_check CHECK (VALUE > 0)",
      locks: [TableLock("t", .share)],
      safeAlternative: SafeAlternative(
        sql: "ALTER DOMAIN pos ADD CONSTRAINT pos_check CHECK (VALUE > 0) NOT VALID", maxLock: .accessShare)),
    LiveClaim(
      id: "alter-domain-add-constraint-fails-on-rows", ruleID: "ban-domain-constraint",
      setup: "CREATE DOMAIN pos AS int;\nCREATE TABLE t (id bigint PRIMARY KEY, a pos);\nINSERT INTO t VALUES (1, -1);",
      statement: "ALTER DOMAIN pos ADD CONSTRAINT pos_check CHECK (VALUE > 0)",
      failure: "violate the new constraint"),
  ]

  /// The rewrites and failures the types rules' messages name. The type
  /// rules report the CREATE, not the later change: their claims check the
  /// rewrite only (changing-column-type's claims check the ACCESS EXCLUSIVE
  /// lock of the same statements), so the rules declare no lock.
  static let types: [LiveClaim] = [
    LiveClaim(
      id: "alter-column-type-int-key-to-bigint", ruleID: "prefer-bigint",
      setup: """
        CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, a int);
        INSERT INTO t (a) SELECT g FROM generate_series(1, 2000) AS g;
        """,
      statement: "ALTER TABLE t ALTER COLUMN id TYPE bigint", rewrite: true),
    LiveClaim(
      id: "alter-column-type-varchar-shorter", ruleID: "prefer-text",
      setup: table, statement: "ALTER TABLE t ALTER COLUMN v TYPE varchar(5)", rewrite: true),
    LiveClaim(
      id: "update-published-table-without-key", ruleID: "require-primary-key",
      setup: """
        CREATE TABLE nokey (a int, b text);
        INSERT INTO nokey SELECT g, 'row ' || g FROM generate_series(1, 100) AS g;
        DROP PUBLICATION IF EXISTS cslint_nokey;
        CREATE PUBLICATION cslint_nokey FOR TABLE nokey;
        """,
      statement: "UPDATE nokey SET b = 'changed' WHERE a = 1",
      failure: "does not have a replica identity and publishes updates"),
    LiveClaim(
      id: "alter-table-two-actions", ruleID: "multiple-alter-table",
      setup: table, statement: "ALTER TABLE t ADD COLUMN c int, ADD COLUMN d text",
      locks: [TableLock("t", .accessExclusive)], rewrite: false),
  ]

  /// A batched backfill loop as a DO block, as the users' migration guide writes it.
  static let batchedBackfill = """
    DO $$
    DECLARE
      changed integer;
    BEGIN
      LOOP
        UPDATE t SET s = 'done' WHERE id IN (SELECT id FROM t WHERE s <> 'done' ORDER BY id LIMIT 500);
        GET DIAGNOSTICS changed = ROW_COUNT;
        EXIT WHEN changed = 0;
      END LOOP;
    END $$
    """

  /// The claims of the rules written for the users' migration guide (issue 18).
  static let guide: [LiveClaim] = [
    LiveClaim(
      id: "do-block-batch-loop", ruleID: "batch-loop-in-transaction",
      setup: table, statement: batchedBackfill, locks: [TableLock("t", .rowExclusive)]),
    // Row 1 was changed by the first batch; the block has finished, yet the
    // row stays locked until the migration's transaction ends.
    LiveClaim(
      id: "do-block-batch-loop-holds-row-locks", ruleID: "batch-loop-in-transaction",
      setup: table, statement: batchedBackfill, blocks: "UPDATE t SET a = 0 WHERE id = 1"),
    // The help's safe version: a procedure that commits each batch runs
    // when called on its own, and is refused inside a transaction block
    // (such as the one a migration runner opens).
    LiveClaim(
      id: "procedure-commit-per-batch-in-transaction", ruleID: "batch-loop-in-transaction",
      setup: table + """

        CREATE PROCEDURE backfill_t() LANGUAGE plpgsql AS $$
        DECLARE
          changed integer;
        BEGIN
          LOOP
            UPDATE t SET s = 'done' WHERE id IN (SELECT id FROM t WHERE s <> 'done' ORDER BY id LIMIT 500);
            GET DIAGNOSTICS changed = ROW_COUNT;
            EXIT WHEN changed = 0;
            COMMIT;
          END LOOP;
        END $$;
        """,
      statement: "BEGIN;\nCALL backfill_t();\nCOMMIT;", failure: "invalid transaction termination",
      safeAlternative: SafeAlternative(sql: "CALL backfill_t()")),
    LiveClaim(
      id: "pg-sleep-keeps-locks", ruleID: "sleep-in-migration",
      setup: table, statement: "ALTER TABLE t ADD COLUMN note text;\nSELECT pg_sleep(0.2)",
      blocks: "SELECT count(*) FROM t"),
    LiveClaim(
      id: "expand-and-contract-in-one-migration", ruleID: "contract-in-same-migration",
      setup: table,
      statement: "ALTER TABLE t ADD COLUMN label text;\nUPDATE t SET label = s;\nALTER TABLE t DROP COLUMN s",
      locks: [TableLock("t", .accessExclusive)]),
    // The application's query, unchanged since the last deploy, after the migration.
    LiveClaim(
      id: "expand-and-contract-breaks-old-queries", ruleID: "contract-in-same-migration",
      setup: table,
      statement:
        "ALTER TABLE t ADD COLUMN label text;\nUPDATE t SET label = s;\nALTER TABLE t DROP COLUMN s;\nSELECT s FROM t WHERE id = 1;",
      failure: "column \"s\" does not exist"),
    // The same-named table in another schema has the column, so the guarded ADD COLUMN is skipped.
    LiveClaim(
      id: "information-schema-check-without-schema", ruleID: "information-schema-without-schema",
      setup: """
        CREATE TABLE guide_orders (id bigint PRIMARY KEY);
        CREATE SCHEMA IF NOT EXISTS cslint_backup;
        CREATE TABLE IF NOT EXISTS cslint_backup.guide_orders (id bigint PRIMARY KEY, note text);
        """,
      statement: """
        DO $$
        BEGIN
          IF NOT EXISTS (
            SELECT 1 FROM information_schema.columns WHERE table_name = 'guide_orders' AND column_name = 'note'
          ) THEN
            ALTER TABLE guide_orders ADD COLUMN note text;
          END IF;
        END $$;
        SELECT note FROM guide_orders;
        """,
      failure: "column \"note\" does not exist"),
    // CREATE FUNCTION and CREATE TRIGGER succeed; the first INSERT fails.
    LiveClaim(
      id: "trigger-reads-missing-new-column", ruleID: "trigger-references-unknown-column",
      setup: table,
      statement: """
        CREATE FUNCTION t_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.s := coalesce(NEW.title, '');
          RETURN NEW;
        END $$;
        CREATE TRIGGER t_search BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION t_search();
        INSERT INTO t (id, a) VALUES (5000, 1);
        """,
      failure: "record \"new\" has no field \"title\""),
  ]
}
