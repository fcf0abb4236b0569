// GMLConverterTests/PassesTests+FuseLayerNorm.swift — Keras' LayerNormalization pattern fused into LayerNorm: its forms, and what stays unfused.
import GMLFormat
import GMLKernels
import XCTest

@testable import GMLConverter

final class FuseLayerNormTests: XCTestCase {
  /// Keras' LayerNormalization over the last axis of `x` as the exporter
  /// and TFLiteConverter write it; `swap` reverses every commutative
  /// operand pair.
  func layerNorm(
    _ b: inout GraphBuilder, _ x: String, depth: Int, scale: Bool = true, center: Bool = true,
    swap: Bool = false, rank: Int = 3, name: String = "ln"
  ) -> String {
    func pair(_ a: String, _ c: String) -> [String] { swap ? [c, a] : [a, c] }
    let axes = [swap ? -1 : rank - 1]
    let mean = b.node(.reduce(.mean, axes: axes, keepDims: true), [x], name + ".mean")
    let sd = b.node(.binary(.squaredDifference), [x, mean], name + ".sd")
    let variance = b.node(.reduce(.mean, axes: axes, keepDims: true), [sd], name + ".var")
    let eps = b.constant(name + ".eps", [1], 0.001...0.001)
    let shifted = b.node(.add(activation: .none), pair(variance, eps), name + ".shifted")
    var inv = b.node(.unary(.rsqrt), [shifted], name + ".inv")
    if scale {
      let gamma = b.constant(name + ".gamma", [1, 1, depth], 0.5...1.5)
      inv = b.node(.mul(activation: .none), pair(inv, gamma), name + ".scale")
    }
    let negated = b.node(.unary(.neg), [mean], name + ".neg")
    var offset = b.node(.mul(activation: .none), pair(negated, inv), name + ".offset")
    if center {
      let beta = b.constant(name + ".beta", [depth], -0.5...0.5)
      offset = b.node(.add(activation: .none), pair(offset, beta), name + ".centre")
    }
    let scaled = b.node(.mul(activation: .none), pair(x, inv), name + ".scaled")
    return b.node(.add(activation: .none), pair(scaled, offset), name)
  }

  func fused(_ b: GraphBuilder, _ outputs: [String], count: Int, line: UInt = #line) throws
    -> Graph
  {
    let before = try b.finished(outputs)
    var after = before
    XCTAssertEqual(FuseLayerNorm.run(&after), count, line: line)
    try InferShapes.run(&after)
    try assertSameOutputs(before, after, line: line)
    return after
  }

  /// Every form: with and without gamma and beta, operands in either
  /// order, the axis as -1; each becomes one LayerNorm, its constants
  /// gone with it.
  func testEveryFormFusesIntoOneLayerNorm() throws {
    for (scale, center, swap) in [
      (true, true, false), (true, true, true), (false, true, false), (true, false, true),
      (false, false, false),
    ] {
      var b = GraphBuilder()
      b.input("x", [1, 5, 8])
      let y = layerNorm(&b, "x", depth: 8, scale: scale, center: center, swap: swap)
      let after = try fused(b, [y], count: 1)
      XCTAssertEqual(after.nodes.map(\.op), [.layerNorm(epsilon: 0.001)])
      XCTAssertEqual(after.outputs, ["ln"])
      XCTAssertEqual(after.tensors.values.filter { $0.data != nil }.count, 2)
    }
  }

  /// Two norms in a row (a residual between them), each fused.
  func testConsecutiveNormsBothFuse() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 6])
    let a = layerNorm(&b, "x", depth: 6, name: "a")
    let r = b.node(.add(activation: .none), [a, "x"], "residual")
    let y = layerNorm(&b, r, depth: 6, name: "b")
    let after = try fused(b, [y], count: 2)
    XCTAssertEqual(nodeCount("LayerNorm", in: after), 2)
  }

  /// Left as it is: an inside tensor read elsewhere or a graph output, a
  /// mean over another axis.
  func testPatternsThatDoNotFit() throws {
    var b = GraphBuilder()
    b.input("x", [1, 4, 6])
    let y = layerNorm(&b, "x", depth: 6)
    _ = try fused(b, [y, "ln.inv"], count: 0)
    let extra = b.node(.relu, ["ln.mean"], "peek")
    _ = try fused(b, [y, extra], count: 0)

    var c = GraphBuilder()
    c.input("x", [1, 6, 6])
    let mean = c.node(.reduce(.mean, axes: [1], keepDims: true), ["x"], "m")
    let sd = c.node(.binary(.squaredDifference), ["x", mean], "sd")
    let v = c.node(.reduce(.mean, axes: [1], keepDims: true), [sd], "v")
    let s = c.node(.add(activation: .none), [v, c.constant("eps", [1], 0.001...0.001)], "s")
    let inv = c.node(.unary(.rsqrt), [s], "inv")
    let neg = c.node(.unary(.neg), [mean], "neg")
    let off = c.node(.mul(activation: .none), [neg, inv], "off")
    let sc = c.node(.mul(activation: .none), ["x", inv], "sc")
    let out = c.node(.add(activation: .none), [sc, off], "y")
    _ = try fused(c, [out], count: 0)
  }

  /// The LayerNorm node's own shape rules: gamma and beta of the row's size.
  func testLayerNormShapesAreChecked() throws {
    var b = GraphBuilder()
    b.input("x", [1, 3, 4])
    b.node(.layerNorm(epsilon: 1e-3), ["x", b.constant("g", [3]), b.constant("b", [4])], "y")
    assertConversionError(["gamma shape [3] must be [4]"]) { _ = try b.finished(["y"]) }
  }
}
