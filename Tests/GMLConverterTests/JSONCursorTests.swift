// GMLConverterTests/JSONCursorTests.swift — typed reads through JSONCursor and the JSON paths its errors carry.
import GMLConverter
import XCTest

final class JSONCursorTests: XCTestCase {
  private func cursor(_ text: String) throws -> JSONCursor {
    JSONCursor(try JSONParser.parse(Array(text.utf8), file: "m.json"), file: "m.json")
  }

  private func assertError(
    _ body: @autoclosure () throws -> Any, _ place: String, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) {
      XCTAssertEqual(
        $0 as? ConversionError, ConversionError(file: "m.json", place: place, message),
        file: file, line: line)
    }
  }

  func testPaths() throws {
    let root = try cursor(
      #"{"nodes": [{"attrs": {"strides": [1, 2]}}], "tensors": {"conv1.w": {}, "a\"b": 1}}"#)
    let strides = try root.field("nodes").elements()[0].field("attrs").field("strides")
    XCTAssertEqual(strides.path, "nodes[0].attrs.strides")
    XCTAssertEqual(try strides.elements()[1].path, "nodes[0].attrs.strides[1]")
    let tensors = try root.field("tensors").members()
    XCTAssertEqual(tensors.map(\.value.path), [#"tensors["conv1.w"]"#, #"tensors["a\"b"]"#])
    XCTAssertEqual(root.path(of: "_x9"), "_x9")
    XCTAssertEqual(root.path(of: "9x"), #"["9x"]"#)
    XCTAssertEqual(root.path(of: "x-y"), #"["x-y"]"#)
  }

  func testTypedReads() throws {
    let root = try cursor(
      #"{"i": -3, "f": 0.25, "s": "t", "b": true, "list": [1, 2, 3], "names": ["a", "b"]}"#)
    XCTAssertEqual(try root.field("i").int(), -3)
    XCTAssertEqual(try root.field("i").double(), -3)
    XCTAssertEqual(try root.field("f").float(), 0.25)
    XCTAssertEqual(try root.field("s").string(), "t")
    XCTAssertEqual(try root.field("b").bool(), true)
    XCTAssertEqual(try root.field("list").intArray(count: 3), [1, 2, 3])
    XCTAssertEqual(try root.field("names").stringArray(), ["a", "b"])
    XCTAssertNil(try root.optionalField("none"))
    XCTAssertEqual(root.node["i"], try cursor("-3").node)
  }

  func testMismatchesNameThePathAndWhatWasFound() throws {
    let root = try cursor(#"{"a": {"b": [1.5, "x", null, 7, 1e2]}}"#)
    let b = try root.field("a").field("b").elements()
    assertError(try b[0].int(), "a.b[0]", "expected an integer, got the number 1.5")
    assertError(try b[4].int(), "a.b[4]", "expected an integer, got the number 1e2")
    assertError(try b[1].double(), "a.b[1]", "expected a number, got a string")
    assertError(try b[2].string(), "a.b[2]", "expected a string, got null")
    assertError(try b[3].bool(), "a.b[3]", "expected true or false, got the integer 7")
    assertError(
      try b[3].int(in: 0...5), "a.b[3]", "integer 7 is out of range; expected an integer in 0...5")
    assertError(
      try b[3].int(in: 8...Int.max), "a.b[3]", "integer 7 is out of range; expected an integer ≥ 8")
    assertError(
      try b[3].int(in: Int.min...6), "a.b[3]", "integer 7 is out of range; expected an integer ≤ 6")
    assertError(try b[3].elements(), "a.b[3]", "expected an array, got the integer 7")
    assertError(try b[3].members(), "a.b[3]", "expected an object, got the integer 7")
    assertError(try root.field("a").field("c"), "a.c", "missing required key \"c\"")
    assertError(
      try root.field("a").field("b").intArray(count: 2), "a.b",
      "expected a list of 2 integers, got 5 elements")
    assertError(
      try root.field("a").checkKeys([], what: "a test"), "a.b",
      "unknown key \"b\" for a test; expected none or an x- key")
    XCTAssertNoThrow(try cursor(#"{"x-b": 1}"#).checkKeys(["a"], what: "a test"))
  }
}
