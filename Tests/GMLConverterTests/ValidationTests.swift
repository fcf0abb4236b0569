// GMLConverterTests/ValidationTests.swift — per-layer figures, end-to-end figures and bounds on a model with a known error.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLTestSupport
import XCTest

@testable import GMLConverter

/// `y = x + c`, `p = softmax(y)`: with `c = 0` the float model, with
/// `c = [0.5, 0, 0, 0]` a "converted" model whose `y` has a known error.
func offsetModel(_ c: [Float]) throws -> [UInt8] {
  var b = GraphBuilder()
  b.input("x", [1, 4])
  b.graph.tensors["c"] = GraphTensor(name: "c", shape: [4], data: c)
  b.node(.add(activation: .none), ["x", "c"], "y")
  b.node(.softmax(axis: -1, beta: 1), ["y"], "p")
  let (model, _) = try Converter.convert(try b.finished(["p"]))
  return ModelWriter.write(model)
}

final class ValidationTests: XCTestCase {
  /// Sample 1 keeps its top-1 class (3); sample 2's moves from 1 to 0.
  let samples = CalibrationSamples(
    inputNames: ["x"], samples: [[[1, 2, 3, 4]], [[3.5, 3.75, 1, 0]]], sourceName: "test")

  func testLayerFiguresOnAKnownOffset() throws {
    let layers = try LayerComparison.compare(
      floatModel: try offsetModel([0, 0, 0, 0]), quantizedModel: try offsetModel([0.5, 0, 0, 0]),
      samples: samples)
    XCTAssertEqual(Set(layers.map(\.name)), ["y", "p"])
    let y = try XCTUnwrap(layers.first { $0.name == "y" })
    XCTAssertEqual(y.op, "ADD")
    // Σ ref² = 30 + 27.3125; Σ err² = 2 × 0.25; Σ ref·q = Σ ref² + 0.5 × (1 + 3.5);
    // Σ q² = Σ ref² + 2 × 0.5 × 4.5 + 0.5.
    let signal = 57.3125
    XCTAssertEqual(y.sqnrDB, 10 * log10(signal / 0.5), accuracy: 1e-9)
    XCTAssertEqual(y.cosine, 59.5625 / (signal * 62.3125).squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(y.maxAbsError, 0.5)
    let p = try XCTUnwrap(layers.first { $0.name == "p" })
    XCTAssertEqual(p.op, "SOFTMAX")
    XCTAssertTrue(layers.first == p || layers.first == y)
    XCTAssertLessThanOrEqual(layers[0].sqnrDB, layers[1].sqnrDB, "worst first")
  }

  func testIdenticalModelsHaveInfiniteSQNR() throws {
    let model = try offsetModel([0, 0, 0, 0])
    let layers = try LayerComparison.compare(
      floatModel: model, quantizedModel: model, samples: samples)
    XCTAssertEqual(layers.count, 2)
    for layer in layers {
      XCTAssertEqual(layer.sqnrDB, .infinity)
      XCTAssertEqual(layer.cosine, 1)
      XCTAssertEqual(layer.maxAbsError, 0)
    }
  }

  func testLayerErrorEdgeCases() {
    let zero = LayerComparison.layerError([[0, 0]], [[0, 0]], name: "z", op: "ADD")
    XCTAssertEqual(zero?.cosine, 1)
    XCTAssertEqual(zero?.sqnrDB, .infinity)
    let opposite = LayerComparison.layerError([[1, 0]], [[-1, 0]], name: "o", op: "ADD")
    XCTAssertEqual(opposite?.cosine, -1)
    XCTAssertEqual(opposite?.sqnrDB ?? 0, 10 * log10(0.25), accuracy: 1e-12)
    XCTAssertEqual(opposite?.maxAbsError, 2)
    XCTAssertNil(LayerComparison.layerError([[1, 0]], [[1]], name: "s", op: "ADD"))
  }

  func testAgreementAccuracyAndBoundsFromFiles() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let floatPath = scratch.path("float.gml")
    let modelPath = scratch.path("model.gml")
    try Data(try offsetModel([0, 0, 0, 0])).write(to: URL(fileURLWithPath: floatPath))
    try Data(try offsetModel([0.5, 0, 0, 0])).write(to: URL(fileURLWithPath: modelPath))
    let data = scratch.path("x.npy")
    let x = try NumPyArray(float32: samples.samples.flatMap { $0[0] }, shape: Shape([2, 4]))
    try Data(NPY.write(x)).write(to: URL(fileURLWithPath: data))
    let labels = scratch.path("y.npy")
    let y = try NumPyArray(int64: [3, 0], shape: Shape([2]))
    try Data(NPY.write(y)).write(to: URL(fileURLWithPath: labels))

    let report = try Validation.validate(
      floatModel: floatPath, model: modelPath, data: data, labels: labels)
    XCTAssertEqual(report.sampleCount, 2)
    XCTAssertEqual(report.top1Agreement, 0.5)
    XCTAssertEqual(report.accuracy, 1.0)
    XCTAssertEqual(report.floatAccuracy, 0.5)
    XCTAssertGreaterThan(report.outputMaxAbsError, 0)
    XCTAssertLessThanOrEqual(report.outputMeanAbsError, report.outputMaxAbsError)

    XCTAssertEqual(report.violations(of: ValidationBounds()), [])
    XCTAssertEqual(
      report.violations(of: ValidationBounds(minAgreement: 0.5, minAccuracy: 1, maxAbsError: 1)),
      [])
    let broken = report.violations(
      of: ValidationBounds(minAgreement: 0.9, minAccuracy: 0.5, maxAbsError: 1e-6))
    XCTAssertEqual(broken.count, 2)
    XCTAssertEqual(broken.first, "top-1 agreement 0.5 is below the minimum 0.9")
    XCTAssertTrue(broken.last?.hasPrefix("output max abs error ") ?? false)

    let unlabeled = try Validation.validate(floatModel: floatPath, model: modelPath, data: data)
    XCTAssertNil(unlabeled.accuracy)
    XCTAssertEqual(unlabeled.violations(of: ValidationBounds(minAccuracy: 0.5)).count, 1)

    let wrongCount = scratch.path("y3.npy")
    let y3 = try NumPyArray(int64: [3, 0, 1], shape: Shape([3]))
    try Data(NPY.write(y3)).write(to: URL(fileURLWithPath: wrongCount))
    XCTAssertThrowsError(
      try Validation.validate(
        floatModel: floatPath, model: modelPath, data: data, labels: wrongCount)
    ) { error in
      XCTAssertEqual((error as? ConversionError)?.file, wrongCount)
    }
  }
}
