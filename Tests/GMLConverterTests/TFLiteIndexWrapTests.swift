// GMLConverterTests/TFLiteIndexWrapTests.swift — Keras' negative-id wrap before an Embedding's GATHER dropped, only when it is exactly that.
import GMLCore
import GMLFormat
import XCTest

@testable import GMLConverter

final class TFLiteIndexWrapTests: XCTestCase {
  /// Both variants: LESS, ADD and SELECT gone, GATHER reading the int32
  /// graph input (the fixture tests check the outputs against LiteRT).
  func testEmbeddingReadsTheTokenIds() throws {
    let float = try TFLiteImporter.importModel(
      try TFLiteManifest.model("embedding_net", "float"), file: "embedding_net_float.tflite")
    guard case .float(let graph) = float.content else { return XCTFail("not a float graph") }
    let gather = try XCTUnwrap(graph.nodes.first { $0.op == .gather(axis: 0) })
    XCTAssertEqual(gather.inputs[1], graph.inputs[0])
    XCTAssertEqual(graph.tensors[graph.inputs[0]]?.type, .int32)
    XCTAssertEqual(float.foldedCount, 0)

    let int8 = try TFLiteImporter.importModel(
      try TFLiteManifest.model("embedding_net", "int8"), file: "embedding_net_int8.tflite")
    guard case .int8(let definition) = int8.content else { return XCTFail("not int8") }
    let subgraph = definition.subgraphs[0]
    XCTAssertEqual(
      subgraph.operators.map(\.opcode), [.gather, .add, .fullyConnected, .mean, .fullyConnected])
    XCTAssertEqual(subgraph.operators[0].inputs[1], subgraph.inputs[0])
    XCTAssertEqual(subgraph.tensors[Int(subgraph.inputs[0])].type, .int32)
  }

  /// A wrap by another count than the table's rows is no Embedding's: it
  /// stays, and its integer operators are reported.
  func testAnotherWrapIsKept() throws {
    var model = try TFLiteManifest.model("embedding_net", "float")
    let add = try XCTUnwrap(model.operators.firstIndex { $0.builtinCode == TFLiteBuiltin.add })
    let rows = try XCTUnwrap(
      model.operators[add].inputs.first { model.tensors[$0].data != nil })
    model.tensors[rows].data = LittleEndian.encode([Int32(31)])
    XCTAssertThrowsError(try TFLiteImporter.importModel(model, file: "m.tflite")) {
      let message = ($0 as? ConversionError)?.message ?? ""
      XCTAssertTrue(message.contains("LESS") && message.contains("SELECT"), message)
    }
  }
}
