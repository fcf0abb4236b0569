// GMLConverterTests/GRUConversionTests.swift — gml-float's GRU: weights and both biases split by gate, float against Keras' formula, int8 as gml's integer GRU.
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class GRUConversionTests: XCTestCase {
  let gru = ReferenceGRU(units: 4, features: 3, seed: 41)
  let steps = 7

  /// A document running `gru` over x [1, steps, 3] with `attrs`.
  func document(attrs: String = "{}", bias: Bool = true) -> String {
    recurrentDocument(
      "GRU", steps: steps, features: 3, w: ("[12, 3]", gru.inputWeights),
      r: ("[12, 4]", gru.recurrentWeights), b: bias ? ("[2, 12]", gru.bias) : nil, attrs: attrs)
  }

  func load(_ text: String) throws -> Graph { try loadDocument(text) }

  var x: [Float] {
    var rng = SplitMix64(seed: 42)
    return (0..<(steps * 3)).map { _ in Float.random(in: -2...2, using: &rng) }
  }

  /// Per gate the rows of the stacked weights, then the bias' input row's
  /// gates and its recurrent row's.
  func testLoadSplitsWeightsAndBothBiasesByGate() throws {
    let graph = try load(document())
    let node = try XCTUnwrap(graph.nodes.first)
    XCTAssertEqual(node.inputs.count, 13)
    XCTAssertEqual(node.inputs[2], "gru/reset_input_weights")
    XCTAssertEqual(graph.constant(node.inputs[2]), gru.gate(1, of: gru.inputWeights, width: 3))
    XCTAssertEqual(graph.constant(node.inputs[6]), gru.gate(2, of: gru.recurrentWeights, width: 4))
    XCTAssertEqual(node.inputs[9], "gru/candidate_input_bias")
    XCTAssertEqual(graph.constant(node.inputs[9]), gru.gate(2, of: gru.bias, width: 1))
    XCTAssertEqual(graph.constant(node.inputs[10]), gru.gate(3, of: gru.bias, width: 1))
    let unbiased = try load(document(bias: false))
    XCTAssertEqual(unbiased.constant(unbiased.nodes[0].inputs[12]), [0, 0, 0, 0])
  }

  func testFloatMatchesKeras() throws {
    let expected = gru.run(x, batch: 1, steps: steps)
    for returnSequences in [true, false] {
      var graph = try load(document(attrs: "{\"return_sequences\": \(returnSequences)}"))
      _ = try Converter.optimize(&graph)
      let y = try GraphEvaluator.run(graph, inputs: ["x": x])[0]
      let want = returnSequences ? expected : Array(expected.suffix(4))
      XCTAssertEqual(y.count, want.count)
      for (a, e) in zip(y, want) { XCTAssertEqual(Double(a), e, accuracy: 1e-5) }
    }
  }

  /// gml's integer GRU: per-tensor int8 weights, input biases at input ×
  /// weight scale, recurrent ones at output × weight scale; every step
  /// within a few output steps of the float model.
  func testInt8IsGMLsIntegerGRU() throws {
    var graph = try load(document(attrs: "{\"return_sequences\": true}"))
    _ = try Converter.optimize(&graph)
    var rng = SplitMix64(seed: 43)
    let samples = (0..<32).map { _ in
      [(0..<(steps * 3)).map { _ in Float.random(in: -2...2, using: &rng) }]
    }
    let ranges = try Calibrator.ranges(
      of: graph, samples: CalibrationSamples(inputNames: ["x"], samples: samples, sourceName: "s"),
      method: .minmax)
    let model = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(), metadata: MetadataDefinition())
    let subgraph = model.subgraphs[0]
    let op = try XCTUnwrap(subgraph.operators.first { $0.opcode == .gru })
    func scale(_ t: Int32) throws -> Float {
      try XCTUnwrap(subgraph.tensors[Int(t)].quantization?.scales.first)
    }
    let (inputScale, outputScale) = (try scale(op.inputs[0]), try scale(op.outputs[0]))
    for g in 0..<3 {
      XCTAssertEqual(subgraph.tensors[Int(op.inputs[1 + g])].type, .int8)
      XCTAssertEqual(subgraph.tensors[Int(op.inputs[7 + g])].type, .int32)
      XCTAssertEqual(try scale(op.inputs[7 + g]), inputScale * (try scale(op.inputs[1 + g])))
      XCTAssertEqual(try scale(op.inputs[10 + g]), outputScale * (try scale(op.inputs[4 + g])))
    }
    let expected = gru.run(x, batch: 1, steps: steps)
    let bytes = ModelWriter.write(model)
    let result: Result<[Float], GMLError> = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        var interpreter = try Interpreter(model: try Model(verifying: raw))
        try interpreter.copyInput(x, at: 0)
        try interpreter.invoke()
        return .success(try interpreter.copyOutputFloats(at: 0))
      } catch {
        return .failure(error)
      }
    }
    for (a, e) in zip(try result.get(), expected) {
      XCTAssertEqual(Double(a), e, accuracy: 3 * Double(outputScale))
    }
  }
}
