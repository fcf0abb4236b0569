// GMLConverterTests/QuantizerParameterTests.swift — shared and fixed output parameters, bias scale, report rows, metadata, Softmax input widening.
import GMLCore
import GMLFormat
import GMLKernels
import XCTest

@testable import GMLConverter

final class QuantizerParameterTests: XCTestCase {
  /// x → MaxPool → Reshape → Dense(+bias) → Tanh, quantized from hand-set ranges.
  func quantized(io: IOType = .float) throws -> SubgraphDefinition {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 2])
    b.node(
      .pool2D(.max, PoolAttributes(poolH: 2, poolW: 2, window: Window(strideH: 2, strideW: 2))),
      ["x"],
      "p")
    b.node(.reshape(shape: [1, 8]), ["p"], "r")
    b.node(.dense(activation: .none), ["r", b.constant("w", [3, 8]), b.constant("b", [3])], "d")
    b.node(.tanh, ["d"], "t")
    let graph = try b.finished(["t"])
    let ranges = [
      "x": TensorRange(min: -1, max: 1), "p": TensorRange(min: 0, max: 5),
      "r": TensorRange(min: 0, max: 7), "d": TensorRange(min: -3, max: 2),
      "t": TensorRange(min: -0.9, max: 0.9),
    ]
    let model = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(io: io), metadata: MetadataDefinition())
    XCTAssertEqual(model.roundingMode, .doubleRounding)
    XCTAssertNotNil(model.subgraphs[0].memoryPlan)
    return model.subgraphs[0]
  }

  func tensor(_ sub: SubgraphDefinition, _ name: String) throws -> TensorDefinition {
    try XCTUnwrap(sub.tensors.first { $0.name == name }, name)
  }

  func testSharedFixedAndCalibratedParameters() throws {
    let sub = try quantized()
    let x = try tensor(sub, "x").quantization
    XCTAssertEqual(x?.scales, [2 / 255])
    XCTAssertEqual(try tensor(sub, "p").quantization?.scales, x?.scales)  // MaxPool shares
    XCTAssertEqual(try tensor(sub, "r").quantization?.zeroPoints, x?.zeroPoints)  // Reshape shares
    XCTAssertEqual(try tensor(sub, "d").quantization?.scales, [5 / 255])
    XCTAssertEqual(try tensor(sub, "t").quantization?.scales, [1 / 128])  // Tanh fixed
    XCTAssertEqual(try tensor(sub, "t").quantization?.zeroPoints, [0])
    let w = try tensor(sub, "w")
    XCTAssertEqual(w.type, .int8)
    XCTAssertEqual(w.quantization?.scales.count, 3)
    let bias = try tensor(sub, "b")
    XCTAssertEqual(bias.type, .int32)
    for c in 0..<3 {
      XCTAssertEqual(
        bias.quantization?.scales[c] ?? 0, (x?.scales[0] ?? 0) * (w.quantization?.scales[c] ?? 0),
        accuracy: 1e-12)
    }
    XCTAssertEqual(sub.tensors[Int(sub.inputs[0])].name, "x_float")
    XCTAssertEqual(sub.tensors[Int(sub.outputs[0])].name, "t_float")
    XCTAssertEqual(sub.operators.first?.opcode, .quantize)
    XCTAssertEqual(sub.operators.last?.opcode, .dequantize)
  }

  func testInt8IOHasNoEdgeOps() throws {
    let sub = try quantized(io: .int8)
    XCTAssertEqual(sub.tensors[Int(sub.inputs[0])].name, "x")
    XCTAssertEqual(sub.operators.map(\.opcode), [.maxPool2D, .reshape, .fullyConnected, .tanh])
  }

  func testReportRowsAndMissingRange() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4])
    b.node(.relu, ["x"], "y")
    let graph = try b.finished(["y"])
    let model = try Quantizer.quantize(
      graph, ranges: ["x": TensorRange(min: 0, max: 2.55), "y": TensorRange(min: 0, max: 1)],
      options: QuantizerOptions(), metadata: MetadataDefinition())
    let rows = QuantizedTensorSummary.list(model)
    XCTAssertEqual(rows.map(\.name), ["x", "y"])
    XCTAssertEqual(rows[0].range, TensorRange(min: 0, max: 2.55))
    XCTAssertEqual(rows[0].scale, 0.01, accuracy: 1e-9)
    XCTAssertEqual(rows[0].zeroPoint, -128)
    let text = QuantizedTensorSummary.text(rows, []).joined(separator: "\n")
    XCTAssertTrue(text.contains("x: [0, 2.55] -> scale 0.01, zero point -128"), text)
    XCTAssertThrowsError(
      try Quantizer.quantize(
        graph, ranges: ["x": TensorRange(min: 0, max: 1)], options: QuantizerOptions(),
        metadata: MetadataDefinition())
    ) { XCTAssertTrue(($0 as? ConversionError)?.message.contains("'y'") == true) }
  }

  /// A nearly constant Softmax input (an untrained classifier's logits)
  /// is widened, through the Reshape it reaches the Softmax by, to a scale
  /// the int8 Softmax prepares (TFLite refuses beta · scale · 2^26 ≤ 1);
  /// ranges wide enough already stay as they are.
  func testSoftmaxInputWidenedToAScaleTheKernelTakes() throws {
    var graph = Graph(name: "g", sourceFile: "g.json")
    graph.tensors["x"] = GraphTensor(name: "x", shape: [1, 4])
    graph.tensors["w"] = GraphTensor(
      name: "w", shape: [4, 4], data: Array(repeating: 0, count: 16))
    for name in ["logits", "flat", "probs"] {
      graph.tensors[name] = GraphTensor(name: name, shape: [1, 4])
    }
    graph.inputs = ["x"]
    graph.outputs = ["probs"]
    graph.nodes = [
      Node(name: "fc", op: .dense(activation: .none), inputs: ["x", "w"], outputs: ["logits"]),
      Node(name: "flat", op: .flatten, inputs: ["logits"], outputs: ["flat"]),
      Node(name: "sm", op: .softmax(axis: -1, beta: 1), inputs: ["flat"], outputs: ["probs"]),
    ]
    let tiny = TensorRange(min: -1e-9, max: 2e-9)
    let ranges = ["x": TensorRange(min: -1, max: 1), "logits": tiny, "flat": tiny]
    let lowered = try Lowering.lower(graph, metadata: MetadataDefinition(), planMemory: false)
    let widened = Quantizer.widenedForSoftmax(ranges, lowered.subgraphs[0])
    let logits = try XCTUnwrap(widened["logits"])
    XCTAssertLessThanOrEqual(logits.min, tiny.min)
    XCTAssertGreaterThanOrEqual(logits.max, tiny.max)
    XCTAssertEqual(widened["flat"], tiny, "the Reshape's own range is not the one used")
    XCTAssertEqual(widened["x"], ranges["x"])
    let scale = ActivationQuantization(logits).scale
    XCTAssertNoThrow(
      try SoftmaxInt8(
        input: Shape([1, 4]), inputScale: scale, outputScale: 1 / 256, outputZeroPoint: -128))
    XCTAssertThrowsError(
      try SoftmaxInt8(
        input: Shape([1, 4]), inputScale: ActivationQuantization(tiny).scale,
        outputScale: 1 / 256, outputZeroPoint: -128), "the unwidened scale is refused")
    let wide = ["logits": TensorRange(min: -3, max: 5)]
    XCTAssertEqual(Quantizer.widenedForSoftmax(wide, lowered.subgraphs[0]), wide)
  }

  /// PRELU's alpha is stored symmetric (zero point 0, scale max|alpha| / 127),
  /// as TFLiteConverter stores it; an ADD's constant operand asymmetric over
  /// its own range.
  func testPreluAlphaIsSymmetricAndAnAddConstantAsymmetric() throws {
    var b = GraphBuilder()
    b.input("x", [1, 2, 2, 4])
    b.node(.prelu, ["x", b.constant("alpha", [4], 0.1...0.9)], "p")
    b.node(.add(activation: .none), ["p", b.constant("c", [4], 0.5...2)], "y")
    let graph = try b.finished(["y"])
    let alphaValues = try XCTUnwrap(graph.tensors["alpha"]?.data)
    let ranges = [
      "x": TensorRange(min: -1, max: 1), "p": TensorRange(min: -1, max: 1),
      "y": TensorRange(min: -1, max: 3),
    ]
    let sub = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(io: .int8),
      metadata: MetadataDefinition()
    ).subgraphs[0]
    let alpha = try tensor(sub, "alpha")
    let maxAbs = alphaValues.map(abs).max() ?? 0
    XCTAssertEqual(alpha.quantization?.zeroPoints, [0])
    XCTAssertEqual(alpha.quantization?.scales, [maxAbs / 127])
    let c = try tensor(sub, "c").quantization
    XCTAssertEqual(c?.zeroPoints, [-128])  // the range [min, max] widened to take 0
  }

  /// A concatenation's inputs take its range where it is at most twice
  /// theirs and holds it (through a MaxPool, to the op before it); a
  /// narrower input, or one from a fixed-output op, keeps its own.
  func testConcatenationGivesItsRangeWhereItCostsAtMostABit() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 2])
    let pool = PoolAttributes(poolH: 1, poolW: 1, window: Window())
    b.node(.add(activation: .none), ["x", b.constant("c1", [2])], "wide")
    b.node(.pool2D(.max, pool), ["wide"], "pooled")
    b.node(.add(activation: .none), ["x", b.constant("c2", [2])], "narrow")
    b.node(.sigmoid, ["x"], "fixed")
    b.node(.concat(axis: 3), ["pooled", "narrow", "fixed"], "y")
    let graph = try b.finished(["y"])
    let ranges = [
      "x": TensorRange(min: -1, max: 1), "wide": TensorRange(min: -1.5, max: 1),
      "pooled": TensorRange(min: -1.5, max: 1), "narrow": TensorRange(min: -0.5, max: 0.5),
      "fixed": TensorRange(min: 0, max: 1), "y": TensorRange(min: -2, max: 1),
    ]
    let sub = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(io: .int8),
      metadata: MetadataDefinition()
    ).subgraphs[0]
    let y = try tensor(sub, "y").quantization
    XCTAssertEqual(y?.scales, [3 / 255])
    XCTAssertEqual(try tensor(sub, "wide").quantization?.scales, y?.scales)
    XCTAssertEqual(try tensor(sub, "pooled").quantization?.scales, y?.scales)
    XCTAssertEqual(try tensor(sub, "narrow").quantization?.scales, [1 / 255])
    XCTAssertEqual(try tensor(sub, "fixed").quantization?.scales, [1 / 256])
  }
}
