// GMLConverterTests/ValidationDigitsTests.swift — `Validation.validate` on the digits sample: float against itself and int8.
import Foundation
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class ValidationDigitsTests: XCTestCase {
  let digits = RepositoryPaths.root(from: #filePath).appendingPathComponent("samples/digits")

  /// The float model against its own conversion: every layer exact, full
  /// agreement, and the float model's accuracy (99.0%, as Keras).
  func testDigitsFloatAgainstItself() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let json = digits.appendingPathComponent("model.json").path
    let gml = scratch.path("digits.gml")
    _ = try Converter.convert(input: json, output: gml)
    let report = try Validation.validate(
      floatModel: json, model: gml, data: digits.appendingPathComponent("test_x.npy").path,
      labels: digits.appendingPathComponent("test_y.npy").path)
    XCTAssertEqual(report.sampleCount, 200)
    XCTAssertEqual(report.top1Agreement, 1.0)
    XCTAssertEqual(report.accuracy, report.floatAccuracy)
    XCTAssertEqual(report.accuracy ?? 0, 0.99, accuracy: 1e-9)
    XCTAssertEqual(report.outputMaxAbsError, 0)
    XCTAssertFalse(report.layers.isEmpty)
    XCTAssertTrue(report.layers.allSatisfy { $0.sqnrDB == .infinity && $0.maxAbsError == 0 })
    XCTAssertTrue(report.layers.contains { $0.name == "probs" && $0.op == "SOFTMAX" })
  }

  /// The int8 conversion of the digits model (calibrated on the sample's
  /// calibration split) agrees with the float model on at least 98% of the
  /// test images and stays within a point of its accuracy.
  func testDigitsInt8AgainstFloat() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let json = digits.appendingPathComponent("model.json").path
    let gml = scratch.path("digits_int8.gml")
    var options = ConversionOptions()
    options.quantize = .int8
    options.calibration = digits.appendingPathComponent("calibration.npy").path
    _ = try Converter.convert(input: json, output: gml, options: options)
    let report = try Validation.validate(
      floatModel: json, model: gml, data: digits.appendingPathComponent("test_x.npy").path,
      labels: digits.appendingPathComponent("test_y.npy").path)
    XCTAssertGreaterThanOrEqual(report.top1Agreement, 0.98)
    XCTAssertGreaterThanOrEqual(report.accuracy ?? 0, (report.floatAccuracy ?? 1) - 0.01)
    XCTAssertEqual(report.violations(of: ValidationBounds(minAgreement: 0.98)), [])
    XCTAssertTrue(report.layers.allSatisfy { $0.sqnrDB.isFinite && $0.sqnrDB > 20 })
    XCTAssertTrue(report.layers.allSatisfy { $0.cosine > 0.99 })
    let names = Set(report.layers.map(\.name))
    XCTAssertTrue(names.isSuperset(of: ["relu1", "pool1", "conv2", "logits", "probs"]), "\(names)")
  }
}
