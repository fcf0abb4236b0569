// GMLConverterTests/TFLiteReaderMalformedTests.swift — refused .tflite files: whole-file problems and bad references, each with its place and message.
import GMLFlatBuffers
import GMLFormat
import XCTest

@testable import GMLConverter

final class TFLiteReaderMalformedTests: XCTestCase {
  private let dense = TFLiteTestModels.dense

  private func write(_ model: TFLiteModel, _ change: (inout TFLiteTestWriter) -> Void = { _ in })
    -> [UInt8]
  {
    var writer = TFLiteTestWriter()
    change(&writer)
    return writer.write(model)
  }

  func testEmptyAndShortFiles() {
    assertTFLiteError([], place: "", "empty file; expected a .tflite model")
    let bytes = write(dense)
    for count in 1..<12 {
      assertTFLiteError(
        Array(bytes.prefix(count)), place: "",
        "file of \(count) bytes is too short for a .tflite model (at least 12)")
    }
  }

  func testTruncated() {
    let bytes = write(dense)
    assertTFLiteError(
      Array(bytes.prefix(12)), place: "",
      "invalid FlatBuffers structure: out of bounds at byte 0: offset points outside the buffer")
    for count in [bytes.count / 2, bytes.count - 16, bytes.count - 1] {
      XCTAssertThrowsError(try TFLiteModel(decoding: Array(bytes.prefix(count)), file: "m")) {
        XCTAssertTrue(
          (($0 as? ConversionError)?.message ?? "").hasPrefix("invalid FlatBuffers structure: "),
          "\($0)")
      }
    }
  }

  func testWrongIdentifier() {
    var bytes = write(dense)
    bytes.replaceSubrange(4..<8, with: Array(gmlFileIdentifier.utf8))
    assertTFLiteError(
      bytes, place: "",
      "file identifier is \"\(gmlFileIdentifier)\", expected \"TFL3\": not a .tflite model (this is "
        + "a .gml file)")
    bytes.replaceSubrange(4..<8, with: Array("GML0".utf8))
    assertTFLiteError(
      bytes, place: "", "file identifier is \"GML0\", expected \"TFL3\": not a .tflite model")
    bytes.replaceSubrange(4..<8, with: [0, 0xFF, 0x1F, 0x41])
    assertTFLiteError(
      bytes, place: "",
      "file identifier is bytes 00 ff 1f 41, expected \"TFL3\": not a .tflite model")
    let unnamed = write(dense) { $0.fileIdentifier = nil }
    XCTAssertThrowsError(try TFLiteModel(decoding: unnamed, file: "m")) {
      XCTAssertTrue(
        (($0 as? ConversionError)?.message ?? "").hasPrefix("file identifier is "), "\($0)")
    }
  }

  func testRootOffset() {
    var bytes = write(dense)
    bytes.replaceSubrange(0..<4, with: [0, 0, 0, 0x70])
    assertTFLiteError(
      bytes, place: "",
      "invalid FlatBuffers structure: out of bounds at byte 0: offset points outside the buffer")
    bytes.replaceSubrange(0..<4, with: [0, 0, 0, 0])
    assertTFLiteError(
      bytes, place: "", "invalid FlatBuffers structure: malformed at byte 0: offset is zero")
  }

  func testTensorIndices() throws {
    var model = dense
    model.operators[0].inputs = [0, 9, 2]
    assertTFLiteError(
      write(model), place: "subgraphs[0].operators[0].inputs[1]",
      "tensor index 9 is out of range: the subgraph has 4 tensors (-1 marks an absent optional input)"
    )
    model.operators[0].inputs = [0, 1, -2]
    assertTFLiteError(
      write(model), place: "subgraphs[0].operators[0].inputs[2]",
      "tensor index -2 is out of range: the subgraph has 4 tensors (-1 marks an absent optional input)"
    )
    model.operators[0].inputs = [0, 1, -1]
    XCTAssertEqual(try TFLiteModel(decoding: write(model), file: "m"), model)
    model.operators[0].outputs = [-1]
    assertTFLiteError(
      write(model), place: "subgraphs[0].operators[0].outputs[0]",
      "tensor index -1 is out of range: the subgraph has 4 tensors")
    model = dense
    model.inputs = [0, 4]
    assertTFLiteError(
      write(model), place: "subgraphs[0].inputs[1]",
      "tensor index 4 is out of range: the subgraph has 4 tensors")
    model = dense
    model.outputs = [-1]
    assertTFLiteError(
      write(model), place: "subgraphs[0].outputs[0]",
      "tensor index -1 is out of range: the subgraph has 4 tensors")
  }

  func testOperatorCodes() {
    assertTFLiteError(
      write(dense) { $0.opcodeIndex[0] = 1 }, place: "subgraphs[0].operators[0].opcode_index",
      "operator code index 1 is out of range: the model has 1 operator codes")
    var model = dense
    model.operators[0].builtinCode = TFLiteBuiltin.custom
    assertTFLiteError(
      write(model), place: "operator_codes[0].custom_code",
      "a CUSTOM operator code has no custom_code")
    model.operators[0].builtinCode = -3
    assertTFLiteError(
      write(model), place: "operator_codes[0].deprecated_builtin_code",
      "negative operator code -3")
    assertTFLiteError(
      write(model) { $0.opcodeStyle = .builtinOnly }, place: "operator_codes[0].builtin_code",
      "negative operator code -3")
  }

  func testModelLevel() {
    var model = dense
    model.subgraphCount = 0
    assertTFLiteError(write(model), place: "subgraphs", "the model has no subgraphs")
    model = dense
    model.version = 2
    assertTFLiteError(
      write(model), place: "version", "schema version 2 is not supported; expected 3")
  }

  func testUnknownPadding() {
    let bytes = write(dense) {
      $0.rawOptions[0] = { b in
        b.startTable()
        b.add(Int8(2), default: 0, slot: TFLiteSchema.Window.padding)
        return (TFLiteSchema.Options.conv2D, b.endTable())
      }
    }
    assertTFLiteError(
      bytes, place: "subgraphs[0].operators[0].builtin_options.padding",
      "unknown padding 2; expected 0 (SAME) or 1 (VALID)")
  }
}
