// cslint-bench: in-process throughput of the front end (lexer + statement
// splitter) over SQL files held in memory. Used by Scripts/bench.sh; build it
// in release mode, debug numbers mean nothing.
//
// USAGE: cslint-bench [--runs N] [--digest] [PATH...]
//   --digest prints a hash of every token, error and statement of the inputs
//   (and of deterministic mutations of them) instead of timing: compare it
//   before and after an optimisation to show that the output did not change.
//   PATH defaults to ../shared/corpus/migrations and
//   ../shared/corpus/postgres-regress (relative to the current directory).

import Foundation
import PostgresSyntax

/// Every `.sql` file under `path` (or `path` itself), sorted for stable runs.
func sqlFiles(under path: String) -> [String] {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
  guard isDirectory.boolValue else { return [path] }
  guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
  var files: [String] = []
  while let entry = enumerator.nextObject() as? String {
    if entry.hasSuffix(".sql") { files.append(path + "/" + entry) }
  }
  return files.sorted()
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// One timed run: wall time, and this thread's CPU time (which leaves out
/// time the thread waited for a core, so it is steadier on a shared machine).
struct Timing {
  var wall: Double
  var cpu: Double
}

func now(_ clock: clockid_t) -> Double {
  var time = timespec()
  clock_gettime(clock, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Runs `body` once and returns its timing in seconds.
func measure(_ body: () -> Void) -> Timing {
  let wall = now(CLOCK_MONOTONIC)
  let cpu = now(CLOCK_THREAD_CPUTIME_ID)
  body()
  return Timing(wall: now(CLOCK_MONOTONIC) - wall, cpu: now(CLOCK_THREAD_CPUTIME_ID) - cpu)
}

var runs = 7
var digestOnly = false
var paths: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
  if argument == "--runs", let value = arguments.next(), let number = Int(value), number > 0 {
    runs = number
  } else if argument == "--digest" {
    digestOnly = true
  } else if argument == "-h" || argument == "--help" {
    print("USAGE: cslint-bench [--runs N] [--digest] [PATH...]")
    exit(0)
  } else {
    paths.append(argument)
  }
}
if paths.isEmpty { paths = ["../shared/corpus/migrations", "../shared/corpus/postgres-regress"] }

let files = paths.flatMap(sqlFiles(under:))
let contents: [[UInt8]] = files.compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
let totalBytes = contents.reduce(0) { $0 + $1.count }
guard totalBytes > 0 else {
  FileHandle.standardError.write(Data("cslint-bench: no .sql files under \(paths)\n".utf8))
  exit(2)
}
let megabytes = Double(totalBytes) / 1_000_000

if digestOnly {
  print("digest:    \(FrontEndDigest.of(contents))")
  exit(0)
}

/// Lexes and splits every input; returns a checksum of the results.
func lexAndSplitAll(_ contents: [[UInt8]]) -> Int {
  var checksum = 0
  for bytes in contents {
    let lexed = Lexer.tokenize(bytes)
    let statements = StatementSplitter.split(tokens: lexed.tokens, bytes: bytes)
    checksum &+= lexed.tokens.count &+ statements.count
  }
  return checksum
}

/// Lexes every input; returns a checksum of the results.
func lexAll(_ contents: [[UInt8]]) -> Int {
  var checksum = 0
  for bytes in contents { checksum &+= Lexer.tokenize(bytes).tokens.count }
  return checksum
}

// The checksum keeps the optimiser from discarding the work.
var checksum = lexAndSplitAll(contents)  // warm-up: page in the inputs, size the allocator
let lexSplit = (0..<runs).map { _ in measure { checksum &+= lexAndSplitAll(contents) } }
let lexOnly = (0..<runs).map { _ in measure { checksum &+= lexAll(contents) } }

func rate(_ timings: [Timing]) -> String {
  let wall = timings.map(\.wall)
  let cpu = timings.map(\.cpu)
  return String(
    format: "%.0f MB/s (median %.1f ms, best %.1f ms; CPU time: %.0f MB/s)", megabytes / median(wall),
    median(wall) * 1000, (wall.min() ?? 0) * 1000, megabytes / median(cpu))
}
print(String(format: "input: %d files, %.2f MB, %d runs each", contents.count, megabytes, runs))
print("lex+split: \(rate(lexSplit))")
print("lex only:  \(rate(lexOnly))")
print("checksum:  \(checksum)")
