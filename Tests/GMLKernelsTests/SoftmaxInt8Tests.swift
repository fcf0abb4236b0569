// GMLKernelsTests/SoftmaxInt8Tests.swift — int8 Softmax: hand-worked rows, the cut-off, multi-row shapes, the fast kernel against the reference, parameter checks.
import Foundation
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class SoftmaxInt8Tests: XCTestCase {
  private func run(_ p: SoftmaxInt8, _ input: [Int8]) -> [Int8] {
    var out = [Int8](repeating: 0, count: input.count)
    input.withUnsafeBufferPointer { i in
      out.withUnsafeMutableBufferPointer { p.reference(input: i, output: $0) }
    }
    return out
  }

  private func make(_ shape: [Int], scale: Float, beta: Float = 1) throws -> SoftmaxInt8 {
    try SoftmaxInt8(
      input: Shape(shape), inputScale: scale, outputScale: 1.0 / 256, outputZeroPoint: -128,
      beta: beta)
  }

  /// Four equal inputs: each exp is the Q0.31 one, the Q12.19 sum is 2^21,
  /// its reciprocal ~1 with 2 bits over unit, so each output is
  /// round(2^31 / 2^25) − 128 = 64 − 128.
  func testEqualRowIsUniform() throws {
    XCTAssertEqual(run(try make([1, 4], scale: 0.1), [5, 5, 5, 5]), [-64, -64, -64, -64])
  }

  /// Scale 1: the multiplier 2^26 is (2^30, shift 27), so differences below
  /// -floor(31 · 2^26 / 2^27) = -15 are cut off to -128; the maximum alone
  /// gets 256 − 128, clamped to 127.
  func testCutOffAndSaturation() throws {
    let p = try make([1, 4], scale: 1)
    XCTAssertEqual(p.inputMultiplier, QuantizedMultiplier(multiplier: 1 << 30, shift: 27))
    XCTAssertEqual(p.diffMin, -15)
    XCTAssertEqual(run(p, [127, -128, 100, 111]), [127, -128, -128, -128])
  }

  /// Rows of a [2, 3, 5] tensor are independent and within 1 LSB of the
  /// exact softmax (on the 1/256 grid, zero point -128).
  func testRowsNearExact() throws {
    var rng = SplitMix64(seed: 5)
    let input = (0..<30).map { _ in Int8.random(in: -128...127, using: &rng) }
    for beta: Float in [1, 0.5, 2] {
      let p = try make([2, 3, 5], scale: 0.05, beta: beta)
      XCTAssertEqual(p.outer, 6)
      XCTAssertEqual(p.depth, 5)
      let out = run(p, input)
      for row in 0..<6 {
        let xs = (0..<5).map { Double(beta) * 0.05 * Double(input[row * 5 + $0]) }
        let m = xs.max() ?? 0
        let sum = xs.reduce(0) { $0 + Foundation.exp($1 - m) }
        for c in 0..<5 {
          let exact = min(Foundation.exp(xs[c] - m) / sum * 256 - 128, 127)
          XCTAssertLessThanOrEqual(abs(Double(out[row * 5 + c]) - exact), 1, "row \(row) c \(c)")
        }
      }
    }
  }

  /// `fast` (the exponentials looked up) gives the reference's bytes: short
  /// and long rows, scales that cut off many elements and none, extreme
  /// rows (all equal, one maximum among minima).
  /// `fast`'s output in Swift and on every SOFTMAX microkernel this CPU
  /// runs, by name.
  func fastOutputs(_ p: SoftmaxInt8, _ rows: [Int8]) -> [(String, [Int8])] {
    var kernels: [SoftmaxInt8.Microkernel?] = [nil]
    kernels += FastKernelSet.every.compactMap(\.softmax).filter(\.isSupported).map { $0 }
    return kernels.map { k in
      var out = [Int8](repeating: 0, count: rows.count)
      rows.withUnsafeBufferPointer { i in
        out.withUnsafeMutableBufferPointer {
          if let k {
            p.fast(input: i, output: $0, microkernel: k)
          } else {
            p.fast(input: i, output: $0)
          }
        }
      }
      return (k.map { "\($0.name)" } ?? "swift", out)
    }
  }

  func testFastMatchesReference() throws {
    var rng = SplitMix64(seed: 11)
    for depth in [1, 2, 7, 12, 63, 64, 65, 200] {
      for scale: Float in [0.004, 0.05, 0.3, 1] {
        let p = try make([3, depth], scale: scale)
        var rows = (0..<(3 * depth)).map { _ in Int8.random(in: -128...127, using: &rng) }
        for c in 0..<depth {
          rows[depth + c] = 42
          rows[2 * depth + c] = c == depth / 2 ? 127 : -128
        }
        let expected = run(p, rows)
        for (name, fast) in fastOutputs(p, rows) {
          XCTAssertEqual(fast, expected, "\(name): depth \(depth) scale \(scale)")
        }
      }
    }
  }

  /// The same over 300 random input scales and betas (log-uniform, the
  /// reciprocal's exponent over its whole range) and random row lengths.
  func testFastMatchesReferenceOverRandomScales() throws {
    var rng = SplitMix64(seed: 12)
    for trial in 0..<300 {
      let depth = Int.random(in: 1...300, using: &rng)
      let scale = Float(Foundation.pow(10, Double.random(in: -4...1, using: &rng)))
      let beta = Float.random(in: 0.25...2, using: &rng)
      guard let p = try? make([2, depth], scale: scale, beta: beta) else { continue }
      let rows = (0..<(2 * depth)).map { _ in Int8.random(in: -128...127, using: &rng) }
      let expected = run(p, rows)
      for (name, fast) in fastOutputs(p, rows) {
        XCTAssertEqual(fast, expected, "\(name), trial \(trial): depth \(depth) scale \(scale)")
      }
    }
  }

  func testRejectsBadParameters() {
    XCTAssertThrowsError(
      try SoftmaxInt8(
        input: Shape([4]), inputScale: 0.1, outputScale: 1.0 / 256, outputZeroPoint: 0))
    XCTAssertThrowsError(
      try SoftmaxInt8(
        input: Shape([4]), inputScale: 0.1, outputScale: 1.0 / 128, outputZeroPoint: -128))
    XCTAssertThrowsError(
      try SoftmaxInt8(
        input: Shape([]), inputScale: 0.1, outputScale: 1.0 / 256, outputZeroPoint: -128))
    // beta · scale · 2^26 ≤ 1.
    XCTAssertThrowsError(try make([4], scale: 1e-9))
  }
}
