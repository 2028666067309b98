/// One migration that counts as applied: from the ledger, or present at the
/// git base revision.
public struct AppliedMigration: Sendable, Equatable {
  public var relativeName: String
  /// SHA-256 of the applied bytes.
  public var checksum: [UInt8]
  /// Statement fingerprints of the applied version, when known.
  public var statements: [StatementFingerprint]?
  /// The applied bytes themselves (git mode), for line-accurate messages.
  public var content: [UInt8]?
  /// Where a `deleted-applied-migration` finding points: the ledger line, or
  /// the deleted file's path in git mode.
  public var reportPath: String
  public var reportRange: Range<Int>

  public init(
    relativeName: String, checksum: [UInt8], statements: [StatementFingerprint]?, content: [UInt8]?,
    reportPath: String, reportRange: Range<Int>
  ) {
    self.relativeName = relativeName
    self.checksum = checksum
    self.statements = statements
    self.content = content
    self.reportPath = reportPath
    self.reportRange = reportRange
  }
}

/// The migrations that count as applied, and where that knowledge came from.
public struct AppliedSet: Sendable, Equatable {
  public enum Source: Sendable, Equatable {
    /// The checksum ledger at this path.
    case ledger(path: String)
    /// Files present at a git revision (`--base REF`).
    case git(ref: String)
  }

  public var source: Source
  public var migrations: [AppliedMigration]

  public init(source: Source, migrations: [AppliedMigration]) {
    self.source = source
    self.migrations = migrations
  }

  /// The migrations a ledger lists.
  public init(ledger: Ledger, path: String) {
    self.init(
      source: .ledger(path: path),
      migrations: ledger.entries.map { entry in
        AppliedMigration(
          relativeName: entry.relativeName, checksum: entry.checksum, statements: entry.statements, content: nil,
          reportPath: path, reportRange: entry.lineRange)
      })
  }

  /// Files present at a git revision, as applied migrations.
  public init(ref: String, files: [MigrationFile]) {
    self.init(
      source: .git(ref: ref),
      migrations: files.map { file in
        AppliedMigration(
          relativeName: file.relativeName, checksum: SHA256.hash(file.bytes), statements: nil, content: file.bytes,
          reportPath: file.path, reportRange: 0..<0)
      })
  }
}
