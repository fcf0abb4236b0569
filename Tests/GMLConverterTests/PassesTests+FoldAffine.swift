// GMLConverterTests/PassesTests+FoldAffine.swift — Add, Sub and Mul by per-channel constants folded into the conv or dense before them.
import GMLFormat
import XCTest

@testable import GMLConverter

final class FoldAffineTests: XCTestCase {
  /// Folds `b`'s graph and checks that `folded` nodes went, and that the
  /// outputs are unchanged.
  func assertFolds(_ b: GraphBuilder, outputs: [String], folded: Int, line: UInt = #line) throws
    -> Graph
  {
    let before = try b.finished(outputs)
    var after = before
    XCTAssertEqual(FoldAffine.run(&after), folded, "folded", line: line)
    XCTAssertEqual(after.nodes.count, before.nodes.count - folded, line: line)
    try InferShapes.run(&after)
    try assertSameOutputs(before, after, line: line)
    return after
  }

  /// MobileNetV3's hard-sigmoid after a convolution: `relu6(conv + 3) · ⅙`.
  /// The Add folds into the bias and takes the Relu6 along once fused.
  func testHardSigmoidAddFoldsIntoTheConvolution() throws {
    var b = GraphBuilder()
    b.input("x", [1, 5, 5, 4])
    b.conv("x", in: 4, out: 6, k: 3, "c", ConvAttributes(window: Window(padding: .same)))
    b.node(.add(activation: .relu6), ["c", b.constant("three", [1], 3...3)], "a")
    b.node(.mul(activation: .none), ["a", b.constant("sixth", [1], 0.1...0.2)], "gate")
    let after = try assertFolds(b, outputs: ["gate"], folded: 1)
    XCTAssertEqual(after.nodes.map(\.op.specName), ["Conv2D", "Mul"])
    XCTAssertEqual(after.nodes[0].op.fusedActivation, .relu6)
  }

  /// Per-channel `[C]` and `[1, 1, 1, C]` constants, both operand orders
  /// of Sub, a Mul, after Conv2D, DepthwiseConv2D and Dense.
  func testPerChannelConstantsAfterEachProducer() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 3])
    b.conv("x", in: 3, out: 5, k: 1, "c", bias: false)
    b.node(.sub(activation: .none), ["c", b.constant("m", [1, 1, 1, 5])], "s1")
    let w = b.constant("dw.w", [1, 3, 3, 5])
    b.node(.depthwiseConv2D(ConvAttributes()), ["s1", w], "dw")
    b.node(.sub(activation: .relu), [b.constant("k", [5]), "dw"], "s2")
    b.node(.flatten, ["s2"], "f")
    b.node(.dense(activation: .none), ["f", b.constant("w", [7, 20]), b.constant("b", [7])], "d")
    b.node(.mul(activation: .none), ["d", b.constant("scale", [7])], "out")
    let after = try assertFolds(b, outputs: ["out"], folded: 3)
    XCTAssertEqual(
      after.nodes.map(\.op.specName), ["Conv2D", "DepthwiseConv2D", "Flatten", "Dense"])
  }

  /// Left alone: a constant that is not per channel, a producer read
  /// twice, one with an activation, and two activations added.
  func testUnfoldableStepsStay() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 3])
    b.conv("x", in: 3, out: 3, k: 1, "c1")
    b.node(.add(activation: .none), ["c1", b.constant("map", [1, 4, 4, 3])], "a1")
    b.conv("a1", in: 3, out: 3, k: 1, "c2")
    b.node(.mul(activation: .none), ["c2", b.constant("s", [3])], "m2")
    b.node(.add(activation: .none), ["m2", "c2"], "a2")
    b.conv("a2", in: 3, out: 3, k: 1, "c3", ConvAttributes(activation: .relu))
    b.node(.add(activation: .none), ["c3", b.constant("t", [3])], "a3")
    _ = try assertFolds(b, outputs: ["a3"], folded: 0)
  }
}
