// GMLConverterTests/PassesTests+FoldBatchNorm.swift — BatchNorm folded into Conv2D, DepthwiseConv2D and Dense, or lowered.
import GMLFormat
import GMLKernels
import XCTest

@testable import GMLConverter

final class FoldBatchNormTests: XCTestCase {
  /// Folds every BatchNorm of `b`'s graph and checks that `folded` were
  /// folded, `lowered` lowered, and the outputs are unchanged.
  func assertFolds(
    _ b: GraphBuilder, outputs: [String], folded: Int, lowered: Int, line: UInt = #line
  ) throws {
    let before = try b.finished(outputs)
    var after = before
    let result = try FoldBatchNorm.run(&after)
    XCTAssertEqual(result.folded, folded, "folded", line: line)
    XCTAssertEqual(result.lowered, lowered, "lowered", line: line)
    XCTAssertEqual(nodeCount("BatchNorm", in: after), 0, line: line)
    XCTAssertEqual(after.nodes.count, before.nodes.count - folded + lowered, line: line)
    try InferShapes.run(&after)
    try assertSameOutputs(before, after, line: line)
  }

  func testConv2DWithAndWithoutBias() throws {
    for bias in [true, false] {
      var b = GraphBuilder()
      b.input("x", [1, 6, 6, 3])
      b.conv(
        "x", in: 3, out: 5, k: 3, "c", ConvAttributes(window: Window(padding: .same)), bias: bias)
      b.batchNorm("c", channels: 5, "bn")
      try assertFolds(b, outputs: ["bn"], folded: 1, lowered: 0)
    }
  }

  func testDepthwiseConv2DWithMultiplier2() throws {
    var b = GraphBuilder()
    b.input("x", [1, 5, 5, 3])
    let w = b.constant("dw.w", [1, 3, 3, 6])
    let bias = b.constant("dw.b", [6])
    b.node(.depthwiseConv2D(ConvAttributes(depthMultiplier: 2)), ["x", w, bias], "dw")
    b.batchNorm("dw", channels: 6, "bn")
    b.node(.relu, ["bn"], "out")
    try assertFolds(b, outputs: ["out"], folded: 1, lowered: 0)
  }

  func testDenseOfRank2AndRank3() throws {
    for shape in [[2, 7], [1, 3, 7]] {
      var b = GraphBuilder()
      b.input("x", shape)
      b.node(.dense(activation: .none), ["x", b.constant("w", [4, 7]), b.constant("b", [4])], "d")
      b.batchNorm("d", channels: 4, "bn")
      try assertFolds(b, outputs: ["bn"], folded: 1, lowered: 0)
    }
  }

  func testSharedWeightsAreNotChanged() throws {
    var b = GraphBuilder()
    b.input("x", [1, 7])
    let w = b.constant("w", [7, 7])
    b.node(.dense(activation: .none), ["x", w], "d1")
    b.batchNorm("d1", channels: 7, "bn")
    b.node(.dense(activation: .none), ["bn", w], "d2")
    try assertFolds(b, outputs: ["d2"], folded: 1, lowered: 0)
  }

  func testUnfoldableBatchNormsBecomeMulAndAdd() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 3])
    // After an input: nothing to fold into.
    b.batchNorm("x", channels: 3, "bn0")
    // After a conv with a fused activation.
    b.conv("bn0", in: 3, out: 3, k: 1, "c1", ConvAttributes(activation: .relu))
    b.batchNorm("c1", channels: 3, "bn1")
    // After a conv whose output is also read elsewhere.
    b.conv("bn1", in: 3, out: 3, k: 1, "c2")
    b.batchNorm("c2", channels: 3, "bn2")
    b.node(.add(activation: .none), ["bn2", "c2"], "sum")
    // After a pool.
    b.node(.pool2D(.max, PoolAttributes(poolH: 2, poolW: 2, window: Window())), ["sum"], "p")
    b.batchNorm("p", channels: 3, "bn3")
    try assertFolds(b, outputs: ["bn3"], folded: 0, lowered: 4)
  }

  func testNoFuseLowersEveryBatchNorm() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 4, 3])
    b.conv("x", in: 3, out: 3, k: 1, "c")
    b.batchNorm("c", channels: 3, "bn")
    let before = try b.finished(["bn"])
    var after = before
    XCTAssertEqual(try FoldBatchNorm.run(&after, fold: false).lowered, 1)
    XCTAssertEqual(after.nodes.map(\.op.specName), ["Conv2D", "Mul", "Add"])
    XCTAssertEqual(after.nodes.last?.outputs, ["bn"])
    try assertSameOutputs(before, after)
  }
}
