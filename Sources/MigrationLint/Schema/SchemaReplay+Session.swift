import PostgresSyntax

// Session state: transactions and settings.
extension SchemaState {
  mutating func applyTransaction(_ transaction: TransactionStatement) {
    lockWaitWithoutTimeout = false
    longRunWithoutTimeout = false
    switch transaction.kind {
    case .begin, .start:
      inExplicitTransaction = true
      transactionNumber += 1
    case .commit, .rollback, .prepare:
      inExplicitTransaction = false
      transactionNumber += 1
      // SET LOCAL lasts until the end of the transaction.
      if let saved = settingsBeforeSetLocal {
        (searchPath, lockTimeout, statementTimeout) = saved
        settingsBeforeSetLocal = nil
      }
    default:
      break
    }
  }

  mutating func applySet(_ set: SetStatement) {
    // Outside a transaction block SET LOCAL only warns and changes nothing.
    if set.isLocal && !inTransaction { return }
    if set.isLocal && settingsBeforeSetLocal == nil {
      settingsBeforeSetLocal = (searchPath, lockTimeout, statementTimeout)
    }
    guard let name = set.name else {
      searchPath = ["public"]
      lockTimeout = nil
      statementTimeout = nil
      lockWaitWithoutTimeout = false
      longRunWithoutTimeout = false
      return
    }
    switch name {
    case "search_path":
      if set.isReset {
        searchPath = ["public"]
      } else if let value = set.value {
        let schemas = value.split(separator: ",").map {
          String($0).trimming(" '\"").lowercased()
        }.filter { !$0.isEmpty && $0 != "$user" && $0 != "\"$user\"" }
        searchPath = schemas.isEmpty ? ["public"] : schemas
      }
    case "lock_timeout":
      lockTimeout = set.isReset ? nil : set.value
      lockWaitWithoutTimeout = false
    case "statement_timeout":
      statementTimeout = set.isReset ? nil : set.value
      longRunWithoutTimeout = false
    default: break
    }
  }
}
