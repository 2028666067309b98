extension Array where Element == Diagnostic {
  /// The last finding of each subject (findings come in migration order): an
  /// object created again later (`CREATE OR REPLACE` in a later migration)
  /// is judged once, at the definition that stands. Findings without a
  /// subject are kept.
  func keepingLastPerSubject() -> [Diagnostic] {
    var last: [String: Int] = [:]
    for (index, diagnostic) in enumerated() {
      if let subject = diagnostic.subject { last[subject] = index }
    }
    return enumerated().filter { index, diagnostic in
      diagnostic.subject.map { last[$0] == index } ?? true
    }.map(\.element)
  }
}

extension RuleContext {
  /// True when a later statement of the file creates the function `key`
  /// again (`CREATE OR REPLACE`): that definition is the one judged.
  func functionRedefinedLater(_ key: ObjectKey) -> Bool {
    statements[(statementIndex + 1)...].contains { statement in
      guard case .createFunction(let function) = statement.node else { return false }
      return function.name.name == key.name && (function.name.schema ?? schema.creationSchema) == key.schema
    }
  }

  /// True when a later statement of the file creates the view `key` again.
  func viewRedefinedLater(_ key: ObjectKey) -> Bool {
    statements[(statementIndex + 1)...].contains { statement in
      guard case .createView(let view) = statement.node else { return false }
      return view.name.name == key.name && (view.name.schema ?? schema.creationSchema) == key.schema
    }
  }
}
