// GMLConverterTests/QuantizerTests.swift — full-integer int8 on the digits sample: accuracy per method, --keep-float, --io int8.
import GMLCore
import GMLFormat
import GMLNumPy
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class QuantizerTests: XCTestCase {
  let digits = RepositoryPaths.root(from: #filePath).appendingPathComponent("samples/digits")

  func digitsModel(_ method: CalibrationMethod, _ options: QuantizerOptions = QuantizerOptions())
    throws -> (Graph, ModelDefinition)
  {
    var graph = try GMLFloatLoader.load(path: digits.appendingPathComponent("model.json").path)
    _ = try Converter.optimize(&graph)
    let samples = try CalibrationSamples.load(
      path: digits.appendingPathComponent("calibration.npy").path,
      inputs: [(name: "image", shape: [1, 8, 8, 1])])
    let ranges = try Calibrator.ranges(of: graph, samples: samples, method: method)
    let model = try Quantizer.quantize(
      graph, ranges: ranges, options: options, metadata: MetadataDefinition())
    return (graph, model)
  }

  /// Top-1 accuracy of `model` on the digits test split, one image at a time.
  func accuracy(_ model: ModelDefinition, int8IO: Bool = false) throws -> Double {
    let x = try XCTUnwrap(
      try NPY.read(OutputFile.read(digits.appendingPathComponent("test_x.npy").path))
        .float32Values())
    let y = try XCTUnwrap(
      try NPY.read(OutputFile.read(digits.appendingPathComponent("test_y.npy").path))
        .int64Values())
    let bytes = ModelWriter.write(model)
    let result: Result<Int, GMLError> = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        var correct = 0
        var interpreter = try Interpreter(model: try Model(verifying: raw))
        let input = interpreter.inputInfo(at: 0)
        for (i, label) in y.enumerated() {
          let image = Array(x[(i * 64)..<((i + 1) * 64)])
          if int8IO {
            try interpreter.copyInput(
              try input.quantize(image).map { UInt8(bitPattern: $0) }, at: 0)
          } else {
            try interpreter.copyInput(image, at: 0)
          }
          try interpreter.invoke()
          let out: [Float] =
            int8IO
            ? interpreter.copyOutput(at: 0).map { Float(Int8(bitPattern: $0)) }
            : try interpreter.copyOutputFloats(at: 0)
          if out.indices.max(by: { out[$0] < out[$1] }) == Int(label) { correct += 1 }
        }
        return .success(correct)
      } catch {
        return .failure(error)
      }
    }
    let correct = try result.get()
    return Double(correct) / Double(y.count) * 100
  }

  func testDigitsInt8WithinOnePointOfFloatForEveryMethod() throws {
    for method in CalibrationMethod.allCases {
      let (_, model) = try digitsModel(method)
      let sub = model.subgraphs[0]
      XCTAssertEqual(sub.tensors[Int(sub.inputs[0])].name, "image_float")
      XCTAssertEqual(sub.tensors.first { $0.name == "image" }?.type, .int8)
      let acc = try accuracy(model)
      print("digits int8 \(method): \(acc)%")
      XCTAssertGreaterThanOrEqual(acc, 98.0, "\(method)")
    }
  }

  func testInt8IO() throws {
    let (_, model) = try digitsModel(.minmax, QuantizerOptions(io: .int8))
    let sub = model.subgraphs[0]
    XCTAssertEqual(sub.tensors[Int(sub.inputs[0])].type, .int8)
    XCTAssertEqual(sub.tensors[Int(sub.outputs[0])].type, .int8)
    XCTAssertFalse(sub.operators.contains { $0.opcode == .quantize || $0.opcode == .dequantize })
    XCTAssertGreaterThanOrEqual(try accuracy(model, int8IO: true), 98.0)
  }

  func testKeepFloatLeavesTheNodeInFloat() throws {
    let (graph, plain) = try digitsModel(.minmax)
    let dense = try XCTUnwrap(graph.nodes.first { $0.op == .dense(activation: .none) })
    let (_, model) = try digitsModel(.minmax, QuantizerOptions(keepFloat: [dense.name]))
    let sub = model.subgraphs[0]
    let op = try XCTUnwrap(sub.operators.first { $0.name == dense.name })
    XCTAssertEqual(op.opcode, .fullyConnected)
    for i in op.inputs + op.outputs where i >= 0 {
      XCTAssertEqual(sub.tensors[Int(i)].type, .float32, sub.tensors[Int(i)].name)
    }
    XCTAssertEqual(sub.operators.count, plain.subgraphs[0].operators.count + 2)
    XCTAssertGreaterThanOrEqual(try accuracy(model), 98.0)
    XCTAssertThrowsError(
      try digitsModel(.minmax, QuantizerOptions(keepFloat: ["nope"])))
  }

  func testConverterRecordsCalibrationAndReportsPerLayerError() throws {
    let graph = try GMLFloatLoader.load(path: digits.appendingPathComponent("model.json").path)
    let options = ConversionOptions(
      quantize: .int8, calibration: digits.appendingPathComponent("calibration.npy").path,
      calibrationMethod: .percentile, percentile: 99.9)
    var calls = 0
    let (model, report) = try Converter.convert(
      graph, options: options, metadata: MetadataDefinition()
    ) { _, _ in calls += 1 }
    XCTAssertEqual(calls, 100)
    XCTAssertEqual(
      model.metadata?.calibration,
      CalibrationSummary(
        method: "percentile", sampleCount: 100, percentile: 99.9, source: "calibration.npy"))
    XCTAssertGreaterThan(report.floatFileSize, ModelWriter.write(model).count * 2)
    XCTAssertEqual(report.calibrationSamples, 100)
    XCTAssertEqual(report.quantizedTensors.first?.name, "image")
    let layers = report.layers
    XCTAssertFalse(layers.isEmpty)
    XCTAssertEqual(layers.map(\.sqnrDB), layers.map(\.sqnrDB).sorted())
    XCTAssertGreaterThan(layers.last?.cosine ?? 0, 0.99)
  }
}
