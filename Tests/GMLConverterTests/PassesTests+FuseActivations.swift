// GMLConverterTests/PassesTests+FuseActivations.swift — activations moved into the ops before them, and where they are not.
import GMLFormat
import XCTest

@testable import GMLConverter

final class FuseActivationsTests: XCTestCase {
  func testFusesIntoEveryCarrier() throws {
    var b = GraphBuilder()
    b.input("x", [1, 5, 5, 2])
    b.conv("x", in: 2, out: 4, k: 3, "c")
    b.node(.relu6, ["c"], "c.act")
    b.node(.depthwiseConv2D(ConvAttributes()), ["c.act", b.constant("dw.w", [1, 1, 1, 4])], "dw")
    b.node(.hardSwish, ["dw"], "dw.act")
    b.node(.add(activation: .none), ["dw.act", b.constant("k", [4])], "a")
    b.node(.relu, ["a"], "a.act")
    b.node(.mul(activation: .none), ["a.act", "a.act"], "m")
    b.node(.tanh, ["m"], "m.act")
    b.node(.sub(activation: .none), ["m.act", b.constant("k2", [1])], "s")
    b.node(.flatten, ["s"], "f")
    b.node(.dense(activation: .none), ["f", b.constant("w", [3, 36])], "d")
    b.node(.sigmoid, ["d"], "out")
    let before = try b.finished(["out"])
    var after = before
    XCTAssertEqual(FuseActivations.run(&after), 5)
    XCTAssertEqual(
      after.nodes.map { $0.op.fusedActivation?.schemaName ?? "-" },
      ["RELU6", "HARD_SWISH", "RELU", "TANH", "NONE", "-", "SIGMOID"])
    XCTAssertEqual(after.nodes.last?.outputs, ["out"], "the graph output keeps its name")
    try assertSameOutputs(before, after)
  }

  func testRefusals() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4])
    let w = b.constant("w", [4, 4])
    // The producer's output has a second reader.
    b.node(.dense(activation: .none), ["x", w], "d1")
    b.node(.relu, ["d1"], "r1")
    b.node(.add(activation: .none), ["r1", "d1"], "a")
    // The producer already has an activation.
    b.node(.dense(activation: .relu6), ["a", w], "d2")
    b.node(.sigmoid, ["d2"], "r2")
    // The producer cannot carry one; LeakyRelu has no fused form.
    b.node(.softmax(axis: -1, beta: 1), ["r2"], "s")
    b.node(.relu, ["s"], "r3")
    b.node(.dense(activation: .none), ["r3", w], "d3")
    b.node(.leakyRelu(alpha: 0.1), ["d3"], "out")
    let before = try b.finished(["out"])
    var after = before
    XCTAssertEqual(FuseActivations.run(&after), 0)
    XCTAssertEqual(after, before)
  }
}
