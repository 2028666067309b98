extension Array where Element == Diagnostic {
  /// The last finding of each subject (findings come in migration order): an
  /// object created again later (`CREATE OR REPLACE` in a later migration)
  /// is judged once, at the definition that stands. Findings without a
  /// subject are kept.
  func keepingLastPerSubject() -> [Diagnostic] {
    // From the end, the first of each subject is its last: one hash per
    // finding, not two, and no array of pairs in between (about half of
    // this function's 5 M instructions on the corpus run).
    var seen = Set<String>(minimumCapacity: count)
    var kept = [Bool](repeating: true, count: count)
    for index in indices.reversed() {
      if let subject = self[index].subject { kept[index] = seen.insert(subject).inserted }
    }
    var result: [Diagnostic] = []
    result.reserveCapacity(count)
    for index in indices where kept[index] { result.append(self[index]) }
    return result
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
