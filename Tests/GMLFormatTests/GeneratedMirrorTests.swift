// GMLFormatTests/GeneratedMirrorTests.swift — Sources/GMLFormat/Generated/ is what schema/gml.fbs makes, and the generator refuses what it cannot mirror.
import Foundation
import GMLSchema
import GMLTestSupport
import XCTest

final class GeneratedMirrorTests: XCTestCase {
  func testGeneratedFilesAreCurrent() throws {
    let files = try SwiftMirror(schema: Schema.load()).files()
    let root = RepositoryPaths.root()
    for file in files {
      let url = root.appendingPathComponent(file.path)
      let text = try? String(contentsOf: url, encoding: .utf8)
      XCTAssertEqual(
        text, file.text,
        "\(file.path) is out of date: run `swift run gml-schema` after a schema edit")
    }
    let directory = root.appendingPathComponent(SwiftMirror.directory)
    let present = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    let generated = Set(files.map { URL(fileURLWithPath: $0.path).lastPathComponent })
    for name in present where !generated.contains(name) {
      XCTFail("\(SwiftMirror.directory)/\(name): not generated; nothing but the generator's files")
    }
  }

  func testOptionsFieldsOfOtherTypesAreRefused() throws {
    let schema = try Schema(
      parsing: """
        table NamedOptions { name: string; }
        union OpOptions { NamedOptions }
        """)
    XCTAssertThrowsError(try SwiftMirror(schema: schema).files()) { error in
      XCTAssertTrue("\(error)".contains("NamedOptions.name"), "\(error)")
    }
  }

  func testAPartialWindowIsRefused() throws {
    let schema = try Schema(
      parsing: """
        enum Padding : byte { VALID = 0 }
        table PoolOptions { padding: Padding; stride_h: int = 1; }
        union OpOptions { PoolOptions }
        """)
    XCTAssertThrowsError(try SwiftMirror(schema: schema).files()) { error in
      XCTAssertTrue("\(error)".contains("PoolOptions: has"), "\(error)")
    }
  }

  func testNamesFollowTheRules() throws {
    let schema = try Schema(
      parsing: """
        /// Codes.
        enum Code : ushort { CONV_2D = 3, RELU_N1_TO_1, HARD_SWISH }
        table FooOptions { fused_activation: Code = HARD_SWISH; keep_num_dims: bool; }
        union OpOptions { FooOptions }
        """)
    let files = try SwiftMirror(schema: schema).files()
    let enums = try XCTUnwrap(files.first { $0.path.hasSuffix("SchemaEnums.swift") }).text
    XCTAssertTrue(enums.contains("/// Codes.\npublic enum Code: UInt16,"), enums)
    for line in ["case conv2D = 3", "case reluN1To1 = 4", "case .hardSwish: return \"HARD_SWISH\""]
    {
      XCTAssertTrue(enums.contains(line), line)
    }
    let options = try XCTUnwrap(files.first { $0.path.hasSuffix("/OpOptions.swift") }).text
    XCTAssertTrue(options.contains("case foo(activation: Code, keepNumDims: Bool)"), options)
    let codec = try XCTUnwrap(files.first { $0.path.hasSuffix("+Codec.swift") }).text
    XCTAssertTrue(codec.contains("Slot.FooOptions.activation, Code.hardSwish"), codec)
    XCTAssertTrue(codec.contains("b.add(activation.rawValue, default: 5,"), codec)
  }

  /// A parse error names the file and the line of the token it stopped at.
  func testParseErrorsNameTheLine() {
    XCTAssertThrowsError(
      try Schema(parsing: "/// doc\nenum E : byte {\n  A = x,\n}\n", file: "s.fbs")
    ) { error in
      XCTAssertEqual("\(error)", "s.fbs:3: `x` is no integer")
    }
    XCTAssertThrowsError(try Schema(parsing: "table T {\n  a: int;\n", file: "s.fbs")) {
      XCTAssertEqual("\($0)", "s.fbs:2: ends before `}`")
    }
    XCTAssertThrowsError(try Schema(parsing: "\n\nstruct S { a: int; }", file: "s.fbs")) {
      XCTAssertEqual("\($0)", "s.fbs:3: `struct` is outside the subset this parser reads")
    }
  }
}
