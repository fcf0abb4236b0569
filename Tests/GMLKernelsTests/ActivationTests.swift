// GMLKernelsTests/ActivationTests.swift — fused/standalone activations, LeakyRelu, and KernelMath against libm.
import Foundation
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Tolerances: the ReLU family and hard-swish are exact; exp is within
/// 2 ulp (relative 2.4e-7) of libm; tanh and sigmoid within 1e-7 absolute.
final class ActivationTests: XCTestCase {
  func testPiecewiseActivationsByHand() {
    let x: [Float] = [-7, -1.5, -0.5, 0, 0.5, 1, 4, 7]
    let cases: [(Activation, [Float])] = [
      (.none, x),
      (.relu, [0, 0, 0, 0, 0.5, 1, 4, 7]),
      (.relu6, [0, 0, 0, 0, 0.5, 1, 4, 6]),
      (.reluN1To1, [-1, -1, -0.5, 0, 0.5, 1, 1, 1]),
      // x * relu6(x + 3) / 6: -1.5 * 1.5 / 6 = -0.375; -0.5 * 2.5 / 6; 0.5 * 3.5 / 6;
      // 1 * 4 / 6; 4 * 6 / 6 = 4.
      (.hardSwish, [0, -0.375, -1.25 / 6, 0, 1.75 / 6, 4.0 / 6, 4, 7]),
    ]
    for (activation, expected) in cases {
      let out = unary(x, count: x.count) { activation.reference(input: $0, output: $1) }
      assertClose(out, expected, tolerance: 1e-7, "\(activation)")
    }
  }

  func testSmoothActivationsAgainstLibm() {
    var x: [Float] = [0, 1, -1, 1e-6, -1e-5, 3, -8, 20, -20, 50, -90, 90]
    var rng = SplitMix64(seed: 51)
    x += randomFloats(200, &rng).map { $0 * 12 }
    let tanhOut = unary(x, count: x.count) { Activation.tanh.reference(input: $0, output: $1) }
    assertClose(tanhOut, x.map { Foundation.tanh($0) }, tolerance: 1e-7, relative: 2.4e-7)
    let sigmoid = unary(x, count: x.count) { Activation.sigmoid.reference(input: $0, output: $1) }
    assertClose(sigmoid, x.map { 1 / (1 + Foundation.exp(-$0)) }, tolerance: 1e-7)
    XCTAssertEqual(KernelMath.sigmoid(0), 0.5)
    XCTAssertEqual(KernelMath.tanh(0), 0)
  }

  func testExpAgainstLibm() {
    var rng = SplitMix64(seed: 52)
    let x = randomFloats(500, &rng).map { $0 * 87 } + [0, 1, -1, 88.5, -87, -100, -103]
    for v in x {
      let expected = Foundation.exp(Double(v))
      let actual = Double(KernelMath.exp(v))
      let ulp = Double(Float(expected).ulp)
      XCTAssertLessThanOrEqual(abs(actual - expected), 2 * ulp, "exp(\(v))")
    }
    XCTAssertEqual(KernelMath.exp(89), .infinity)
    XCTAssertEqual(KernelMath.exp(-200), 0)
    XCTAssertTrue(KernelMath.exp(.nan).isNaN)
  }

  func testLeakyRelu() {
    // alpha 0.2: -5 → -1, 0 → 0, 3 → 3.
    let p = LeakyRelu(alpha: 0.2)
    let out = unary([-5, 0, 3], count: 3) { p.reference(input: $0, output: $1) }
    assertClose(out, [-1, 0, 3], tolerance: 1e-7)
  }
}
