import PostgresSyntax

/// A statement that waits for a write-blocking lock on an existing table
/// while no `lock_timeout` is set.
public struct RequireLockTimeout: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "require-lock-timeout",
    category: .locking,
    defaultSeverity: .warning,
    summary: "Set a lock_timeout before a statement that takes a write-blocking lock on an existing table",
    rationale: """
      A statement that needs a SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE or ACCESS EXCLUSIVE lock waits \
      behind every transaction that holds a conflicting lock, and while it waits, every later query that \
      conflicts with the lock it asked for (for ACCESS EXCLUSIVE: every query, even a SELECT) queues \
      behind it. One long-running query on the table then stops the application until it ends. With \
      `SET lock_timeout` the migration gives up after a few seconds and can be retried, instead of \
      queueing everyone. The rule reports the first such statement after each transaction boundary (the \
      same SET covers the later ones; `SET LOCAL` inside an explicit `BEGIN`, where it lasts until \
      COMMIT). Statements written without the `CONCURRENTLY` form they have (CREATE INDEX, DROP INDEX, \
      REINDEX, DETACH PARTITION) are left to the rules that ask for it: their fix takes a lock that \
      lets reads and writes through. Each file starts without a lock_timeout: the Supabase CLI sends `RESET ALL` before \
      each file. Tables created earlier in the same file are new and nobody else uses them yet: the \
      rule is silent on them.
      """,
    lock: "ACCESS EXCLUSIVE",
    postgresVersions: "all",
    fixAvailability: .sometimes,
    fixNotes: """
      Inserts `SET lock_timeout = '5s';` on a line before the statement (`SET LOCAL` inside an explicit \
      transaction), a suggestion applied with `--unsafe-fixes`. Only for complete statements (ending in \
      a semicolon).
      """,
    useInstead: """
      SET lock_timeout = '5s';
      ALTER TABLE orders ADD COLUMN note text;
      """,
    triggering: [
      // pg_dump's `SET lock_timeout = 0` turns the timeout off.
      RuleExample(
        """
        SET lock_timeout = 0;
        ↓ALTER TABLE orders ADD COLUMN note text;
        """),
      RuleExample(
        "↓ALTER TABLE orders ADD COLUMN note text;",
        message: """
          ALTER TABLE waits for an ACCESS EXCLUSIVE lock on orders with no lock_timeout: while it waits, \
          every later query on orders queues behind it
          """),
      // Only the first statement of the transaction: one SET covers both.
      RuleExample(
        """
        ↓CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
        ALTER TABLE orders ADD COLUMN note text;
        """,
        message: """
          CREATE TRIGGER waits for a SHARE ROW EXCLUSIVE lock on orders with no lock_timeout: while it \
          waits, every later write to orders queues behind it
          """),
      // SET LOCAL ends with the first transaction: the second one needs its own.
      RuleExample(
        """
        BEGIN;
        SET LOCAL lock_timeout = '5s';
        ALTER TABLE orders ADD COLUMN note text;
        COMMIT;
        BEGIN;
        ↓ALTER TABLE orders DROP COLUMN note;
        COMMIT;
        """),
    ],
    nonTriggering: [
      RuleExample(
        """
        SET lock_timeout = '5s';
        ALTER TABLE orders ADD COLUMN note text;
        """),
      RuleExample(
        """
        CREATE TABLE refunds (id bigint PRIMARY KEY, amount numeric);
        ALTER TABLE refunds ADD COLUMN reason text;
        """),
      // CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes go on while it waits.
      RuleExample("CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);"),
      // require-concurrent-index-creation reports it, and its fix takes the weaker lock.
      RuleExample("CREATE INDEX orders_status_idx ON orders (status);"),
    ],
    fixes: [
      FixExample(
        before: "-- Free-form notes.\nALTER TABLE orders ADD COLUMN note text;",
        after: "-- Free-form notes.\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;"),
      FixExample(
        before: "BEGIN;\n  ALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
        after: "BEGIN;\n  SET LOCAL lock_timeout = '5s';\n  ALTER TABLE orders ADD COLUMN note text;\nCOMMIT;"),
    ],
    elsewhere: ["squawk: require-lock-timeout", "squawk: require-timeout-settings", "eugene: E9"])

  public func check(_ context: RuleContext) -> [Diagnostic] {
    // Most statements (DML, GRANT, SET, functions) take no such lock: skip
    // computing their effects.
    guard StatementEffects.mayTakeShareLock(context.statement) else { return [] }
    // An earlier statement since the last boundary got the finding: its SET
    // covers this one. Tested first: the effects (which the linter needs
    // all the same) are then computed but not copied out.
    if context.schema.lockWaitWithoutTimeout {
      context.computeEffectsIfNeeded()
      return []
    }
    // Tested in the cache, the effects copied out only for a finding.
    context.computeEffectsIfNeeded()
    guard let effect = context.effectsCache.unboundedLockWait else { return [] }
    let table = Self.display(effect.relation)
    let article = effect.lock == .accessExclusive ? "an" : "a"
    let queued = effect.lock == .accessExclusive ? "query on" : "write to"
    // Read in the cache: the effects are not copied out for one field.
    let isLocal = context.effectsCache.value?.transaction.opener == .explicit
    let set = isLocal ? "SET LOCAL lock_timeout = '5s';" : "SET lock_timeout = '5s';"
    let start = context.statement.range.lowerBound
    let indent = Self.indentation(before: start, in: context.source)
    let fixes: [Fix] =
      context.statement.span.semicolon == nil
      ? []
      : [
        Fix(
          title: isLocal ? Self.localTitle : Self.sessionTitle, applicability: .suggestion,
          edits: [TextEdit.insert(String(message: "\(set)\(context.lineBreak)\(indent)"), at: start)])
      ]
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(
          message: """
            \(Self.verb(context)) waits for \(article) \(effect.lock.sqlName) lock on \(table) with no \
            lock_timeout: while it waits, every later \(queued) \(table) queues behind it
            """),
        help: isLocal ? Self.localHelp : Self.sessionHelp,
        fixes: fixes)
    ]
  }

  // The texts that depend only on the SET: built once, not per finding
  // (saves ~4 M instructions on the corpus run).
  static let localTitle = "Insert SET LOCAL lock_timeout = '5s';"
  static let sessionTitle = "Insert SET lock_timeout = '5s';"
  static let localHelp = help(set: "SET LOCAL lock_timeout = '5s';")
  static let sessionHelp = help(set: "SET lock_timeout = '5s';")

  static func help(set: String) -> String {
    """
    Set a lock timeout first, so that a busy table makes the migration fail fast (retry it) instead \
    of queueing every query behind it:
      \(set)
    """
  }

  /// The statement's first two words, e.g. `ALTER TABLE`, `CREATE INDEX`.
  static func verb(_ context: RuleContext) -> String {
    // ASCII words into one buffer (no String per word, no join): every
    // finding of this rule and require-statement-timeout starts with it.
    let bytes = context.source.bytes
    var text: [UInt8] = []
    text.reserveCapacity(24)
    var count = 0
    for token in context.statementTokens where !token.kind.isTrivia {
      let start = max(0, min(token.start, bytes.count))
      let end = max(start, min(token.end, bytes.count))
      if bytes[start..<end].contains(where: { $0 >= 0x80 }) { return unicodeVerb(context) }
      if count > 0 { text.append(0x20) }
      for byte in bytes[start..<end] { text.append(byte >= 0x61 && byte <= 0x7A ? byte & 0xDF : byte) }
      count += 1
      // `UPDATE t`, `WITH x AS`, `COPY t`: the second word is a name, not part of the verb.
      if count == 2 || text.elementsEqual("UPDATE".utf8) || text.elementsEqual("WITH".utf8)
        || text.elementsEqual("COPY".utf8)
      {
        break
      }
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// `verb` word by word, for statements with non-ASCII words.
  static func unicodeVerb(_ context: RuleContext) -> String {
    var words: [String] = []
    for token in context.statementTokens where !token.kind.isTrivia {
      words.append(upper(token, context.source.bytes))
      // `UPDATE t`, `WITH x AS`, `COPY t`: the second word is a name, not part of the verb.
      if words.count == 2 || words[0] == "UPDATE" || words[0] == "WITH" || words[0] == "COPY" { break }
    }
    return words.joined(separator: " ")
  }

  /// A token's text in upper case: ASCII on its bytes, other text through
  /// `uppercased()`.
  static func upper(_ token: Token, _ bytes: [UInt8]) -> String {
    let start = max(0, min(token.start, bytes.count))
    let end = max(start, min(token.end, bytes.count))
    let slice = bytes[start..<end]
    if slice.contains(where: { $0 >= 0x80 }) { return String(decoding: slice, as: UTF8.self).uppercased() }
    // Into an array first: decoding a lazy map goes element by element.
    var upper: [UInt8] = []
    upper.reserveCapacity(slice.count)
    for byte in slice { upper.append(byte >= 0x61 && byte <= 0x7A ? byte & 0xDF : byte) }
    return String(decoding: upper, as: UTF8.self)
  }

  /// The spaces and tabs between the start of the line and `offset`, when
  /// only they precede it on its line.
  static func indentation(before offset: Int, in source: SourceFile) -> String {
    var start = offset
    while start > 0, source.bytes[start - 1] == 0x20 || source.bytes[start - 1] == 0x09 { start -= 1 }
    guard start == 0 || source.bytes[start - 1] == 0x0A else { return "" }
    return source.text(start..<offset)
  }

  static func display(_ key: ObjectKey) -> String {
    key.schema == "public" ? SQLName.quoteIfNeeded(key.name) : "\(key)"
  }
}
