// GMLKernelsTests/LogSoftmaxTests.swift — LOG_SOFTMAX: float against the formula, the fixed-point log, int8 against the real value, bad parameters.
import Foundation
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class LogSoftmaxTests: XCTestCase {
  /// Float rows against `x − max − log(Σ exp(x − max))` in `Double`.
  func testFloatMatchesTheFormula() throws {
    var rng = SplitMix64(seed: 4)
    let p = try LogSoftmax(input: Shape([3, 2, 9]))
    let x = (0..<54).map { _ in Float.random(in: -20...20, using: &rng) }
    let out = unary(x, count: 54) { p.reference(input: $0, output: $1) }
    for row in 0..<6 {
      let values = x[(row * 9)..<(row * 9 + 9)].map(Double.init)
      let m = values.max() ?? 0
      let logSum = Foundation.log(values.reduce(0) { $0 + Foundation.exp($1 - m) })
      for c in 0..<9 {
        XCTAssertEqual(Double(out[row * 9 + c]), values[c] - m - logSum, accuracy: 1e-5)
      }
    }
  }

  /// The fixed-point log of Q12.19 values from 1 to 2^12 − 1, as Q5.26,
  /// within 2^-20 of `log` (about 64 raw steps; the approximation's own
  /// error is far below an int8 output step of 1/16).
  func testFixedPointLogIsAccurate() {
    var x: Int32 = 1 << 19
    while x < Int32.max / 2 {
      let got = GemmlowpFixedPoint.logAtLeastOne(x, inputIntegerBits: 12, outputIntegerBits: 5)
      let want = Foundation.log(Double(x) / Double(1 << 19))
      let value = Double(got) / 67_108_864
      XCTAssertEqual(value, want, accuracy: 1.0 / 1_048_576, "x \(x)")
      x += x / 7 + 1
    }
  }

  /// int8: every output within one step (1/16) of the real log-softmax of
  /// the dequantized row, or −128 where that is below −8.
  func testInt8MatchesTheRealValue() throws {
    var rng = SplitMix64(seed: 6)
    for (depth, scale) in [(10, Float(0.05)), (40, 0.2), (7, 0.01), (64, 0.5)] {
      let g = try LogSoftmax(input: Shape([4, depth]))
      let p = try LogSoftmaxInt8(
        g, inputScale: scale, outputScale: 16.0 / 256, outputZeroPoint: 127)
      let x = (0..<(4 * depth)).map { _ in Int8.random(in: -128...127, using: &rng) }
      let out: [Int8] = x.withUnsafeBufferPointer { i in
        runInt8Kernel(count: x.count) { p.reference(input: i, output: $0) }
      }
      for row in 0..<4 {
        let values = x[(row * depth)..<((row + 1) * depth)].map { Double($0) * Double(scale) }
        let m = values.max() ?? 0
        let logSum = Foundation.log(values.reduce(0) { $0 + Foundation.exp($1 - m) })
        for c in 0..<depth {
          let real = values[c] - m - logSum
          let expected = min(max((real * 16).rounded() + 127, -128), 127)
          XCTAssertEqual(
            Double(out[row * depth + c]), expected, accuracy: 1,
            "depth \(depth) scale \(scale) row \(row) c \(c)")
        }
      }
    }
  }

  func testRejectsBadParameters() throws {
    let g = try LogSoftmax(input: Shape([1, 8]))
    XCTAssertThrowsError(
      try LogSoftmaxInt8(g, inputScale: 0.1, outputScale: 1.0 / 256, outputZeroPoint: -128))
    XCTAssertThrowsError(
      try LogSoftmaxInt8(g, inputScale: 0, outputScale: 16.0 / 256, outputZeroPoint: 127))
    XCTAssertThrowsError(
      try LogSoftmaxInt8(g, inputScale: 1e-9, outputScale: 16.0 / 256, outputZeroPoint: 127))
    XCTAssertThrowsError(try LogSoftmax(input: Shape([])))
  }
}
