// GMLKernelsTests/RequantizeTests.swift — QuantizeMultiplier and the double-rounding primitives against hand-worked values.
import GMLKernels
import XCTest

final class RequantizeTests: XCTestCase {
  func testQuantizeMultiplierMatchesFrexpEncoding() {
    // 0.5 = 0.5 × 2^0 → q = 2^30, shift 0.
    XCTAssertEqual(QuantizedMultiplier(0.5), QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
    // 1.0 = 0.5 × 2^1.
    XCTAssertEqual(QuantizedMultiplier(1.0), QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
    // 0.75 = 0.75 × 2^0 → q = 0.75 × 2^31.
    XCTAssertEqual(
      QuantizedMultiplier(0.75), QuantizedMultiplier(multiplier: 1_610_612_736, shift: 0))
    // 0.001 = 0.512 × 2^-9 → q = round(0.512 × 2^31) = 1099511628.
    XCTAssertEqual(
      QuantizedMultiplier(0.001), QuantizedMultiplier(multiplier: 1_099_511_628, shift: -9))
    // A fraction that rounds up to 2^31 is halved and the exponent raised.
    XCTAssertEqual(
      QuantizedMultiplier(0.999_999_999_9), QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
    XCTAssertEqual(QuantizedMultiplier(0), QuantizedMultiplier(multiplier: 0, shift: 0))
    XCTAssertEqual(QuantizedMultiplier(1e-20), QuantizedMultiplier(multiplier: 0, shift: 0))
    XCTAssertEqual(QuantizedMultiplier(-0.5), QuantizedMultiplier(multiplier: -(1 << 30), shift: 0))
  }

  func testSaturatingRoundingDoublingHighMul() {
    typealias F = FixedPoint
    XCTAssertEqual(F.saturatingRoundingDoublingHighMul(Int32.min, Int32.min), Int32.max)
    XCTAssertEqual(F.saturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29)
    // Ties go toward +∞: 1.5 → 2 and -1.5 → -1; 0.5 → 1 and -0.5 → 0
    // (gemmlowp's nudge of 1 - 2^30 for negatives, then C++ truncation).
    XCTAssertEqual(F.saturatingRoundingDoublingHighMul(3, 1 << 30), 2)
    XCTAssertEqual(F.saturatingRoundingDoublingHighMul(-3, 1 << 30), -1)
    XCTAssertEqual(F.saturatingRoundingDoublingHighMul(1, 1 << 30), 1)
    XCTAssertEqual(F.saturatingRoundingDoublingHighMul(-1, 1 << 30), 0)
    // Not a tie: -1.75 → -2.
    XCTAssertEqual(F.saturatingRoundingDoublingHighMul(-7, 1 << 29), -2)
  }

  func testRoundingDivideByPOTRoundsHalfAwayFromZero() {
    typealias F = FixedPoint
    XCTAssertEqual(F.roundingDivideByPOT(5, 1), 3)
    XCTAssertEqual(F.roundingDivideByPOT(-5, 1), -3)
    XCTAssertEqual(F.roundingDivideByPOT(4, 1), 2)
    XCTAssertEqual(F.roundingDivideByPOT(7, 2), 2)
    XCTAssertEqual(F.roundingDivideByPOT(-7, 2), -2)
    XCTAssertEqual(F.roundingDivideByPOT(6, 2), 2)
    XCTAssertEqual(F.roundingDivideByPOT(-6, 2), -2)
    XCTAssertEqual(F.roundingDivideByPOT(123, 0), 123)
    XCTAssertEqual(F.roundingDivideByPOT(Int32.max, 31), 1)
    XCTAssertEqual(F.roundingDivideByPOT(Int32.min, 31), -1)
  }

  func testApplyMatchesRealMultiplicationClosely() {
    var state: UInt64 = 99
    for _ in 0..<10_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1
      let real = Double(state >> 11) / Double(1 << 53) * 4 + 1e-6
      let x = Int32(truncatingIfNeeded: Int64(state >> 40) - (1 << 23))
      let m = QuantizedMultiplier(real)
      let exact = Double(x) * real
      XCTAssertLessThanOrEqual(
        abs(Double(m.apply(x)) - exact), 1.0 + abs(exact) * 1e-9, "x \(x) real \(real)")
    }
  }
}
