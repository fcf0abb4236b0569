// GMLConverterTests/JSONParserTests.swift — the strict JSON parser: values, every syntax error with line:column, limits.
import GMLConverter
import XCTest

final class JSONParserTests: XCTestCase {
  private func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws -> JSONNode {
    try JSONParser.parse(Array(text.utf8), file: "m.json", limits: limits)
  }

  /// Asserts that `bytes` fails at `place` (line:column) with `message`.
  private func assertError(
    _ bytes: [UInt8], _ place: String, _ message: String, limits: JSONLimits = JSONLimits(),
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try JSONParser.parse(bytes, file: "m.json", limits: limits)) {
      XCTAssertEqual(
        $0 as? ConversionError, ConversionError(file: "m.json", place: place, message),
        file: file, line: line)
    }
  }

  private func assertError(
    _ text: String, _ place: String, _ message: String, limits: JSONLimits = JSONLimits(),
    file: StaticString = #filePath, line: UInt = #line
  ) {
    assertError(Array(text.utf8), place, message, limits: limits, file: file, line: line)
  }

  func testParsesEveryKindOfValueInOrder() throws {
    let node = try parse(
      #" { "z": [1, -2.5e3, 0, -0, 1E+2], "a": {"t": true, "f": false, "n": null}, "s": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00" } "#
    )
    guard case .object(let members) = node else { return XCTFail("not an object") }
    XCTAssertEqual(members.map(\.key), ["z", "a", "s"])
    guard case .array(let numbers) = members[0].value else { return XCTFail("not an array") }
    let parsed = numbers.compactMap { n -> JSONNumber? in
      if case .number(let x) = n { return x }
      return nil
    }
    XCTAssertEqual(parsed.map(\.text), ["1", "-2.5e3", "0", "-0", "1E+2"])
    XCTAssertEqual(parsed.map(\.double), [1, -2500, 0, 0, 100])
    XCTAssertEqual(parsed.map(\.integer), [1, nil, 0, 0, nil])
    XCTAssertEqual(
      node["a"],
      .object([
        JSONMember(key: "t", value: .bool(true)), JSONMember(key: "f", value: .bool(false)),
        JSONMember(key: "n", value: .null),
      ]))
    XCTAssertEqual(node["s"], .string("x\"\\/\u{8}\u{c}\n\r\té😀"))
  }

  func testIntegersAreExact() throws {
    let node = try parse("[9007199254740993, -9223372036854775808, 9223372036854775808]")
    guard case .array(let items) = node, items.count == 3,
      case .number(let a) = items[0], case .number(let b) = items[1], case .number(let c) = items[2]
    else { return XCTFail("not three numbers") }
    XCTAssertEqual(a.integer, 9_007_199_254_740_993)
    XCTAssertEqual(b.integer, Int.min)
    XCTAssertNil(c.integer)
    XCTAssertTrue(c.isIntegerLiteral)
  }

  func testTopLevelScalarsAndByteOrderMark() throws {
    XCTAssertEqual(try parse(" 3 "), JSONNumber(literal: "3").map { .number($0) })
    XCTAssertEqual(try parse("\"é\""), .string("é"))
    XCTAssertEqual(
      try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[]".utf8), file: "m.json"), .array([]))
  }

  func testSyntaxErrorsGiveLineAndColumn() {
    assertError("", "1:1", "unexpected end of the document; expected a value")
    assertError("{\n  \"a\": 1,\n}", "3:1", "trailing comma before '}'")
    assertError("[1, 2,]", "1:7", "trailing comma before ']'")
    assertError("{\"a\" 1}", "1:6", "expected ':' after the key")
    assertError("{\"a\": 1 \"b\": 2}", "1:9", "expected ',' or '}' after an object member")
    assertError("[1 2]", "1:4", "expected ',' or ']' after an array element")
    assertError("{a: 1}", "1:2", "expected a double-quoted key")
    assertError("['a']", "1:2", "strings must use double quotes")
    assertError("[NaN]", "1:2", "NaN and Infinity are not JSON numbers")
    assertError("[Infinity]", "1:2", "NaN and Infinity are not JSON numbers")
    assertError("[-Infinity]", "1:3", "expected a digit")
    assertError("// c\n{}", "1:1", "comments are not allowed in JSON")
    assertError("{} /* c */", "1:4", "unexpected text after the JSON value")
    assertError("[tru]", "1:2", "unexpected word; expected true")
    assertError("[nul", "1:2", "unexpected word; expected null")
    assertError("[01]", "1:2", "leading zeros are not allowed")
    assertError("[1.]", "1:4", "expected a digit after '.'")
    assertError("[.5]", "1:2", "unexpected character; expected a value")
    assertError("[+1]", "1:2", "unexpected character; expected a value")
    assertError("[1e]", "1:4", "expected a digit in the exponent")
    assertError("[1e400]", "1:2", "number 1e400 is out of the range of a double")
    assertError("[\"a\nb\"]", "1:4", "control character in a string; escape it (\\n, \\t, \\u00XX)")
    assertError(
      "[\"a\\x\"]", "1:4",
      "invalid escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
    assertError("[\"\\u12G4\"]", "1:7", "expected four hex digits after \\u")
    assertError("[\"\\ud800\"]", "1:3", "unpaired surrogate escape")
    assertError("[\"\\udc00\"]", "1:3", "unpaired surrogate escape")
    assertError("[\"\\ud800\\u0041\"]", "1:3", "unpaired surrogate escape")
    assertError("[\"abc", "1:6", "unterminated string")
    assertError("[1, 2", "1:6", "unexpected end of the document inside an array")
    assertError("{\"a\": 1", "1:8", "unexpected end of the document inside an object")
    assertError("[}", "1:2", "expected a value")
    assertError("1 2", "1:3", "unexpected text after the JSON value")
    assertError("{\"é\": [1,\n  2, x]}", "2:6", "unexpected character; expected a value")
  }

  func testDuplicateKeysAreRefused() {
    assertError("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}", "2:16", "duplicate key \"c\"")
    assertError("{\"a\": 1, \"\\u0061\": 2}", "1:10", "duplicate key \"a\"")
  }

  func testInvalidUTF8IsRefused() {
    let cases: [([UInt8], String, String)] = [
      ([0x22, 0xFF, 0x22], "1:2", "invalid UTF-8 byte 0xFF"),
      ([0x22, 0x80, 0x22], "1:2", "invalid UTF-8 byte 0x80"),
      ([0x22, 0xC0, 0xAF, 0x22], "1:2", "invalid UTF-8 byte 0xC0"),  // overlong '/'
      ([0x22, 0xE0, 0x80, 0xAF, 0x22], "1:2", "invalid UTF-8 sequence"),  // overlong
      ([0x22, 0xED, 0xA0, 0x80, 0x22], "1:2", "invalid UTF-8 sequence"),  // surrogate
      ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "1:2", "invalid UTF-8 sequence"),  // > U+10FFFF
      ([0x22, 0xC3], "1:2", "invalid UTF-8 sequence"),  // cut
      ([0x22, 0xC3, 0xA9, 0xE2, 0x82, 0x22], "1:3", "invalid UTF-8 sequence"),
      ([0x5B, 0xC3, 0xA9, 0x5D], "1:2", "unexpected character; expected a value"),
    ]
    for (bytes, place, message) in cases { assertError(bytes, place, message) }
  }

  func testDepthAndSizeLimits() throws {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    assertError(deep, "1:257", "nesting deeper than the limit of 256")
    XCTAssertNoThrow(
      try parse(String(repeating: "[", count: 256) + String(repeating: "]", count: 256)))
    assertError(
      "[[[1]]]", "1:3", "nesting deeper than the limit of 2", limits: JSONLimits(maxDepth: 2))
    XCTAssertThrowsError(try parse("[1, 2]", limits: JSONLimits(maxBytes: 5))) {
      XCTAssertEqual(
        $0 as? ConversionError,
        ConversionError(file: "m.json", "JSON document of 6 bytes is above the limit of 5"))
    }
  }
}
