import PostgresSyntax

/// A `DO` block (or a PL/pgSQL function the same file calls) that updates or
/// deletes rows in batches in a loop: every batch runs in the migration's
/// one transaction, so no batch releases its row locks before the end.
public struct BatchLoopInTransaction: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "batch-loop-in-transaction",
    category: .locking,
    defaultSeverity: .warning,
    summary:
      "A loop that updates or deletes in batches inside a DO block (or a function the file calls) is one transaction",
    rationale: """
      Batching a data change helps only because each batch commits: its row locks are released and the \
      application can write those rows again. A `DO` block is one transaction, and inside a migration \
      it is part of the file's transaction too (the Supabase CLI wraps each file in one). A `LOOP` \
      that runs `UPDATE ... LIMIT`-style batches there commits nothing until the whole file does: every \
      row of every batch stays locked until the end, concurrent updates of those rows wait for the \
      whole backfill, and the write-ahead log and dead rows pile up as for one big `UPDATE`. The \
      same holds for a PL/pgSQL function the migration calls. Run batches after the deploy, outside \
      the schema migration: a script, or a procedure that `COMMIT`s after each batch, called on its \
      own (not inside a transaction). On a small table, drop the loop and update in one statement.
      """,
    lock: "ROW EXCLUSIVE",
    postgresVersions: "all (COMMIT inside a procedure or DO block needs 11+)",
    useInstead: """
      -- The migration changes the schema only. After the deploy, call this procedure on its own
      -- (CALL outside BEGIN ... COMMIT): each batch commits and releases its row locks.
      CREATE OR REPLACE PROCEDURE public.backfill_order_status()
      LANGUAGE plpgsql AS $$
      DECLARE
        changed integer;
      BEGIN
        LOOP
          UPDATE public.orders SET status = 'open'
          WHERE id IN (SELECT id FROM public.orders WHERE status IS NULL ORDER BY id LIMIT 5000);
          GET DIAGNOSTICS changed = ROW_COUNT;
          EXIT WHEN changed = 0;
          COMMIT;
        END LOOP;
      END $$;
      """,
    triggering: [
      RuleExample(
        """
        DO $$
        DECLARE
          changed integer;
        BEGIN
          ↓LOOP
            UPDATE orders SET status = 'open'
            WHERE id IN (SELECT id FROM orders WHERE status IS NULL LIMIT 1000);
            GET DIAGNOSTICS changed = ROW_COUNT;
            EXIT WHEN changed = 0;
          END LOOP;
        END $$;
        """,
        message: """
          This loop changes orders in batches inside a DO block, which is one transaction: no batch \
          commits before the migration does, so every row of every batch stays locked until then
          """),
      RuleExample(
        """
        DO $$
        BEGIN
          ↓WHILE EXISTS (SELECT 1 FROM audit_log WHERE created_at < now() - interval '1 year') LOOP
            DELETE FROM audit_log
            WHERE id IN (SELECT id FROM audit_log WHERE created_at < now() - interval '1 year' LIMIT 500);
          END LOOP;
        END $$;
        """),
      RuleExample(
        """
        CREATE OR REPLACE FUNCTION purge_sessions() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          LOOP
            DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expired LIMIT 1000);
            EXIT WHEN NOT FOUND;
          END LOOP;
        END $$;
        SELECT ↓purge_sessions();
        """,
        message: """
          purge_sessions() runs a loop that changes sessions in batches inside this migration's \
          transaction: no batch commits before the migration does, so every row of every \
          batch stays locked until then
          """),
    ],
    nonTriggering: [
      // One statement per batch, repeated by a script after the deploy.
      RuleExample(
        "UPDATE orders SET status = 'open' WHERE id IN (SELECT id FROM orders WHERE status IS NULL LIMIT 1000);"),
      // A loop over a few rows of configuration, not batches.
      RuleExample(
        """
        DO $$
        DECLARE
          r record;
        BEGIN
          FOR r IN SELECT name FROM feature_flags LOOP
            RAISE NOTICE 'flag %', r.name;
          END LOOP;
        END $$;
        """),
      // A table created in this file is new and empty: no one else holds or waits for its rows.
      RuleExample(
        """
        CREATE TABLE order_copies (id bigint PRIMARY KEY, status text);
        DO $$
        BEGIN
          LOOP
            UPDATE order_copies SET status = 'open'
            WHERE id IN (SELECT id FROM order_copies WHERE status IS NULL LIMIT 1000);
            EXIT WHEN NOT FOUND;
          END LOOP;
        END $$;
        """),
      // Defined here, called only later (after the deploy): nothing runs in the migration.
      RuleExample(
        """
        CREATE OR REPLACE PROCEDURE purge_sessions() LANGUAGE plpgsql AS $$
        BEGIN
          LOOP
            DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expired LIMIT 1000);
            EXIT WHEN NOT FOUND;
            COMMIT;
          END LOOP;
        END $$;
        """),
    ],
    elsewhere: [])

  /// One loop found changing rows in batches.
  struct BatchedLoop {
    var loop: PLLoop
    /// The tables its UPDATE / DELETE statements change.
    var tables: [QualifiedName]
  }

  /// The outermost loops of `body` that update or delete rows in batches:
  /// an `UPDATE` / `DELETE` inside, and a `LIMIT` in it or an `EXIT` on
  /// `ROW_COUNT` / `FOUND` (a `FOR` loop over a query that reads
  /// `ROW_COUNT` only to report it is not batching). A loop that `COMMIT`s is left out (it does
  /// release its batches, where PostgreSQL allows it to run at all).
  static func batchedLoops(_ body: PLBody, tokens: [Token], bytes: [UInt8]) -> [BatchedLoop] {
    var found: [BatchedLoop] = []
    for loop in body.loops where !found.contains(where: { $0.loop.range.contains(loop.keyword.lowerBound) }) {
      var tables: [QualifiedName] = []
      var hasLimit = false
      for statement in body.statements where loop.range.contains(statement.range.lowerBound) {
        guard case .dml(let dml) = statement.node, dml.kind == .update || dml.kind == .delete,
          let table = dml.table
        else { continue }
        if !tables.contains(table) { tables.append(table) }
        let code = body.codeTokens(tokens, within: statement.span.tokens)
        hasLimit = hasLimit || PLBody.mentions(["limit"], in: code, bytes: bytes)
      }
      guard !tables.isEmpty else { continue }
      let code = body.codeTokens(tokens, within: loop.tokens)
      if PLBody.mentions(["commit"], in: code, bytes: bytes) { continue }
      let exitsOnCount =
        PLBody.mentions(["exit"], in: code, bytes: bytes)
        && PLBody.mentions(["row_count", "found"], in: code, bytes: bytes)
      guard hasLimit || exitsOnCount else { continue }
      found.append(BatchedLoop(loop: loop, tables: tables))
    }
    return found
  }

  static let help = """
    Batches release their row locks only when each one commits. Move the loop out of the schema \
    migration: run it after the deploy from a script (one transaction per batch), or as a procedure \
    that COMMITs after each batch, called on its own (CALL outside a transaction block). On a small \
    table, drop the loop and change the rows in one statement.
    """

  public var statementKinds: StatementKinds { [.doBlock, .other, .dml] }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    switch context.statement.node {
    case .doBlock:
      guard let body = context.body else { return [] }
      // The block's code only when a function it may call is defined before it.
      let calls = Self.definesFunctionBefore(context) ? calledFunctions(in: context.bodyCodeTokens ?? [], context) : []
      return calls
        + Self.batchedLoops(body, tokens: context.fileTokens, bytes: context.source.bytes).compactMap { batched in
          let tables = batched.tables.filter { !context.isNewTable($0) }
          guard !tables.isEmpty else { return nil }
          return context.diagnostic(
            description, range: batched.loop.keyword,
            message: String(
              message: """
                This loop changes \(Self.names(tables)) in batches inside a DO block, which is one transaction: \
                no batch commits before the migration does, so every row of every batch stays locked until then
                """),
            help: Self.help)
        }
    case .other, .dml:
      // Statements inside a DO block were read with its body.
      if context.body != nil { return [] }
      // No PL/pgSQL function defined earlier in the file (most statements):
      // nothing to call, so no array of the statement's tokens is built.
      guard Self.definesFunctionBefore(context) else { return [] }
      return calledFunctions(in: Array(context.statementCodeTokens), context)
    default:
      return []
    }
  }

  /// Calls (here, or in the `DO` block being linted) of PL/pgSQL functions
  /// and procedures defined earlier in the file whose bodies loop in batches.
  func calledFunctions(in code: [Token], _ context: RuleContext) -> [Diagnostic] {
    guard Self.definesFunctionBefore(context) else { return [] }
    // Statement indices, not statements: no statement copied per function and caller.
    let functions = Self.plpgsqlFunctions(context)
    var defined: [String: Int] = Dictionary(minimumCapacity: functions.count)
    for (index, name) in functions where index < context.statementIndex { defined[name] = index }
    guard !defined.isEmpty else { return [] }
    let bytes = context.source.bytes
    var diagnostics: [Diagnostic] = []
    for call in PLBody.calls(of: Set(defined.keys), in: code, bytes: bytes) {
      let name = String(decoding: bytes[call], as: UTF8.self)
      let key = name.split(separator: ".").last.map { String($0).trimming("\"").lowercased() } ?? name
      guard let index = defined[key] else { continue }
      let statement = context.statements[index]
      guard case .createFunction(let function) = statement.node else { continue }
      let tables = Self.batchedTables(of: function, at: statement.range.lowerBound, context)
        .filter { !context.isNewTable($0) }
      guard !tables.isEmpty else { continue }
      let line = context.source.location(of: statement.range.lowerBound).line
      diagnostics.append(
        context.diagnostic(
          description, range: call,
          message: String(
            message: """
              \(function.name.displayText)() runs a loop that changes \(Self.names(tables)) in batches inside \
              this migration's transaction: no batch commits before the migration does, so every row of \
              every batch stays locked until then
              """),
          help: String(message: "The loop is in \(function.name.displayText), defined at line \(line). ") + Self.help))
    }
    return diagnostics
  }

  /// Whether a PL/pgSQL function is defined before the statement (the
  /// functions are in statement order).
  static func definesFunctionBefore(_ context: RuleContext) -> Bool {
    guard let first = plpgsqlFunctions(context).first else { return false }
    return first.index < context.statementIndex
  }

  /// The file's PL/pgSQL functions (statement index, name), in order:
  /// worked out once per file, not for every statement that may call one.
  static func plpgsqlFunctions(_ context: RuleContext) -> [(index: Int, name: String)] {
    if let cached = context.fileCache.plpgsqlFunctions { return cached }
    var functions: [(index: Int, name: String)] = []
    for index in context.positions.functions {
      guard case .createFunction(let function) = context.statements[index].node,
        function.language?.lowercased() == "plpgsql"
      else { continue }
      functions.append((index, function.name.name))
    }
    context.fileCache.plpgsqlFunctions = functions
    return functions
  }

  /// The tables the batched loops of a function's body change (empty when
  /// its body cannot be read): read once per function and file, however
  /// many statements call it (saves ~10 M instructions on the corpus run).
  static func batchedTables(of function: CreateFunction, at offset: Int, _ context: RuleContext) -> [QualifiedName] {
    if let cached = context.fileCache.batchedTables[offset] { return cached }
    let bytes = context.source.bytes
    var tables: [QualifiedName] = []
    // Every loop has a `LOOP` keyword, whose letters the body's literal
    // holds as written: a body without them is not lexed and parsed for
    // its loops (saves ~6 M instructions on the corpus run).
    if let range = function.body, Self.mayHoldLoop(bytes, range),
      let literal = PLBody.literal(at: range, bytes: bytes),
      let (body, tokens) = PLBody.read(literal: literal, bytes: bytes)
    {
      tables = batchedLoops(body, tokens: tokens, bytes: bytes).flatMap(\.tables)
    }
    context.fileCache.batchedTables[offset] = tables
    return tables
  }

  /// Whether `bytes[range]` holds `loop` in any case (a loop keyword may be there).
  static func mayHoldLoop(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    guard upper - lower >= 4 else { return false }
    // Through a buffer pointer: bounds checks on each byte of long bodies
    // doubled the cost of the scan.
    return bytes.withUnsafeBufferPointer { buffer in
      for index in lower..<(upper - 3) where buffer[index] | 0x20 == 0x6C {
        if buffer[index + 1] | 0x20 == 0x6F && buffer[index + 2] | 0x20 == 0x6F && buffer[index + 3] | 0x20 == 0x70 {
          return true
        }
      }
      return false
    }
  }

  static func names(_ tables: [QualifiedName]) -> String {
    var seen: [String] = []
    for table in tables where !seen.contains(table.displayText) { seen.append(table.displayText) }
    return seen.joined(separator: ", ")
  }
}
