// GMLKernelsTests/SoftmaxTests.swift — Softmax reference: known values, stability, any axis, beta.
import Foundation
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Float tolerance: 1e-6 absolute (probabilities in [0, 1]).
final class SoftmaxTests: XCTestCase {
  func testKnownValues() throws {
    // softmax([1, 2, 3]) = [e^-2, e^-1, 1] / (e^-2 + e^-1 + 1)
    //                    = [0.09003057, 0.24472847, 0.66524096].
    let p = try Softmax(input: Shape([1, 3]))
    let out = unary([1, 2, 3], count: 3) { p.reference(input: $0, output: $1) }
    assertClose(out, [0.090_030_57, 0.244_728_47, 0.665_240_96], tolerance: 1e-6)
  }

  func testLargeInputsDoNotOverflow() throws {
    let p = try Softmax(input: Shape([4]))
    let out = unary([1000, 1000, -1000, 990], count: 4) { p.reference(input: $0, output: $1) }
    XCTAssertTrue(out.allSatisfy { $0.isFinite }, "\(out)")
    // sum = 2 + e^-10 (e^-2000 underflows to 0): 1 / (2 + e^-10) = 0.49998865,
    // e^-10 / (2 + e^-10) = 2.26994e-5.
    assertClose(out, [0.499_988_65, 0.499_988_65, 0, 2.269_94e-5], tolerance: 1e-6)
  }

  /// Axis 1 of [2, 3, 2] with beta 2, against a direct formula; every
  /// slice along the axis sums to 1.
  func testMiddleAxisAndBeta() throws {
    var rng = SplitMix64(seed: 61)
    let x = randomFloats(12, &rng).map { $0 * 4 }
    let p = try Softmax(input: Shape([2, 3, 2]), beta: 2, axis: 1)
    XCTAssertEqual([p.outer, p.axisSize, p.inner], [2, 3, 2])
    let out = unary(x, count: 12) { p.reference(input: $0, output: $1) }
    var expected = [Float](repeating: 0, count: 12)
    for o in 0..<2 {
      for i in 0..<2 {
        let idx = (0..<3).map { o * 6 + $0 * 2 + i }
        let sum = idx.reduce(0.0) { $0 + Foundation.exp(2 * Double(x[$1])) }
        var total: Float = 0
        for k in idx {
          expected[k] = Float(Foundation.exp(2 * Double(x[k])) / sum)
          total += out[k]
        }
        XCTAssertEqual(total, 1, accuracy: 1e-6)
      }
    }
    assertClose(out, expected, tolerance: 1e-6)
    XCTAssertEqual(try Softmax(input: Shape([2, 3, 2]), beta: 2, axis: -2), p)
  }

  func testAxisOutOfRange() {
    assertThrowsKind(.invalidArgument) { _ = try Softmax(input: Shape([2, 3]), axis: 2) }
    assertThrowsKind(.invalidArgument) { _ = try Softmax(input: Shape([2, 3]), axis: -3) }
  }
}
