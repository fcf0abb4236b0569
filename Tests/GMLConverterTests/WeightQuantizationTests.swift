// GMLConverterTests/WeightQuantizationTests.swift — dynamic-range and float16 modes on the digits sample and a hand-computed case.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class WeightQuantizationTests: XCTestCase {
  let root = RepositoryPaths.root(from: #filePath)

  /// Top-1 accuracy of `model` on the digits test split, in percent.
  private func accuracy(_ model: ModelDefinition) throws -> Double {
    let digits = root.appendingPathComponent("samples/digits")
    let (x, shape) = try readNPY(digits.appendingPathComponent("test_x.npy"))
    let labels = try XCTUnwrap(
      NPY.read(try OutputFile.read(digits.appendingPathComponent("test_y.npy").path))
        .int64Values())
    let rows = shape[0]
    let size = x.count / rows
    let bytes = ModelWriter.write(model)
    var correct = 0
    try bytes.withUnsafeBytes { raw in
      var interpreter = try Interpreter(model: try Model(verifying: raw))
      for r in 0..<rows {
        try interpreter.copyInput(Array(x[r * size..<(r + 1) * size]), at: 0)
        try interpreter.invoke()
        let out = try interpreter.copyOutputFloats(at: 0)
        let best = out.indices.max { out[$0] < out[$1] } ?? -1
        if Int64(best) == labels[r] { correct += 1 }
      }
    }
    return Double(correct) * 100 / Double(rows)
  }

  /// Both modes keep the digits model within 0.5 points of float (99.0%)
  /// and shrink the file; the figures are printed for the report.
  func testDigitsAccuracyAndSize() throws {
    let path = root.appendingPathComponent("samples/digits/model.json").path
    let (float, _) = try Converter.convert(try GMLFloatLoader.load(path: path))
    let floatSize = ModelWriter.write(float).count
    let floatAccuracy = try accuracy(float)
    XCTAssertEqual(floatAccuracy, 99.0, accuracy: 0.01)
    for mode in [WeightQuantizationMode.dynamic, .float16] {
      let model = try WeightQuantizer.apply(float, mode: mode)
      let size = ModelWriter.write(model).count
      let acc = try accuracy(model)
      print(
        "digits \(mode.rawValue): accuracy \(acc)% (float \(floatAccuracy)%), "
          + "size \(size) bytes (float \(floatSize), \(100 - size * 100 / floatSize)% smaller)")
      XCTAssertGreaterThanOrEqual(acc, floatAccuracy - 0.5, "\(mode)")
      XCTAssertLessThan(size, floatSize * (mode == .dynamic ? 45 : 60) / 100, "\(mode)")
    }
  }

  /// Per-channel symmetric int8 on a hand-computed [2, 3] weight, float
  /// bias untouched; float16 turns every float32 constant to half.
  func testHandComputedWeights() throws {
    let w: [Float] = [0.5, -1.27, 0.25, 0, 0, 0]
    let definition = ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          tensors: [
            TensorDefinition(name: "x", shape: [1, 3], type: .float32),
            TensorDefinition(name: "w", shape: [2, 3], type: .float32, buffer: 1),
            TensorDefinition(name: "b", shape: [2], type: .float32, buffer: 2),
            TensorDefinition(name: "y", shape: [1, 2], type: .float32),
          ], inputs: [0], outputs: [3],
          operators: [OperatorDefinition(opcode: .fullyConnected, inputs: [0, 1, 2], outputs: [3])])
      ],
      buffers: [[], bytes(w), bytes([1.5, -2]), [9, 9, 9, 9]])
    let dynamic = try WeightQuantizer.apply(definition, mode: .dynamic)
    let tw = dynamic.subgraphs[0].tensors[1]
    XCTAssertEqual(tw.type, .int8)
    XCTAssertEqual(tw.quantization?.scales, [0.01, 1])
    XCTAssertEqual(tw.quantization?.zeroPoints, [0, 0])
    XCTAssertEqual(
      dynamic.buffers[Int(tw.buffer)].map { Int8(bitPattern: $0) }, [50, -127, 25, 0, 0, 0])
    XCTAssertEqual(dynamic.subgraphs[0].tensors[2].type, .float32)
    XCTAssertEqual(dynamic.buffers.count, 3, "unused buffers dropped, buffer 0 kept empty")
    let half = try WeightQuantizer.apply(definition, mode: .float16)
    let tb = half.subgraphs[0].tensors[2]
    XCTAssertEqual(tb.type, .float16)
    XCTAssertEqual(half.buffers[Int(tb.buffer)], [0x00, 0x3E, 0x00, 0xC0])
  }

  private func bytes(_ v: [Float]) -> [UInt8] {
    v.flatMap { f in (0..<4).map { UInt8(truncatingIfNeeded: f.bitPattern >> (8 * $0)) } }
  }
}
