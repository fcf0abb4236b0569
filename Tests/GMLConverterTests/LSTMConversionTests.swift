// GMLConverterTests/LSTMConversionTests.swift — gml-float's LSTM: weights split by gate, float against Keras' formula, the last step sliced, int8 as TFLite's integer LSTM.
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class LSTMConversionTests: XCTestCase {
  let lstm = ReferenceLSTM(units: 4, features: 3, seed: 21)
  let steps = 6

  /// A document running `lstm` over x [1, steps, 3] with `attrs`, its
  /// weights the constants `w`, `r` and (unless `bias` is false) `b`.
  func document(attrs: String = "{}", bias: Bool = true, recurrentShape: String = "[16, 4]")
    -> String
  {
    recurrentDocument(
      "LSTM", steps: steps, features: 3, w: ("[16, 3]", lstm.inputWeights),
      r: (recurrentShape, lstm.recurrentWeights), b: bias ? ("[16]", lstm.bias) : nil,
      attrs: attrs)
  }

  func load(_ text: String) throws -> Graph { try loadDocument(text) }

  var x: [Float] {
    var rng = SplitMix64(seed: 22)
    return (0..<(steps * 3)).map { _ in Float.random(in: -2...2, using: &rng) }
  }

  /// The loader gives the node the `.gml` op's 13 inputs: per gate the
  /// rows of the stacked weights, and zero biases when there is none.
  func testLoadSplitsTheWeightsByGate() throws {
    let graph = try load(document())
    let node = try XCTUnwrap(graph.nodes.first)
    XCTAssertEqual(node.inputs.count, 13)
    XCTAssertEqual(node.op, .lstm(RecurrentAttributes(returnSequences: false)))
    XCTAssertEqual(node.inputs[2], "lstm/forget_input_weights")
    XCTAssertEqual(graph.constant(node.inputs[2]), lstm.gate(1, of: lstm.inputWeights, width: 3))
    XCTAssertEqual(
      graph.constant(node.inputs[7]), lstm.gate(2, of: lstm.recurrentWeights, width: 4))
    XCTAssertEqual(graph.tensors[node.inputs[12]]?.shape, [4])
    let unbiased = try load(document(bias: false))
    XCTAssertEqual(unbiased.constant(unbiased.nodes[0].inputs[9]), [0, 0, 0, 0])
  }

  /// Every step, or (Keras' default) the last one through a StridedSlice
  /// and a Reshape, equal to Keras' formula.
  func testFloatMatchesKeras() throws {
    let expected = lstm.run(x, batch: 1, steps: steps).output
    for returnSequences in [true, false] {
      var graph = try load(document(attrs: "{\"return_sequences\": \(returnSequences)}"))
      let passes = try Converter.optimize(&graph)
      XCTAssertEqual(
        passes.contains(where: { $0.pass == "recurrent last steps sliced" }), !returnSequences)
      XCTAssertEqual(graph.shape("y"), returnSequences ? [1, steps, 4] : [1, 4])
      let y = try GraphEvaluator.run(graph, inputs: ["x": x])[0]
      let want = returnSequences ? expected : Array(expected.suffix(4))
      XCTAssertEqual(y.count, want.count)
      for (a, e) in zip(y, want) { XCTAssertEqual(Double(a), e, accuracy: 1e-5) }
    }
  }

  func testMalformedWeightsAreRefusedAtTheirPlace() throws {
    let folder = try ModelFolder()
    defer { folder.remove() }
    assertLoadError(
      try folder.write("r.json", document(recurrentShape: "[8, 8]")),
      place: "nodes[0].inputs[2]", "LSTM 'lstm': recurrent_weights must be [16, 4], got [8, 8]")
    assertLoadError(
      try folder.write(
        "x.json", replacing(document(), "[\"x\", \"w\", \"r\"", "[\"x\", \"x\", \"r\"")),
      place: "nodes[0].inputs[1]", "LSTM 'lstm': input 1 ('x') must be a constant")
  }

  /// gml's int8 LSTM is TFLite's integer one: per-tensor int8 weights,
  /// int32 biases at input × weight scale, the cell state's scale the
  /// power of two covering its calibrated range; it stays within a few
  /// steps of the output scale of the float model.
  func testInt8IsTFLitesIntegerLSTM() throws {
    var graph = try load(document(attrs: "{\"return_sequences\": true}"))
    _ = try Converter.optimize(&graph)
    var rng = SplitMix64(seed: 23)
    let samples = (0..<32).map { _ in
      [(0..<(steps * 3)).map { _ in Float.random(in: -2...2, using: &rng) }]
    }
    let ranges = try Calibrator.ranges(
      of: graph, samples: CalibrationSamples(inputNames: ["x"], samples: samples, sourceName: "s"),
      method: .minmax)
    let cell = try XCTUnwrap(ranges[Calibrator.cellStateName(of: "y")])
    let extent = samples.map { lstm.run($0[0], batch: 1, steps: steps).cellExtent }.max() ?? 0
    XCTAssertEqual(Double(cell.max), extent, accuracy: 1e-5)
    let model = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(), metadata: MetadataDefinition())
    let subgraph = model.subgraphs[0]
    let op = try XCTUnwrap(subgraph.operators.first { $0.opcode == .unidirectionalSequenceLstm })
    guard case .sequenceLSTM(_, _, let cellScaleLog2, _) = op.options else {
      return XCTFail("options")
    }
    XCTAssertEqual(
      Int(cellScaleLog2), QuantizedModelBuilder.cellScaleLog2(extent: Float(extent)))
    for k in 1...8 {
      XCTAssertEqual(subgraph.tensors[Int(op.inputs[k])].type, .int8)
      XCTAssertEqual(subgraph.tensors[Int(op.inputs[k])].quantization?.scales.count, 1)
    }
    let inputScale = try XCTUnwrap(subgraph.tensors[Int(op.inputs[0])].quantization?.scales[0])
    for g in 0..<4 {
      let bias = subgraph.tensors[Int(op.inputs[9 + g])]
      let weightScale = try XCTUnwrap(
        subgraph.tensors[Int(op.inputs[1 + g])].quantization?.scales[0])
      XCTAssertEqual(bias.type, .int32)
      XCTAssertEqual(bias.quantization?.scales.first, inputScale * weightScale)
    }
    let outputScale = try XCTUnwrap(subgraph.tensors[Int(op.outputs[0])].quantization?.scales[0])
    let expected = lstm.run(x, batch: 1, steps: steps).output
    let actual = try run(model, x)
    for (a, e) in zip(actual, expected) {
      XCTAssertEqual(Double(a), e, accuracy: 3 * Double(outputScale))
    }
  }

  /// The cell state's scale: the least 2^p ≥ its extent, p from 0 to 6.
  func testCellScaleIsThePowerOfTwoCoveringTheCell() {
    let cases: [(Float, Int)] = [
      (0, -15), (0.5, -15), (1, -15), (1.01, -14), (3, -13), (4, -13), (64, -9), (1000, -9),
    ]
    for (extent, log2) in cases {
      XCTAssertEqual(QuantizedModelBuilder.cellScaleLog2(extent: extent), log2, "\(extent)")
    }
  }

  /// The integer LSTM computes tanh: another activation stays float only
  /// when asked to.
  func testAnotherActivationNeedsKeepFloat() throws {
    var graph = try load(document(attrs: "{\"return_sequences\": true, \"activation\": \"relu\"}"))
    _ = try Converter.optimize(&graph)
    let samples = CalibrationSamples(inputNames: ["x"], samples: [[x]], sourceName: "s")
    let ranges = try Calibrator.ranges(of: graph, samples: samples, method: .minmax)
    XCTAssertThrowsError(
      try Quantizer.quantize(
        graph, ranges: ranges, options: QuantizerOptions(), metadata: MetadataDefinition())
    ) {
      XCTAssertEqual(
        ($0 as? ConversionError)?.message,
        "LSTM 'lstm': the int8 LSTM computes tanh, not RELU; keep it in float with --keep-float lstm"
      )
    }
    let kept = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(keepFloat: ["lstm"]),
      metadata: MetadataDefinition())
    let expected = lstm.run(x, batch: 1, steps: steps, activation: { max($0, 0) }).output
    let actual = try run(kept, x)
    for (a, e) in zip(actual, expected) { XCTAssertEqual(Double(a), e, accuracy: 0.05) }
  }

  /// `model`'s float output on `x`.
  func run(_ model: ModelDefinition, _ x: [Float]) throws -> [Float] {
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
    return try result.get()
  }
}
