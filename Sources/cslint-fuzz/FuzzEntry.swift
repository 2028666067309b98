// cslint-fuzz: a libFuzzer target over the whole pipeline — lexer, statement
// splitter, parser, schema replay, every rule, reporters and fix application.
//
// The fuzzer entry point exists only when compiled with -DCSLINT_FUZZ (and
// -parse-as-library, with libFuzzer supplying `main`). A plain `swift build`
// gets an ordinary executable that says how to build the real one. There is
// no main.swift on purpose: in -parse-as-library mode the compiler rejects
// top-level code even inside an inactive #if branch, so both entry points
// are declarations. Build and run with Scripts/fuzz.sh; see docs/fuzzing.md.

#if CSLINT_FUZZ
  /// Called by libFuzzer once per input. Any broken invariant aborts, which
  /// libFuzzer records as a crash together with the input.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzPipeline.run(bytes)
    return 0
  }
#else
  /// The normal build has no fuzzer runtime: say how to get one.
  @main
  enum FuzzEntry {
    static func main() {
      print("cslint-fuzz is a libFuzzer target; build and run it with Scripts/fuzz.sh (see docs/fuzzing.md).")
    }
  }
#endif
