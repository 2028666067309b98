import PostgresSyntax

/// Kinds of objects that can stand in for one another under one name:
/// code that selects from `v` keeps working whether `v` is re-created as a
/// view, a materialized view or a table; a call of `f` whether `f` is a
/// function or a procedure.
enum ObjectFamily: Sendable, Equatable {
  case relation
  case routine
  case type
  case sequence
  case `extension`
  case schema
  case trigger
  case policy
  case index
  case constraint
  case other

  init(_ kind: ObjectKind) {
    switch kind {
    case .view, .matview, .table, .foreignTable: self = .relation
    case .function, .procedure, .routine, .aggregate: self = .routine
    case .type, .domain: self = .type
    case .sequence: self = .sequence
    case .extension: self = .extension
    case .schema: self = .schema
    case .trigger: self = .trigger
    case .policy: self = .policy
    case .index: self = .index
    case .tableConstraint: self = .constraint
    default: self = .other
    }
  }
}

/// A name some statement of the file brings into being: by creating the
/// object, or by renaming another object to it.
struct FileObjectName {
  var family: ObjectFamily
  var name: QualifiedName
  /// The table of a trigger, policy or constraint.
  var table: QualifiedName?

  /// True when `name` (of `family`, on `table`) may denote this object.
  func matches(_ family: ObjectFamily, _ name: QualifiedName, on table: QualifiedName?) -> Bool {
    guard self.family == family, self.name.mayDenote(name) else { return false }
    guard let mine = self.table, let theirs = table else { return true }
    return mine.mayDenote(theirs)
  }
}

// What the file being linted does around a statement to objects other than
// tables and columns: drop-object, drop-schema and rename-object skip objects
// the file created (no running code knows them) and objects it re-creates
// (a replacement, not a removal).
extension RuleContext {
  /// The object a statement creates, or the name a rename gives, if any.
  static func introducedName(by node: StatementNode) -> FileObjectName? {
    switch node {
    case .rename(let rename):
      guard let new = rename.newName else { return nil }
      switch rename.objectType {
      case .tableConstraint, .column:
        return FileObjectName(
          family: ObjectFamily(rename.objectType), name: QualifiedName(parts: [new]), table: rename.target)
      case .policy:
        return FileObjectName(family: .policy, name: QualifiedName(parts: [new]), table: rename.onTable)
      default:
        var name = rename.target
        if name.parts.isEmpty { name.parts = [new] } else { name.parts[name.parts.count - 1] = new }
        return FileObjectName(family: ObjectFamily(rename.objectType), name: name)
      }
    default:
      guard let target = MissingIfNotExists.dropTarget(of: node), let kind = target.objectTypes.first else {
        return nil
      }
      return FileObjectName(family: ObjectFamily(kind), name: target.name, table: target.table)
    }
  }

  /// The names statements at `positions` (creates and renames) introduce,
  /// before (`later: false`) or after the current statement.
  func introducedNames(later: Bool) -> [FileObjectName] {
    let current = statementIndex
    var names: [FileObjectName] = []
    for list in [positions.creates, positions.renames] {
      for index in list where later ? index > current : index < current {
        if let name = Self.introducedName(by: statements[index].node) { names.append(name) }
      }
    }
    return names
  }

  /// Whether one of the names `introducedNames(later:)` lists satisfies
  /// `matches`: the names are made one at a time and not collected in an
  /// array (drop-object and rename-object ask for each name they judge:
  /// saves ~10 M instructions on the corpus run).
  func introducesName(later: Bool, where matches: (FileObjectName) -> Bool) -> Bool {
    let current = statementIndex
    let statements = self.statements
    func scan(_ list: [Int]) -> Bool {
      for index in list where later ? index > current : index < current {
        if let name = Self.introducedName(by: statements[index].node), matches(name) { return true }
      }
      return false
    }
    return scan(positions.creates) || scan(positions.renames)
  }

  /// An earlier statement of the file created the object, or renamed
  /// something to its name: no code running before the deploy knows it.
  func introducedEarlier(_ family: ObjectFamily, _ name: QualifiedName, on table: QualifiedName? = nil) -> Bool {
    introducesName(later: false) { $0.matches(family, name, on: table) }
  }

  /// A later statement of the file creates an object of the same family
  /// with the name again (or renames another one to it): code that uses the
  /// name keeps working once the file has run.
  func reintroducedLater(_ family: ObjectFamily, _ name: QualifiedName, on table: QualifiedName? = nil) -> Bool {
    introducesName(later: true) { $0.matches(family, name, on: table) }
  }

  /// A later `DROP TABLE` of the file drops the table: what hangs on it
  /// (triggers, policies, constraints, defaults) goes with it, and drop-table
  /// reports the drop.
  func tableDroppedLater(_ table: QualifiedName) -> Bool {
    positions.drops.contains { index in
      guard index > statementIndex, case .drop(let drop) = statements[index].node, drop.objectType == .table else {
        return false
      }
      return drop.names.contains { $0.mayDenote(table) }
    }
  }

  /// A later `DO` block of the file mentions `CREATE` and the name: it may
  /// create the object again (conditionally, or with dynamic SQL). Inside a
  /// `DO` block, so does the rest of that block after the current statement
  /// (`DROP VIEW v; CREATE VIEW v ...` or `EXECUTE 'CREATE VIEW v ...'`).
  func doBlockMayRecreateLater(_ name: String) -> Bool {
    let needle = name.lowercased()
    if schema.insideDoBlock, statements.indices.contains(statementIndex),
      case .doBlock = statements[statementIndex].node
    {
      let block = statements[statementIndex].range
      if statement.range.upperBound < block.upperBound {
        let rest = text(statement.range.upperBound..<block.upperBound).lowercased()
        if rest.contains("create") && rest.contains(needle) { return true }
      }
    }
    for index in (statementIndex + 1)..<statements.count {
      guard case .doBlock = statements[index].node else { continue }
      let body = text(statements[index].range).lowercased()
      if body.contains("create") && body.contains(needle) { return true }
    }
    return false
  }

  /// True when the statement's leading words (before the object name) say
  /// `IF EXISTS`, e.g. `ALTER VIEW IF EXISTS v RENAME TO w`.
  var hasLeadingIfExists: Bool {
    var previousIsIf = false
    for token in statementCodeTokens.prefix(6) {
      let word = text(of: token).lowercased()
      if previousIsIf && word == "exists" { return true }
      previousIsIf = word == "if"
    }
    return false
  }
}

extension SchemaState {
  /// Whether a replayed migration created the object: true, false, or nil
  /// when the schema model does not track objects of that kind.
  func knows(_ kind: ObjectKind, _ name: QualifiedName, on table: QualifiedName? = nil) -> Bool? {
    switch kind {
    case .view, .matview:
      return views[resolve(name, in: views)] != nil || self.table(name) != nil
    case .function, .procedure, .routine:
      return functions[resolve(name, in: functions)] != nil
    case .type:
      // Only enums are modelled; another type may exist.
      return enums[resolve(name, in: enums)] != nil ? true : nil
    case .extension:
      return extensions[name.name] != nil
    case .schema:
      return schemas.contains(name.name) || !contents(ofSchema: name.name).isEmpty
    case .policy:
      guard let table, let info = self.table(table) else { return nil }
      if info.isUncertain { return nil }
      return info.policies.contains { $0.name == name.name }
    default:
      return nil
    }
  }

  /// What the model knows lives in a schema, as `kind name` phrases
  /// (`table analytics.events`), sorted.
  func contents(ofSchema schema: String) -> [String] {
    var items: [String] = []
    for key in tables.keys where key.schema == schema { items.append("table \(key)") }
    for key in views.keys where key.schema == schema {
      items.append("\(views[key]?.materialized == true ? "materialized view" : "view") \(key)")
    }
    for key in functions.keys where key.schema == schema { items.append("function \(key)") }
    for key in enums.keys where key.schema == schema { items.append("type \(key)") }
    for (name, home) in extensions where home == schema { items.append("extension \(SQLName.quoteIfNeeded(name))") }
    return items.sorted()
  }
}
