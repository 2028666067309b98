import PostgresSyntax

// CREATE POLICY and ALTER POLICY. A policy on a table no migration created
// (Supabase's `storage.objects`, a table made in the dashboard) is kept with
// that table's external facts, so rules can still follow it to the end.
extension SchemaState {
  mutating func applyCreatePolicy(_ policy: PolicyDefinition, source: SourceFile) {
    let info = PolicyInfo(
      name: policy.name.value, command: policy.command, roles: policy.roles, permissive: policy.permissive,
      using: policy.using.map { source.text($0) }, withCheck: policy.withCheck.map { source.text($0) },
      origin: currentOrigin)
    let key = resolveTable(policy.table)
    if tables.hasKey(key) {
      tables[key]?.policies.removeAll { $0.name == info.name }
      tables[key]?.policies.append(info)
      return
    }
    let external = resolveExternalTable(policy.table)
    var facts =
      externalTables[external]
      ?? TableInfo(
        key: external, columns: [], constraints: [], rlsEnabled: false, rlsForced: false, policies: [],
        origin: currentOrigin, isPartitioned: false, isUncertain: true)
    facts.policies.removeAll { $0.name == info.name }
    facts.policies.append(info)
    externalTables[external] = facts
  }

  /// ALTER POLICY cannot change the command or PERMISSIVE/RESTRICTIVE; it
  /// can change the roles and either expression.
  mutating func applyAlterPolicy(_ policy: PolicyDefinition, source: SourceFile) {
    func alter(_ info: inout PolicyInfo) {
      if !policy.roles.isEmpty { info.roles = policy.roles }
      if let using = policy.using { info.using = source.text(using) }
      if let withCheck = policy.withCheck { info.withCheck = source.text(withCheck) }
    }
    let key = resolveTable(policy.table)
    if var table = tables[key], let index = table.policies.firstIndex(where: { $0.name == policy.name.value }) {
      alter(&table.policies[index])
      tables[key] = table
      return
    }
    let external = resolveExternalTable(policy.table)
    if var facts = externalTables[external],
      let index = facts.policies.firstIndex(where: { $0.name == policy.name.value })
    {
      alter(&facts.policies[index])
      externalTables[external] = facts
    }
  }

  /// The key of the table a policy statement names: a table the migrations
  /// created, else one only policies or ALTER TABLE mentioned.
  public func policyTableKey(_ name: QualifiedName) -> ObjectKey {
    existingTableKey(name) ?? resolveExternalTable(name)
  }

  /// The policy `name` on `table` (a created table's or an external one's).
  public func policy(named name: String, on table: ObjectKey) -> PolicyInfo? {
    (tables[table] ?? externalTables[table])?.policies.first { $0.name == name }
  }

  /// Every policy on `table` the migrations created.
  public func policies(on table: ObjectKey) -> [PolicyInfo] {
    (tables[table] ?? externalTables[table])?.policies ?? []
  }
}
