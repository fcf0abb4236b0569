// GMLKernelsTests/ActivationInt8Tests.swift — int8 LOGISTIC/TANH tables, HARD_SWISH, LEAKY_RELU and RELU: hand-worked values and libm agreement.
import Foundation
import GMLKernels
import GMLTestSupport
import XCTest

final class ActivationInt8Tests: XCTestCase {
  private func unary(
    _ input: [Int8],
    _ kernel: (UnsafeBufferPointer<Int8>, UnsafeMutableBufferPointer<Int8>) -> Void
  ) -> [Int8] {
    var out = [Int8](repeating: 0, count: input.count)
    input.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer { kernel(i, $0) } }
    return out
  }

  private let allInt8 = (-128...127).map { Int8($0) }

  /// `LUTPopulate<int8_t>` as LiteRT runs it on this host: float math with
  /// the host libm's `expf` / `tanhf`.
  private func hostTable(
    _ scale: Float, _ zeroPoint: Int32, _ outputScale: Float, _ outputZeroPoint: Int32,
    _ f: (Float) -> Float
  ) -> [Int8] {
    var table = [Int8](repeating: 0, count: 256)
    for q in Int32(-128)...127 {
      let y = (f(scale * Float(q - zeroPoint)) * (1 / outputScale)).rounded()
      let v = min(max(Int32(y + Float(outputZeroPoint)), -128), 127)
      table[Int(UInt8(bitPattern: Int8(q)))] = Int8(v)
    }
    return table
  }

  /// The tables must equal those built with the host's libm (glibc 2.36
  /// here, the libm LiteRT's fixtures were made with), over common scales
  /// (m/255, m/256, m/1000) and random ones. Raw `expf`/`tanhf` values do
  /// differ: glibc's `expf` is not correctly rounded in about 0.07 % of
  /// arguments and its `tanhf` is off by 1–2 ulp in about 5 %, but no such
  /// difference has moved a table entry (0 of 52 million entries tried
  /// while writing this; this test samples a slice of them).
  func testTablesMatchHostLibm() throws {
    var rng = SplitMix64(seed: 11)
    var scales: [Float] = (1...40).flatMap { [Float($0) / 255, Float($0) / 256, Float($0) / 1000] }
    for _ in 0..<60 { scales.append(Float.random(in: 0.001...0.25, using: &rng)) }
    for scale in scales {
      let zeroPoint = Int32.random(in: -128...127, using: &rng)
      let logistic = try LookupTableInt8.logistic(
        inputScale: scale, inputZeroPoint: zeroPoint, outputScale: 1.0 / 256, outputZeroPoint: -128)
      let hostLogistic = hostTable(scale, zeroPoint, 1.0 / 256, -128) {
        1 / (1 + Foundation.expf(-$0))
      }
      XCTAssertEqual(
        logistic.table, hostLogistic, "LOGISTIC scale \(scale) zero point \(zeroPoint)")
      let tanh = try LookupTableInt8.tanh(
        inputScale: scale, inputZeroPoint: zeroPoint, outputScale: 1.0 / 128, outputZeroPoint: 0)
      let hostTanh = hostTable(scale, zeroPoint, 1.0 / 128, 0) { Foundation.tanhf($0) }
      XCTAssertEqual(tanh.table, hostTanh, "TANH scale \(scale) zero point \(zeroPoint)")
    }
  }

  /// Input scale 1/16: q = 0 is x = 0 (sigmoid 1/2 → 128 − 128 = 0); the ends
  /// saturate; every entry is within 1 LSB of the exact sigmoid.
  func testLogisticTable() throws {
    let t = try LookupTableInt8.logistic(
      inputScale: 1.0 / 16, inputZeroPoint: 0, outputScale: 1.0 / 256, outputZeroPoint: -128)
    XCTAssertEqual(
      unary([0, 127, -128, 16]) { t.reference(input: $0, output: $1) }, [0, 127, -128, 59])
    let out = unary(allInt8) { t.reference(input: $0, output: $1) }
    for (q, y) in zip(allInt8, out) {
      let exact = 256 / (1 + Foundation.exp(-Double(q) / 16)) - 128
      XCTAssertLessThanOrEqual(abs(Double(y) - min(exact, 127)), 0.5 + 1e-6, "q \(q)")
    }
    XCTAssertThrowsError(
      try LookupTableInt8.logistic(
        inputScale: 0.1, inputZeroPoint: 0, outputScale: 1.0 / 128, outputZeroPoint: -128))
  }

  /// Input scale 1/32, output 1/128: tanh(1) · 128 = 97.48 → 97, odd symmetry.
  func testTanhTable() throws {
    let t = try LookupTableInt8.tanh(
      inputScale: 1.0 / 32, inputZeroPoint: 0, outputScale: 1.0 / 128, outputZeroPoint: 0)
    XCTAssertEqual(
      unary([0, 32, -32, 127, -128]) { t.reference(input: $0, output: $1) },
      [0, 97, -97, 127, -128])
  }

  /// Input and output scale 1/16: x = 1, 4, -4, -1 give 2/3, 4, 0, -1/3,
  /// worked through the int16 steps to 11, 64, 0, -5.
  func testHardSwishHandWorked() throws {
    let p = try HardSwishInt8(
      inputScale: 1.0 / 16, inputZeroPoint: 0, outputScale: 1.0 / 16, outputZeroPoint: 0)
    XCTAssertEqual(p.outputMultiplier, 16_384)
    XCTAssertEqual(p.outputExponent, -6)
    XCTAssertEqual(p.reluishMultiplier, 21_845)
    XCTAssertEqual(p.reluishExponent, 3)
    XCTAssertEqual(
      unary([16, 64, -64, -16]) { p.reference(input: $0, output: $1) }, [11, 64, 0, -5])
  }

  /// Within 1 LSB of the exact function over every int8 input.
  func testHardSwishNearExact() throws {
    let p = try HardSwishInt8(
      inputScale: 0.05, inputZeroPoint: 7, outputScale: 0.03, outputZeroPoint: -60)
    let out = unary(allInt8) { p.reference(input: $0, output: $1) }
    for (q, y) in zip(allInt8, out) {
      let x = 0.05 * Double(Int(q) - 7)
      let exact = x * min(max(x + 3, 0), 6) / 6 / 0.03 - 60
      XCTAssertLessThanOrEqual(abs(Double(y) - min(max(exact, -128), 127)), 1.5, "q \(q)")
    }
  }

  /// Scale 0.5 in and out, alpha 0.25: -6 → -1.5 rounds away from zero to -2.
  /// A negative alpha flips the sign after scaling by its magnitude, so
  /// -5 · -0.5 = 2.5 becomes -(-2.5 rounded) = 2.
  func testLeakyRelu() throws {
    let p = try LeakyReluInt8(
      alpha: 0.25, inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.5, outputZeroPoint: 0)
    XCTAssertEqual(
      unary([8, -8, -6, 127, -128]) { p.reference(input: $0, output: $1) }, [8, -2, -2, 127, -32])
    let n = try LeakyReluInt8(
      alpha: -0.5, inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.5, outputZeroPoint: 0)
    XCTAssertTrue(n.alphaIsNegative)
    XCTAssertEqual(unary([-6, -5, 4]) { n.reference(input: $0, output: $1) }, [3, 2, 4])
  }

  /// Input scale 0.5, output 0.25 with zero point -128: RELU6 caps at
  /// -128 + 24 = -104, and negatives clamp to -128.
  func testRelu6() throws {
    let p = try ReluInt8(
      .relu6, inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.25, outputZeroPoint: -128)
    XCTAssertEqual(
      unary([10, 20, -5, 0]) { p.reference(input: $0, output: $1) }, [-108, -104, -128, -128])
    XCTAssertThrowsError(
      try ReluInt8(.tanh, inputScale: 1, inputZeroPoint: 0, outputScale: 1, outputZeroPoint: 0))
  }

  /// Found by tools/fuzz.sh (`model`): scales so far apart that the
  /// multiplier saturates (2^31 − 1, shift 30) made `zp_out + M(q − zp_in)`
  /// overflow Int32 and trap. It now wraps, as LiteRT's C++ does on
  /// x86-64, before the clamp: M(2) is 1 − 2^31, and −2 + (1 − 2^31) wraps
  /// to 2^31 − 1.
  func testSaturatedMultiplierWrapsLikeLiteRT() throws {
    let leaky = try LeakyReluInt8(
      alpha: -0.25, inputScale: 1e20, inputZeroPoint: 0, outputScale: 1e-10, outputZeroPoint: -2)
    XCTAssertEqual(unary([2, -2]) { leaky.reference(input: $0, output: $1) }, [127, 127])
    let relu = try ReluInt8(
      .relu, inputScale: 1e20, inputZeroPoint: 0, outputScale: 1e-10, outputZeroPoint: -2)
    XCTAssertEqual(unary([2]) { relu.reference(input: $0, output: $1) }, [127])
  }
}
