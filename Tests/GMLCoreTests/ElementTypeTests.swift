// GMLCoreTests/ElementTypeTests.swift — ElementType: pinned raw values (checked against schema/gml.fbs), sizes, names.
import Foundation
import GMLCore
import GMLTestSupport
import XCTest

final class ElementTypeTests: XCTestCase {
  func testRawValuesArePinned() {
    let pinned: [(ElementType, UInt8)] = [
      (.float32, 0), (.float16, 1), (.int8, 2), (.uint8, 3), (.int16, 4), (.int32, 5),
      (.int64, 6), (.bool, 7),
    ]
    XCTAssertEqual(ElementType.allCases, pinned.map(\.0))
    for (type, raw) in pinned {
      XCTAssertEqual(type.rawValue, raw, type.name)
      XCTAssertEqual(ElementType(rawValue: raw), type)
    }
    XCTAssertNil(ElementType(rawValue: 8))
    XCTAssertNil(ElementType(rawValue: 255))
  }

  /// The `enum ElementType` block of `schema/gml.fbs` lists the same names
  /// (upper-cased) with the same values, in the same order.
  func testRawValuesMatchTheSchema() throws {
    let schema = RepositoryPaths.root(from: #filePath)
      .appendingPathComponent("schema").appendingPathComponent("gml.fbs")
    let text = try String(contentsOf: schema, encoding: .utf8)
    let entries = try schemaEnum("ElementType", in: text)
    XCTAssertEqual(entries.count, ElementType.allCases.count)
    XCTAssertEqual(entries.map(\.name), ElementType.allCases.map { $0.name.uppercased() })
    XCTAssertEqual(entries.map(\.value), ElementType.allCases.map { Int($0.rawValue) })
  }

  func testByteSize() {
    let sizes: [ElementType: Int] = [
      .float32: 4, .float16: 2, .int8: 1, .uint8: 1, .int16: 2, .int32: 4, .int64: 8, .bool: 1,
    ]
    for type in ElementType.allCases {
      XCTAssertEqual(type.byteSize, sizes[type], type.name)
    }
  }

  func testNamesRoundTrip() {
    XCTAssertEqual(
      ElementType.allCases.map(\.name),
      ["float32", "float16", "int8", "uint8", "int16", "int32", "int64", "bool"])
    for type in ElementType.allCases {
      XCTAssertEqual(ElementType(name: type.name), type)
    }
    XCTAssertEqual(Set(ElementType.allCases.map(\.name)).count, ElementType.allCases.count)
  }

  func testUnknownNamesAreNil() {
    for name in ["", "FLOAT32", "Float32", "float", "int4", "float32 ", "f32", "boolean"] {
      XCTAssertNil(ElementType(name: name), "'\(name)'")
    }
  }

  /// The `NAME = value` lines of `enum <name>` in a FlatBuffers schema, in order.
  private func schemaEnum(_ name: String, in schema: String) throws -> [(name: String, value: Int)]
  {
    let lines = schema.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try XCTUnwrap(
      lines.firstIndex { $0.hasPrefix("enum \(name) ") || $0.hasPrefix("enum \(name):") },
      "schema/gml.fbs has no enum \(name)")
    var entries: [(name: String, value: Int)] = []
    for line in lines[(start + 1)...] {
      let code = line.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        .trimmingCharacters(in: .whitespaces)
      if code.hasPrefix("}") { return entries }
      if code.isEmpty { continue }
      let parts = code.split(separator: "=").map {
        $0.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: ",")))
      }
      let value = try XCTUnwrap(parts.count == 2 ? Int(parts[1]) : nil, "cannot parse '\(line)'")
      entries.append((parts[0], value))
    }
    XCTFail("enum \(name) in schema/gml.fbs has no closing brace")
    return entries
  }
}
