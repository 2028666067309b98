import MigrationLint
import PostgresSyntax

/// A document the client opened: its unsaved text and the last lint of it.
struct OpenDocument {
  var uri: String
  /// The local path of a `file:` URI; nil for others (`untitled:`), which
  /// are linted alone, without a folder.
  var path: String?
  var version: Int?
  private(set) var bytes: [UInt8]
  private(set) var lines: LineMap
  var linted: LintedDocument?

  init(uri: String, version: Int?, text: String) {
    self.uri = uri
    self.path = FileURI.path(of: uri)
    self.version = version
    bytes = Array(text.utf8)
    lines = LineMap(bytes)
  }

  /// The path findings name: the file's, else the URI.
  var lintPath: String { path ?? uri }

  /// Applies one `contentChanges` entry: the whole text, or a range of it.
  mutating func apply(text: String, range: (start: (Int, Int), end: (Int, Int))?) {
    if let range {
      let start = lines.offset(line: range.start.0, character: range.start.1)
      let end = max(start, lines.offset(line: range.end.0, character: range.end.1))
      bytes.replaceSubrange(start..<end, with: Array(text.utf8))
    } else {
      bytes = Array(text.utf8)
    }
    lines = LineMap(bytes)
    linted = nil
  }
}

/// One lint of a document's text.
struct LintedDocument {
  var diagnostics: [Diagnostic]
  var statements: [Statement]
  /// The folder's state before the document, for the lock summary.
  var replay: FolderReplay
  /// The folder's other files, for related information.
  var siblings: [String]
  var source: SourceFile
}
