// GMLConverterTests/FiniteConstantsTests.swift — NaN and infinity in weights are refused, never quantized to garbage.
import Foundation
import GMLConverter
import GMLTestSupport
import XCTest

final class FiniteConstantsTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  func testNaNInARawBinIsRefusedWithTheElement() throws {
    var values = tinyConstants.flatMap(\.values)
    values[5] = .nan
    try folder.write("w.bin", float32Bytes(values))
    var offset = 0
    let tensors = tinyConstants.map { c in
      defer { offset += c.values.count * 4 }
      return "\"\(c.name)\": {\"shape\": \(c.shape), \"offset\": \(offset), "
        + "\"length\": \(c.values.count * 4)}"
    }
    let path = try folder.write("m.json", tinyDocument(tensors: tensors, weights: "w.bin"))
    assertLoadError(
      path, place: "tensors[\"conv.w\"]", "element 5 is nan; constants must be finite numbers")
  }

  func testInfinityInAFloat16ArrayIsRefused() throws {
    let half: [UInt16] = [0x3C00, 0xFC00, 0x0000]  // 1, -inf, 0
    let npy = npyFile(
      descr: "<f2", shape: [3],
      payload: half.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    try folder.write("w.npz", ZipTestWriter.archive([ZipTestEntry("fc.b.npy", npy)]))
    let tensors = tinyConstants.map { c in
      c.name == "fc.b"
        ? "\"fc.b\": {\"shape\": [3], \"dtype\": \"float16\", \"array\": \"fc.b\"}"
        : "\"\(c.name)\": {\"shape\": \(c.shape), \"data\": \(c.values)}"
    }
    let path = try folder.write("m.json", tinyDocument(tensors: tensors, weights: "w.npz"))
    assertLoadError(
      path, place: "tensors[\"fc.b\"].array",
      "element 1 is -inf; constants must be finite numbers")
  }

  func testNaNInATFLiteConstantNamesTheTensor() throws {
    var model = TFLiteTestModels.dense
    var weights = (0..<12).map(Float.init)
    weights[7] = .nan
    model.tensors[1].data = float32Bytes(weights)
    let path = try folder.write("m.tflite", TFLiteTestWriter.write(model))
    assertConversionError([
      "m.tflite:subgraphs[0].tensors[1]: error: constant 'weights' element 7 is nan; "
        + "constants must be finite numbers"
    ]) {
      _ = try Converter.convert(input: path, output: folder.path("m.gml"))
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path("m.gml")))
  }

  /// A graph built in code is checked too, and so is what folding makes:
  /// a huge gamma over a tiny variance overflows float32.
  func testGraphsAndFoldedConstantsAreChecked() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 2])
    b.conv("x", in: 2, out: 2, k: 1, "c")
    b.batchNorm("c", channels: 2, "bn")
    var graph = b.graph
    graph.outputs = ["bn"]
    graph.tensors["bn.gamma"]?.data = [3e38, 1]
    graph.tensors["bn.var"]?.data = [1e-30, 1]
    assertConversionError(["test.json: error: constant '", " after folding; constants must be"]) {
      _ = try Converter.convert(graph)
    }
    graph.tensors["c.b"]?.data = [0, .infinity]
    assertConversionError([
      "test.json: error: constant 'c.b' element 1 is inf; constants must be finite numbers"
    ]) {
      _ = try Converter.convert(graph, options: ConversionOptions(fuse: false))
    }
  }
}
