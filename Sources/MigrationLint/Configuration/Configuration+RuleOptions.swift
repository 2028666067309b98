/// Validation of a rule's options in `rules: <id>: {severity: ..., <option>: ...}`
/// against the options the rule declares (`RuleDescription.options`).
extension ConfigurationDecoder {
  /// The typed value of one option entry, or a positioned error: unknown
  /// option (with a did-you-mean), or a value of the wrong type.
  func optionValue(_ entry: YAMLMapEntry, ruleID: String) throws -> RuleOptionValue {
    let declared = declaredOptions[ruleID] ?? []
    guard let option = declared.first(where: { $0.name == entry.key }) else {
      let names = declared.map(\.name)
      let hint: String
      if let guess = Suggestion.closest(to: entry.key, in: names + ["severity"]) {
        hint = "did you mean '\(guess)'?"
      } else if names.isEmpty {
        hint = "it takes no options, only 'severity'"
      } else {
        hint = "its options are: severity, \(names.joined(separator: ", "))"
      }
      throw ConfigurationError(
        path: path, line: entry.keyLine, column: entry.keyColumn,
        message: "unknown option '\(entry.key)' for rule '\(ruleID)'; \(hint)")
    }
    return try value(entry.value, of: option, ruleID: ruleID)
  }

  private func value(_ node: YAMLNode, of option: RuleOption, ruleID: String) throws -> RuleOptionValue {
    let what = "option '\(option.name)' of rule '\(ruleID)'"
    func wrong(_ found: String) -> ConfigurationError {
      fail(node, "\(what) must be \(option.type.description), found \(found)")
    }
    let plain: String? = {
      if case .scalar(let text, .plain) = node.content { return text }
      return nil
    }()
    switch option.type {
    case .bool:
      // Only the two words: YAML 1.1's yes/no/on/off are exactly the guesses
      // this reader refuses to make.
      guard let text = node.scalar else { throw wrong(node.kindDescription) }
      guard let plain, plain == "true" || plain == "false" else { throw wrong("'\(text)'") }
      return .bool(plain == "true")
    case .int:
      guard let text = node.scalar else { throw wrong(node.kindDescription) }
      let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
      guard plain != nil, !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text)
      else { throw wrong("'\(text)'") }
      return .int(number)
    case .string:
      guard let text = node.scalar, !node.isNull else { throw wrong(node.kindDescription) }
      return .string(text)
    case .strings:
      return .strings(try strings(node, key: option.name, noun: "string"))
    case .oneOf(let choices):
      guard let text = node.scalar, !node.isNull else { throw wrong(node.kindDescription) }
      if choices.contains(text) { return .string(text) }
      let suggestion = Suggestion.closest(to: text, in: choices).map { "did you mean '\($0)'? " } ?? ""
      throw fail(node, "unknown value '\(text)' for \(what); \(suggestion)expected \(option.type.description)")
    }
  }
}
