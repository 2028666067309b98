import Dispatch
import FoundationEssentials
import MigrationLint

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Process exit codes (documented in `cslint --help`).
enum ExitCode {
  static let success: Int32 = 0
  static let lintFailure: Int32 = 1
  static let usageOrIO: Int32 = 2
}

/// Walks command-line arguments; supports `--flag value` and `--flag=value`.
struct ArgumentScanner {
  private var arguments: [String]
  private var index = 0
  private var pendingValue: String?
  /// A `--` argument was passed: every later argument is an operand (a path,
  /// even one that begins with `-`), returned as is.
  private(set) var isOperand = false

  init(_ arguments: [String]) { self.arguments = arguments }

  /// The next argument; `--name=value` is returned as `--name` with the value
  /// kept for `value()`. The first `--` ends the options: it is skipped and
  /// `isOperand` is true from then on.
  mutating func next() -> String? {
    pendingValue = nil
    guard index < arguments.count else { return nil }
    let argument = arguments[index]
    index += 1
    if isOperand { return argument }
    if argument == "--" {
      isOperand = true
      return next()
    }
    if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
      pendingValue = String(argument[argument.index(after: equals)...])
      return String(argument[..<equals])
    }
    return argument
  }

  /// The value of the option just returned by `next()`.
  mutating func value() -> String? {
    if let pendingValue {
      self.pendingValue = nil
      return pendingValue
    }
    guard index < arguments.count else { return nil }
    index += 1
    return arguments[index - 1]
  }

  /// Everything not consumed yet.
  mutating func rest() -> [String] {
    defer { index = arguments.count }
    return Array(arguments[index...])
  }
}

func printError(_ message: String) {
  // Messages quote file names and configuration values: no raw control
  // characters reach the terminal (issue 21).
  FileBytes.writeAll(Array((TextEscaping.visibleKeepingLines(message) + "\n").utf8), to: 2)
}

extension String {
  /// Padded with spaces to `width` characters (never truncated).
  func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}

func usageError(_ message: String, help: String) -> Int32 {
  printError("error: \(message)\n\n\(help)")
  return ExitCode.usageOrIO
}

/// Buffered standard output: one write per 64 KiB instead of one per line.
struct StandardOutput {
  private var buffer: [UInt8] = []

  init(capacity: Int = 1 << 16) { buffer.reserveCapacity(capacity) }

  mutating func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  mutating func write(_ bytes: [UInt8]) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// `bytes` after what is buffered; a large piece with nothing buffered
  /// is written as it is, without a copy.
  mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
    if buffer.isEmpty && bytes.count >= 1 << 16 {
      FileBytes.writeAll(UnsafeRawBufferPointer(bytes), to: 1)
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { flush() }
  }

  mutating func flush() {
    guard !buffer.isEmpty else { return }
    FileBytes.writeAll(buffer, to: 1)
    buffer.removeAll(keepingCapacity: true)
  }
}
