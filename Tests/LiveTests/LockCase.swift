import Testing

/// One statement for `LockEffectsLiveTests`: run on a live server inside a
/// transaction (or, for `blocking`, observed while it waits), and analysed by
/// cslint, whose lock per relation must be the server's.
struct LockCase: Sendable, CustomTestStringConvertible {
  var name: String
  var statement: String
  /// Run after `LockCases.setup`, before the statement.
  var setup: String
  /// The statement refuses a transaction block (`CONCURRENTLY`, `VACUUM`): it
  /// runs in autocommit while another session's open write on `t` makes it
  /// wait, and its locks (held and awaited) are read then.
  var blocking: Bool
  /// The statement gives tables a new, empty file without copying a row
  /// (TRUNCATE): a changed relfilenode is then no rewrite.
  var newEmptyFile: Bool
  /// The majors the case runs on (nil: every target major).
  var majors: [Int]?

  init(
    _ name: String, _ statement: String, setup: String = "", blocking: Bool = false, newEmptyFile: Bool = false,
    majors: [Int]? = nil
  ) {
    self.name = name
    self.statement = statement
    self.setup = setup
    self.blocking = blocking
    self.newEmptyFile = newEmptyFile
    self.majors = majors
  }

  var testDescription: String { name }

  /// Everything the statement runs on, as cslint reads it (the migration history).
  var fullSetup: String { setup.isEmpty ? LockCases.setup : LockCases.setup + setup + "\n" }
}
