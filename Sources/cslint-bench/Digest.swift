import PostgresSyntax

/// A hash of everything the front end produces for a set of inputs, used to
/// check that a performance change leaves tokens, errors and statements
/// exactly as they were (`cslint-bench --digest`, before and after).
enum FrontEndDigest {
  /// FNV-1a over the lexer and splitter output of every input and of
  /// deterministic mutations of it: truncations (unterminated constructs),
  /// and byte substitutions with the characters that start or end tokens,
  /// NUL and invalid UTF-8.
  static func of(_ inputs: [[UInt8]]) -> String {
    var hash = FNV()
    var random = SplitMix(seed: 0x5EED)
    let specials: [UInt8] = Array("'\"$;()[]-/*\\:.eE0_&\n ".utf8) + [0, 0x80, 0xC3, 0xFF]
    for bytes in inputs {
      add(bytes, to: &hash)
      guard !bytes.isEmpty else { continue }
      for _ in 0..<3 {
        let cut = Int(random.next() % UInt64(bytes.count))
        add(Array(bytes[..<cut]), to: &hash)
        var mutated = bytes
        for _ in 0..<4 {
          let index = Int(random.next() % UInt64(bytes.count))
          mutated[index] = specials[Int(random.next() % UInt64(specials.count))]
        }
        add(mutated, to: &hash)
      }
    }
    return String(hash.value, radix: 16)
  }

  static func add(_ bytes: [UInt8], to hash: inout FNV) {
    let lexed = Lexer.tokenize(bytes)
    hash.add(lexed.tokens.count)
    for token in lexed.tokens {
      hash.add(Int(token.kind.rawValue))
      hash.add(token.start)
      hash.add(token.end)
    }
    hash.add(lexed.errors.count)
    for error in lexed.errors {
      hash.add(error.kind.rawValue.utf8.count)
      hash.add(error.offset)
      hash.add(error.end)
    }
    let statements = StatementSplitter.split(tokens: lexed.tokens, bytes: bytes)
    hash.add(statements.count)
    for statement in statements {
      hash.add(statement.range.lowerBound)
      hash.add(statement.range.upperBound)
      hash.add(statement.tokens.lowerBound)
      hash.add(statement.tokens.upperBound)
      hash.add(statement.isMetaCommand ? 1 : 0)
      hash.add(statement.semicolon ?? -1)
    }
  }
}

/// 64-bit FNV-1a, fed whole integers.
struct FNV {
  var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ number: Int) {
    var rest = UInt64(bitPattern: Int64(number))
    for _ in 0..<8 {
      value = (value ^ (rest & 0xFF)) &* 0x0000_0100_0000_01B3
      rest >>= 8
    }
  }
}

/// A small deterministic generator (SplitMix64), so digests are repeatable.
struct SplitMix {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D4_9BB1_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}
