import PostgresSyntax

/// A `DO` block whose only job is `IF NOT EXISTS (<information_schema.columns
/// check>) THEN ALTER TABLE ... ADD COLUMN ...; END IF;`.
public struct PreferAddColumnIfNotExists: Rule {
  public init() {}

  public let description = RuleDescription(
    id: "prefer-add-column-if-not-exists",
    category: .idempotency,
    defaultSeverity: .info,
    summary: "A DO block that checks information_schema before ADD COLUMN is ADD COLUMN IF NOT EXISTS",
    rationale: """
      Since PostgreSQL 9.6, `ALTER TABLE ... ADD COLUMN IF NOT EXISTS` skips a column that is already \
      there (with a notice). A `DO` block that queries `information_schema.columns` first does the \
      same in ten lines, hides the `ALTER TABLE` from tools that read migrations, and is easy to get \
      subtly wrong: a check without `table_schema` looks at every schema, and one on a differently \
      spelled name never matches.
      """,
    postgresVersions: "9.6+",
    fixAvailability: .always,
    fixNotes: """
      Replaces the block by its `ALTER TABLE`, with `IF NOT EXISTS` after `ADD COLUMN`. Safe: the \
      statement adds the column exactly when the table lacks it, which is what the check meant (and, \
      unlike a check without the schema, it looks at the table the statement alters).
      """,
    useInstead: """
      ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS note text;
      """,
    triggering: [
      RuleExample(
        """
        ↓DO $$
        BEGIN
          IF NOT EXISTS (
            SELECT 1 FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'orders' AND column_name = 'note'
          ) THEN
            ALTER TABLE public.orders ADD COLUMN note text;
          END IF;
        END $$;
        """,
        message: "This DO block only adds orders.note when it is missing: use ADD COLUMN IF NOT EXISTS"),
      RuleExample(
        """
        ↓do $$ begin
          if not exists (select from information_schema.columns
                         where table_schema = 'public' and table_name = 'orders' and column_name = 'shipped_at') then
            alter table orders add column shipped_at timestamptz;
          end if;
        end; $$ language plpgsql;
        """),
    ],
    nonTriggering: [
      RuleExample("ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS note text;"),
      // The block does more than add the column.
      RuleExample(
        """
        DO $$
        BEGIN
          IF NOT EXISTS (
            SELECT 1 FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'orders' AND column_name = 'note'
          ) THEN
            ALTER TABLE public.orders ADD COLUMN note text;
            UPDATE public.orders SET note = '';
          END IF;
        END $$;
        """),
      // It checks something else than the column it adds.
      RuleExample(
        """
        DO $$
        BEGIN
          IF NOT EXISTS (
            SELECT 1 FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = 'orders' AND column_name = 'legacy_note'
          ) THEN
            ALTER TABLE public.orders ADD COLUMN note text;
          END IF;
        END $$;
        """),
    ],
    fixes: [
      FixExample(
        before: """
          DO $$
          BEGIN
            IF NOT EXISTS (
              SELECT 1 FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = 'orders' AND column_name = 'note'
            ) THEN
              ALTER TABLE public.orders ADD COLUMN note text;
            END IF;
          END $$;
          """,
        after: "ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS note text;"),
      FixExample(
        before: """
          do $$ begin
            if not exists (select from information_schema.columns
                           where table_schema = 'public' and table_name = 'orders' and column_name = 'shipped_at') then
              alter table orders add column shipped_at timestamptz;
            end if;
          end; $$ language plpgsql;
          """,
        after: "alter table orders add column if not exists shipped_at timestamptz;"),
    ],
    elsewhere: [])

  public var statementKinds: StatementKinds { .doBlock }

  public func check(_ context: RuleContext) -> [Diagnostic] {
    guard case .doBlock = context.statement.node, let body = context.body, context.settings.postgresVersion >= 10,
      body.statements.count == 1, let alter = body.statements.first,
      case .alterTable(let table) = alter.node, table.objectType == .table, table.commands.count == 1,
      let command = table.commands.first,
      case .addColumn(let column, let ifNotExists, let insertionPoint) = command.action, !ifNotExists
    else { return [] }
    let bytes = context.source.bytes
    let code = context.bodyCodeTokens ?? []
    guard let condition = Self.onlyGuard(code, statement: alter, bytes: bytes) else { return [] }
    let checked = code[condition]
    // The check reads information_schema.columns and names this column (and this table).
    let literals = Set(checked.filter { $0.kind == .string }.map { StringLiteral.value(of: $0, in: bytes) })
    guard PLBody.mentions(["information_schema"], in: Array(checked), bytes: bytes),
      PLBody.mentions(["columns"], in: Array(checked), bytes: bytes),
      literals.contains(column.name.value), literals.contains(table.name.name)
    else { return [] }
    let keyword = context.keyword(" IF NOT EXISTS", before: insertionPoint)
    let replacement =
      context.text(alter.range.lowerBound..<insertionPoint) + keyword
      + context.text(insertionPoint..<alter.range.upperBound)
    let name = "\(table.name.name).\(SQLName.quoteIfNeeded(column.name.value))"
    return [
      context.diagnostic(
        description, range: context.statement.range,
        message: String(message: "This DO block only adds \(name) when it is missing: use ADD COLUMN IF NOT EXISTS"),
        help: String(message: "Write instead: \(replacement);"),
        fixes: [
          Fix(
            title: "Replace the DO block with ADD COLUMN IF NOT EXISTS", applicability: .safe,
            edits: [TextEdit(range: context.statement.range, replacement: replacement)])
        ])
    ]
  }

  /// When the body's code tokens are exactly `BEGIN IF NOT EXISTS (<query>)
  /// THEN <statement>; END IF; END [;]`, the token indices of `<query>`.
  static func onlyGuard(_ code: [Token], statement: Statement, bytes: [UInt8]) -> Range<Int>? {
    func isWord(_ index: Int, _ word: StaticString) -> Bool {
      index < code.count && code[index].kind == .identifier && code[index].isKeyword(word, in: bytes)
    }
    guard isWord(0, "begin"), isWord(1, "if"), isWord(2, "not"), isWord(3, "exists"), code.count > 4,
      code[4].kind == .leftParen
    else { return nil }
    var depth = 0
    var close = 4
    while close < code.count {
      if code[close].kind == .leftParen { depth += 1 }
      if code[close].kind == .rightParen {
        depth -= 1
        if depth == 0 { break }
      }
      close += 1
    }
    guard isWord(close + 1, "then"), close + 2 < code.count, code[close + 2].start == statement.range.lowerBound
    else { return nil }
    // The statement runs to its `;`, then END IF; END [;].
    guard let semicolon = code[(close + 2)...].firstIndex(where: { $0.start >= statement.range.upperBound }),
      code[semicolon].kind == .semicolon
    else { return nil }
    let tail = semicolon + 1
    guard isWord(tail, "end"), isWord(tail + 1, "if"), tail + 2 < code.count, code[tail + 2].kind == .semicolon,
      isWord(tail + 3, "end")
    else { return nil }
    let rest = code.count - (tail + 4)
    guard rest == 0 || (rest == 1 && code[tail + 4].kind == .semicolon) else { return nil }
    return 5..<close
  }
}
