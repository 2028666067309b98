import PostgresSyntax

/// How serious a diagnostic is. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
  case info
  case warning
  case error

  private var rank: Int {
    switch self {
    case .info: return 0
    case .warning: return 1
    case .error: return 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One replacement of a byte range by new text.
public struct TextEdit: Sendable, Equatable, Hashable {
  public var range: Range<Int>
  public var replacement: String

  public init(range: Range<Int>, replacement: String) {
    self.range = range
    self.replacement = replacement
  }

  public static func insert(_ text: String, at offset: Int) -> TextEdit {
    TextEdit(range: offset..<offset, replacement: text)
  }
}

/// Whether `cslint fix` may apply a fix without being asked.
public enum FixApplicability: String, Sendable, Codable {
  /// Keeps the statement's meaning; applied by `cslint fix`.
  case safe
  /// Changes behaviour (e.g. `CONCURRENTLY` cannot run in a transaction);
  /// applied only with `--unsafe-fixes`.
  case suggestion
}

/// A machine-applicable change proposed by a rule.
public struct Fix: Sendable, Equatable {
  /// Imperative, e.g. "Insert CONCURRENTLY".
  public var title: String
  public var applicability: FixApplicability
  public var edits: [TextEdit]

  public init(title: String, applicability: FixApplicability, edits: [TextEdit]) {
    self.title = title
    self.applicability = applicability
    self.edits = edits
  }
}

/// One finding in one file.
public struct Diagnostic: Sendable, Equatable {
  /// The rule's stable kebab-case id, e.g. `require-concurrent-index-creation`.
  public var ruleID: String
  public var severity: Severity
  /// The file path as the user gave it.
  public var path: String
  /// Byte range the finding points at.
  public var range: Range<Int>
  /// What is wrong, one sentence, no trailing period.
  public var message: String
  /// The safe alternative, written with the user's own identifiers.
  public var help: String?
  public var fixes: [Fix]
  /// The object the finding is about, as `schema.name`, when a later file
  /// can settle it (e.g. a table whose RLS a later migration enables).
  public var subject: String?

  public init(
    ruleID: String, severity: Severity, path: String, range: Range<Int>, message: String,
    help: String? = nil, fixes: [Fix] = []
  ) {
    self.ruleID = ruleID
    self.severity = severity
    self.path = path
    self.range = range
    self.message = message
    self.help = help
    self.fixes = fixes
  }
}
