import Foundation
import Testing

@testable import MigrationLint

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Collects elements (name + attributes + text) with Foundation's XMLParser.
final class XMLCollector: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
    var text = ""
  }

  var elements: [Element] = []
  private var open: [Int] = []
  var error: Error?

  static func parse(_ text: String) throws -> [Element] {
    let parser = XMLParser(data: Data(text.utf8))
    let collector = XMLCollector()
    parser.delegate = collector
    let ok = parser.parse()
    if let error = collector.error ?? parser.parserError { throw error }
    #expect(ok)
    return collector.elements
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    open.append(elements.count)
    elements.append(Element(name: elementName, attributes: attributes))
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    _ = open.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if let index = open.last { elements[index].text += string }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    error = parseError
  }
}

@Suite struct CheckstyleReporterTests {
  @Test func isWellFormedAndComplete() throws {
    let elements = try XMLCollector.parse(CheckstyleReporter.render(ReportFixtures.sample))
    #expect(elements.map(\.name) == ["checkstyle", "file", "error", "file", "error", "error", "file"])
    #expect(
      elements.filter { $0.name == "file" }.map { $0.attributes["name"] } == [
        ReportFixtures.deletedPath, ReportFixtures.indexPath, ReportFixtures.cleanPath,
      ])
    let errors = elements.filter { $0.name == "error" }
    #expect(errors[1].attributes["line"] == "2")
    #expect(errors[1].attributes["column"] == "1")
    #expect(errors[1].attributes["severity"] == "error")
    #expect(errors[1].attributes["source"] == "cslint.require-concurrent-index-creation")
    #expect(errors[2].attributes["line"] == "3")
    #expect(errors[2].attributes["column"] == "40")
    #expect(errors[2].attributes["severity"] == "warning")
    #expect(errors[0].attributes["severity"] == "info")
  }

  @Test func escapesAttributes() throws {
    let elements = try XMLCollector.parse(CheckstyleReporter.render(ReportFixtures.awkward))
    let file = try #require(elements.first { $0.name == "file" })
    #expect(file.attributes["name"] == "odd, dir/a:b%\n.sql")
    let error = try #require(elements.first { $0.name == "error" })
    // U+0001 cannot appear in XML 1.0 and is replaced.
    #expect(
      error.attributes["message"]
        == "100% <gone>: rows, \"all\" & more\r\nsecond line\n\nhelp: keep | it\ttab\u{FFFD}")
  }
}

@Suite struct JUnitReporterTests {
  @Test func oneSuitePerFileOneCasePerDiagnostic() throws {
    let elements = try XMLCollector.parse(JUnitReporter.render(ReportFixtures.sample))
    let root = try #require(elements.first)
    #expect(root.name == "testsuites")
    #expect(root.attributes["tests"] == "4")
    #expect(root.attributes["failures"] == "3")
    let suites = elements.filter { $0.name == "testsuite" }
    #expect(
      suites.map { $0.attributes["name"] } == [
        ReportFixtures.deletedPath, ReportFixtures.indexPath, ReportFixtures.cleanPath,
      ])
    #expect(suites.map { $0.attributes["failures"] } == ["1", "2", "0"])
    let cases = elements.filter { $0.name == "testcase" }
    #expect(
      cases.map { $0.attributes["name"] } == [
        "ledger-deleted", "require-concurrent-index-creation at 2:1", "adding-not-null-field at 3:40", "cslint",
      ])
    let failures = elements.filter { $0.name == "failure" }
    #expect(failures.count == 3)
    #expect(failures[1].attributes["type"] == "error")
    #expect(
      failures[1].text
        == "\(ReportFixtures.indexPath):2:1: error[require-concurrent-index-creation]: creating an index without "
        + "CONCURRENTLY blocks writes to 'users'\nhelp: build the index without blocking writes:\n"
        + "CREATE INDEX CONCURRENTLY idx_users_email ON users (email);")
  }

  @Test func escapesTextAndAttributes() throws {
    let elements = try XMLCollector.parse(JUnitReporter.render(ReportFixtures.awkward))
    let failure = try #require(elements.first { $0.name == "failure" })
    #expect(failure.attributes["message"] == "100% <gone>: rows, \"all\" & more\r\nsecond line")
    #expect(failure.text.hasSuffix("help: keep | it\ttab\u{FFFD}"))
    #expect(elements.first { $0.name == "testsuite" }?.attributes["name"] == "odd, dir/a:b%\n.sql")
  }
}
