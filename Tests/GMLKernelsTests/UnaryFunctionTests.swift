// GMLKernelsTests/UnaryFunctionTests.swift — UnaryFunction: float math against the host libm, int8 tables against LiteRT's formulas run with it.
import Foundation
import GMLKernels
import GMLTestSupport
import XCTest

final class UnaryFunctionTests: XCTestCase {
  /// `KernelMath.log` is ln rounded once to `Float` (glibc's `logf`, at
  /// most 0.82 ulp off, differs from it in about 0.6 % of these; the int8
  /// tables below still match what it gives).
  func testLogIsCorrectlyRounded() {
    var rng = SplitMix64(seed: 3)
    for i in 0..<200_000 {
      let x: Float =
        i % 2 == 0
        ? Float(bitPattern: UInt32.random(in: 0x0080_0000...0x7F7F_FFFF, using: &rng))
        : Float.random(in: 0.5...2, using: &rng)
      XCTAssertEqual(KernelMath.log(x), Float(Foundation.log(Double(x))), "\(x)")
    }
    XCTAssertEqual(KernelMath.log(1), 0)
    XCTAssertEqual(KernelMath.log(0), -.infinity)
    XCTAssertTrue(KernelMath.log(-1).isNaN)
  }

  /// `KernelMath.sqrt` equals IEEE `sqrtf` (correctly rounded) over the
  /// float range.
  func testSqrtIsCorrectlyRounded() {
    var rng = SplitMix64(seed: 4)
    for _ in 0..<300_000 {
      let x = Float(bitPattern: UInt32.random(in: 1...0x7F7F_FFFF, using: &rng))
      XCTAssertEqual(KernelMath.sqrt(x), x.squareRoot(), "\(x)")
    }
    XCTAssertEqual(KernelMath.sqrt(0), 0)
    XCTAssertEqual(KernelMath.sqrt(.infinity), .infinity)
    XCTAssertTrue(KernelMath.sqrt(-1).isNaN)
  }

  /// The float functions against the host's (expm1f, expf, sqrtf).
  func testFloatFunctionsMatchHostLibm() {
    for x in stride(from: Float(-8), through: 8, by: 0.013) {
      // glibc's expm1f is not correctly rounded: within one ulp.
      let elu = x < 0 ? Foundation.expm1f(x) : x
      XCTAssertEqual(UnaryFunction.elu.apply(x), elu, accuracy: elu.ulp, "\(x)")
      XCTAssertEqual(UnaryFunction.exp.apply(x), Foundation.expf(x), "\(x)")
      XCTAssertEqual(UnaryFunction.abs.apply(x), Swift.abs(x))
      if x > 0 {
        XCTAssertEqual(UnaryFunction.sqrt.apply(x), Foundation.sqrtf(x))
        XCTAssertEqual(UnaryFunction.rsqrt.apply(x), 1 / Foundation.sqrtf(x))
      }
    }
  }

  /// `LUTPopulate` with the host libm, as LiteRT builds its tables.
  private func hostTable(
    _ s: Float, _ z: Int32, _ t: Float, _ w: Int32, _ f: (Float) -> Float
  ) -> [Int8] {
    (0..<256).map { i -> Int8 in
      let q = Int32(Int8(bitPattern: UInt8(i)))
      let y = (f(s * Float(q - z)) * (1 / t)).rounded() + Float(w)
      // static_cast<int32_t> on x86-64: INT32_MIN for inf, NaN or out of range.
      let v = y >= -2_147_483_648 && y < 2_147_483_648 ? Int32(y) : Int32.min
      return Int8(min(max(v, -128), 127))
    }
  }

  /// ELU, EXP and LOG tables equal LiteRT's formula run with the host's
  /// libm; SQRT, ABS and NEG equal their per-element formulas.
  func testTablesMatchHostFormulas() throws {
    var rng = SplitMix64(seed: 17)
    for _ in 0..<300 {
      let (s, t) = (
        Float.random(in: 0.002...0.2, using: &rng), Float.random(in: 0.002...0.2, using: &rng)
      )
      let (z, w) = (
        Int32.random(in: -128...127, using: &rng), Int32.random(in: -128...127, using: &rng)
      )
      func table(_ f: UnaryFunction) throws -> [Int8] {
        try LookupTableInt8(f, inputScale: s, inputZeroPoint: z, outputScale: t, outputZeroPoint: w)
          .table
      }
      let lowest = Float(-128 - w) * t
      XCTAssertEqual(
        try table(.elu), hostTable(s, z, t, w) { $0 < 0 ? Foundation.expf($0) - 1 : $0 })
      XCTAssertEqual(try table(.exp), hostTable(s, z, t, w) { Foundation.expf($0) })
      XCTAssertEqual(
        try table(.log), hostTable(s, z, t, w) { $0 <= 0 ? lowest : Foundation.logf($0) })
      let sqrt = (0..<256).map { i -> Int8 in
        let q = Int32(Int8(bitPattern: UInt8(i)))
        let v = Int32(Foundation.sqrtf(max(s * Float(q - z), 0)) / t) + w
        return Int8(min(max(v, -128), 127))
      }
      XCTAssertEqual(try table(.sqrt), sqrt)
      let (abs, neg) = (try table(.abs), try table(.neg))
      for i in 0..<256 {
        let q = Int32(Int8(bitPattern: UInt8(i)))
        let expected = (Float(Swift.abs(q - z)) * s / t).rounded() + Float(w)
        XCTAssertLessThanOrEqual(Swift.abs(Float(abs[i]) - min(max(expected, -128), 127)), 1)
        // NEG: ABS's requantization of zero_point − q (gml's; LiteRT has none).
        let negated = QuantizedMultiplier(Double(s / t)).apply(z - q) + w
        XCTAssertEqual(neg[i], Int8(min(max(negated, -128), 127)), "NEG of \(q)")
      }
      let same = try LookupTableInt8(
        .neg, inputScale: s, inputZeroPoint: z, outputScale: s, outputZeroPoint: w)
      for i in 0..<256 {
        let q = Int32(Int8(bitPattern: UInt8(i)))
        XCTAssertEqual(same.table[i], Int8(min(max(z - q + w, -128), 127)), "NEG at one scale")
      }
    }
  }

  /// TFLite's fixed-point 1/√x is within 2^-18 of the real one (relative).
  func testInverseSquareRoot() {
    var rng = SplitMix64(seed: 5)
    for _ in 0..<20_000 {
      let x = Int32.random(in: 2...Int32.max, using: &rng) >> Int32.random(in: 0...29, using: &rng)
      guard x > 1 else { continue }
      let m = GemmlowpFixedPoint.inverseSquareRoot(x)
      let value = Double(m.multiplier) * pow(2, Double(m.shift) - 31)
      XCTAssertEqual(value, 1 / Double(x).squareRoot(), accuracy: value * 0x1p-18, "\(x)")
    }
  }
}
