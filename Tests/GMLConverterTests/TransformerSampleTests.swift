// GMLConverterTests/TransformerSampleTests.swift — samples/transformer: float against Keras on every test window, int8 against float.
import Foundation
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class TransformerSampleTests: XCTestCase {
  let sample = RepositoryPaths.root(from: #filePath).appendingPathComponent("samples/transformer")
  var model: String { sample.appendingPathComponent("model.json").path }

  /// The float32 conversion gives Keras' logits on every test window
  /// (within 1e-4 of their largest magnitude).
  func testFloatMatchesKerasOnEveryTestWindow() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let (x, xShape) = try readNPY(sample.appendingPathComponent("test_x.npy"))
    let (keras, _) = try readNPY(sample.appendingPathComponent("keras_output.npy"))
    let rows = xShape[0]
    let (inSize, outSize) = (x.count / rows, keras.count / rows)
    let output = scratch.path("transformer.gml")
    _ = try Converter.convert(input: model, output: output)
    let scale = keras.map(\.magnitude).max() ?? 1
    for r in 0..<rows {
      let got = try runModelFile(output, Array(x[r * inSize..<(r + 1) * inSize]))
      assertClose(
        [got], [Array(keras[r * outSize..<(r + 1) * outSize])], tolerance: 1e-4 * scale)
    }
  }

  /// int8 (calibrated on the sample's calibration windows): the accuracy the
  /// README gives (95.0%, Keras' 95.5%), top-1 agreement with the float
  /// model at least 99%, and every layer's SQNR above 10 dB.
  func testInt8AgainstFloat() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let output = scratch.path("transformer_int8.gml")
    var options = ConversionOptions()
    options.quantize = .int8
    options.calibration = sample.appendingPathComponent("calibration.npy").path
    _ = try Converter.convert(input: model, output: output, options: options)
    let report = try Validation.validate(
      floatModel: model, model: output, data: sample.appendingPathComponent("test_x.npy").path,
      labels: sample.appendingPathComponent("test_y.npy").path)
    XCTAssertEqual(report.sampleCount, 200)
    XCTAssertEqual(report.floatAccuracy ?? 0, 0.955, accuracy: 1e-9)
    XCTAssertEqual(report.accuracy ?? 0, 0.95, accuracy: 1e-9)
    XCTAssertGreaterThanOrEqual(report.top1Agreement, 0.99)
    XCTAssertTrue(
      report.layers.allSatisfy { $0.sqnrDB > 10 },
      "\(report.layers.map { ($0.name, $0.sqnrDB) })")
    XCTAssertTrue(report.layers.contains { $0.op == "BATCH_MATMUL" })
    XCTAssertTrue(report.layers.contains { $0.op == "GELU" })
  }
}
