// GMLKernelsTests/ElementwiseInt8Tests.swift — int8 Add/Sub/Mul: hand-worked values, rounding ties, saturation, broadcasting.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class ElementwiseInt8Tests: XCTestCase {
  /// Runs `p` on two operands.
  private func run(_ p: ElementwiseInt8, _ a: [Int8], _ b: [Int8]) throws -> [Int8] {
    var out = [Int8](repeating: 0, count: try p.outputShape.elementCount())
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        out.withUnsafeMutableBufferPointer { p.reference(lhs: x, rhs: y, output: $0) }
      }
    }
    return out
  }

  private func make(
    _ op: ElementwiseInt8.Operation, _ lhs: [Int], _ rhs: [Int],
    scales: (Float, Float, Float), zeroPoints: (Int32, Int32, Int32) = (0, 0, 0),
    activation: Activation = .none
  ) throws -> ElementwiseInt8 {
    try ElementwiseInt8(
      op, lhs: Shape(lhs), lhsScale: scales.0, lhsZeroPoint: zeroPoints.0,
      rhs: Shape(rhs), rhsScale: scales.1, rhsZeroPoint: zeroPoints.1,
      outputScale: scales.2, outputZeroPoint: zeroPoints.2, activation: activation)
  }

  /// Scales 0.5 everywhere: each input becomes q · 2^19 (multiplier 1/2),
  /// the output multiplier is 2^-19, so the result is exactly q1 + q2.
  func testAddHandWorked() throws {
    let p = try make(.add, [4], [4], scales: (0.5, 0.5, 0.5))
    XCTAssertEqual(p.lhsMultiplier, QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
    XCTAssertEqual(p.outputMultiplier, QuantizedMultiplier(multiplier: 1 << 30, shift: -18))
    XCTAssertEqual(try run(p, [10, -3, 100, -100], [20, 3, 100, -100]), [30, 0, 127, -128])
  }

  /// Different scales and zero points: real values 0.1·(q1 − 5) and
  /// 0.3·(q2 + 2) summed on scale 0.2 with zero point -10.
  func testAddSubMixedScalesWithinOneLSBOfExact() throws {
    var rng = SplitMix64(seed: 3)
    let a = (0..<64).map { _ in Int8.random(in: -128...127, using: &rng) }
    let b = (0..<64).map { _ in Int8.random(in: -128...127, using: &rng) }
    for op in [ElementwiseInt8.Operation.add, .sub] {
      let p = try make(op, [64], [64], scales: (0.1, 0.3, 0.2), zeroPoints: (5, -2, -10))
      let out = try run(p, a, b)
      for i in 0..<64 {
        let x = 0.1 * Double(Int(a[i]) - 5)
        let y = 0.3 * Double(Int(b[i]) + 2)
        let exact = (op == .add ? x + y : x - y) / 0.2 - 10
        let expected = min(max(exact.rounded(), -128), 127)
        XCTAssertLessThanOrEqual(abs(Double(out[i]) - expected), 1, "\(op) element \(i)")
      }
    }
  }

  /// MUL rounds twice like TFLite: 3 · 1 · 0.5 = 1.5 → 2, but -1.5 → -1
  /// (the doubling high multiply nudges ties toward +∞).
  func testMulRoundingTies() throws {
    let p = try make(.mul, [4], [4], scales: (1, 1, 2))
    XCTAssertEqual(p.outputMultiplier, QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
    XCTAssertEqual(try run(p, [3, -3, 5, -5], [1, 1, 1, 1]), [2, -1, 3, -2])
    // Saturation at both ends.
    XCTAssertEqual(try run(p, [127, -128, 127, 10], [127, 127, -128, 1]), [127, -128, -128, 5])
  }

  /// Fused activations clamp at the quantized bounds: output scale 0.05,
  /// zero point -20 → RELU6 keeps [-20, 100].
  func testFusedActivationClamp() throws {
    let p = try make(
      .add, [3], [3], scales: (0.05, 0.05, 0.05), zeroPoints: (0, 0, -20),
      activation: .relu6)
    XCTAssertEqual(p.activationRange, ActivationRangeInt8(min: -20, max: 100))
    // Real sums -1, 1, 6.35 → quantized -40, 0, 107 → clamped -20, 0, 100.
    XCTAssertEqual(try run(p, [-10, 10, 127], [-10, 10, 0]), [-20, 0, 100])
  }

  /// Broadcasting [2,1,3] with [1,4,1] (and SUB's operand order) against an
  /// index loop over the same per-element arithmetic.
  func testBroadcastMatchesIndexLoop() throws {
    let a: [Int8] = [1, -2, 3, 40, -50, 60]
    let b: [Int8] = [7, -8, 9, -10]
    for op in [ElementwiseInt8.Operation.add, .sub, .mul] {
      let broadcast = try make(
        op, [2, 1, 3], [1, 4, 1], scales: (0.1, 0.2, 0.3), zeroPoints: (1, 2, 3))
      XCTAssertEqual(broadcast.outputShape, Shape([2, 4, 3]))
      let single = try make(op, [1], [1], scales: (0.1, 0.2, 0.3), zeroPoints: (1, 2, 3))
      var expected: [Int8] = []
      for i in 0..<2 {
        for j in 0..<4 {
          for k in 0..<3 { expected += try run(single, [a[i * 3 + k]], [b[j]]) }
        }
      }
      XCTAssertEqual(try run(broadcast, a, b), expected, "\(op)")
    }
  }

  func testRejectsBadParameters() {
    XCTAssertThrowsError(try make(.add, [2], [3], scales: (1, 1, 1)))
    XCTAssertThrowsError(try make(.add, [2], [2], scales: (1, 0, 1)))
    XCTAssertThrowsError(try make(.mul, [2], [2], scales: (1, 1, 1), zeroPoints: (0, 128, 0)))
    // 2·max / (2^20 · output) ≥ 1: an output scale below 2^-19 of the inputs'.
    XCTAssertThrowsError(try make(.add, [2], [2], scales: (1, 1, 1e-7)))
    XCTAssertThrowsError(try make(.add, [2], [2], scales: (1, 1, 1), activation: .tanh))
  }
}
