// GMLConverterTests/QuantizerFixtureTests.swift — every fixture model quantizes to int8 and stays close to float, layer by layer.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class QuantizerFixtureTests: XCTestCase {
  /// Between them the fixtures use every gml-float op, including fused
  /// Sigmoid/Tanh/HardSwish, which the int8 path splits into ops of their own.
  func testEveryFixtureQuantizesWithSmallLayerError() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let fixtures = RepositoryPaths.converterFixtures(from: #filePath)
    XCTAssertGreaterThanOrEqual(fixtures.count, 7)
    for (name, folder) in fixtures {
      let input = try NPY.read(
        try OutputFile.read(folder.appendingPathComponent("input.npy").path))
      // 16 calibration samples: the fixture input with seeded noise, or
      // for token ids the input's ids in 16 rotations.
      let shape = Shape([16] + input.shape.dims.dropFirst())
      let samples: NumPyArray
      if let ids = input.int32Values() {
        samples = try NumPyArray(
          int32: (0..<16).flatMap { k in ids.indices.map { ids[($0 + k) % ids.count] } },
          shape: shape)
      } else {
        let values = try XCTUnwrap(input.float32Values())
        var rng = SplitMix64(seed: 5)
        var noisy: [Float] = []
        for _ in 0..<16 {
          noisy += values.map { $0 + Float(Int(rng.next() % 2001) - 1000) / 2000 }
        }
        samples = try NumPyArray(float32: noisy, shape: shape)
      }
      let calibration = scratch.path("\(name)-calibration.npy")
      try OutputFile.write(NPY.write(samples), to: calibration)
      let report = try Converter.convert(
        input: folder.appendingPathComponent("model.json").path,
        output: scratch.path("\(name).gml"),
        options: ConversionOptions(quantize: .int8, calibration: calibration))
      XCTAssertFalse(report.layers.isEmpty, name)
      // 25 dB, less the bit a concatenation's input may lose to its range
      // (`Quantizer.maximumWidening`: 20·log10(2) ≈ 6 dB).
      let floor = 25 - 20 * log10(Double(Quantizer.maximumWidening))
      for layer in report.layers {
        XCTAssertGreaterThan(layer.sqnrDB, floor, "\(name): \(layer.name) (\(layer.op))")
        XCTAssertGreaterThan(layer.cosine, 0.99, "\(name): \(layer.name) (\(layer.op))")
      }
    }
  }

  func testSplitActivationsKeepsOutputNames() throws {
    var graph = Graph(name: "g", sourceFile: "g.json")
    graph.tensors["x"] = GraphTensor(name: "x", shape: [1, 4])
    graph.tensors["w"] = GraphTensor(
      name: "w", shape: [4, 4], data: Array(repeating: 0.5, count: 16))
    graph.tensors["y"] = GraphTensor(name: "y", shape: [1, 4])
    graph.inputs = ["x"]
    graph.outputs = ["y"]
    graph.nodes = [
      Node(name: "fc", op: .dense(activation: .tanh), inputs: ["x", "w"], outputs: ["y"])
    ]
    XCTAssertEqual(SplitActivations.run(&graph), 1)
    XCTAssertEqual(graph.nodes.map(\.op), [.dense(activation: .none), .tanh])
    XCTAssertEqual(graph.nodes[0].outputs, ["y.pre"])
    XCTAssertEqual(graph.nodes[1].inputs, ["y.pre"])
    XCTAssertEqual(graph.nodes[1].outputs, ["y"])
    var kept = graph
    kept.nodes = [
      Node(name: "fc", op: .dense(activation: .relu), inputs: ["x", "w"], outputs: ["y"])
    ]
    XCTAssertEqual(SplitActivations.run(&kept), 0, "clamps stay fused")
  }
}
