// GMLKernelsTests/GemmlowpFixedPointTests.swift — gemmlowp's fixed-point exp and 1/(1+x) against Double within their precision; edge cases exactly.
import Foundation
import GMLKernels
import GMLTestSupport
import XCTest

final class GemmlowpFixedPointTests: XCTestCase {
  typealias G = GemmlowpFixedPoint

  func testSaturatingRoundingMultiplyByPOT() {
    XCTAssertEqual(G.saturatingRoundingMultiplyByPOT(3, 2), 12)
    XCTAssertEqual(G.saturatingRoundingMultiplyByPOT(1 << 29, 2), Int32.max)
    XCTAssertEqual(G.saturatingRoundingMultiplyByPOT(-(1 << 29), 2), Int32.min)
    // Threshold is 2^(31-e) − 1: 2^29 − 1 still shifts exactly.
    XCTAssertEqual(G.saturatingRoundingMultiplyByPOT((1 << 29) - 1, 2), Int32.max - 3)
    XCTAssertEqual(G.saturatingRoundingMultiplyByPOT(-5, -1), -3)  // -2.5 → -3
    XCTAssertEqual(G.saturatingRoundingMultiplyByPOT(5, -1), 3)
    XCTAssertEqual(G.rescale(1 << 26, from: 5, to: 12), 1 << 19)
  }

  func testRoundingHalfSumRoundsAwayFromZero() {
    XCTAssertEqual(G.roundingHalfSum(1, 2), 2)
    XCTAssertEqual(G.roundingHalfSum(-1, -2), -2)
    XCTAssertEqual(G.roundingHalfSum(Int32.max, Int32.max), Int32.max)
    XCTAssertEqual(G.roundingHalfSum(0, Int32.max), 1 << 30)
  }

  /// exp on Q5.26 inputs (softmax's format): within 3e-7 of e^x on [-32, 0];
  /// exp(0) is exactly the Q0.31 "one".
  func testExpOnNegativeValuesQ5() {
    XCTAssertEqual(G.expOnNegativeValues(0, integerBits: 5), Int32.max)
    var rng = SplitMix64(seed: 7)
    var worst = 0.0
    for _ in 0..<20_000 {
      let raw = -Int32.random(in: 0...(Int32.max), using: &rng)
      let x = Double(raw) / Double(1 << 26)
      let got = Double(G.expOnNegativeValues(raw, integerBits: 5)) / 2_147_483_648
      worst = max(worst, abs(got - Foundation.exp(x)))
    }
    XCTAssertLessThan(worst, 3e-7)
  }

  /// Other formats: Q0.31 inputs on [-1, 0) and Q6.25, where values below -32
  /// are forced to 0 (gemmlowp's clamp for more than 5 integer bits).
  func testExpOnNegativeValuesOtherFormats() {
    for raw: Int32 in [-1, -(1 << 29), -(1 << 30), Int32.min + 1] {
      let got = Double(G.expOnNegativeValues(raw, integerBits: 0)) / 2_147_483_648
      XCTAssertEqual(got, Foundation.exp(Double(raw) / 2_147_483_648), accuracy: 3e-7)
    }
    let minus33 = Int32(-33 << 25)
    XCTAssertEqual(G.expOnNegativeValues(minus33, integerBits: 6), 0)
    let minus3 = Int32(-3 << 25)
    let got = Double(G.expOnNegativeValues(minus3, integerBits: 6)) / 2_147_483_648
    XCTAssertEqual(got, Foundation.exp(-3.0), accuracy: 3e-7)
  }

  /// 1/(1+x) on [0, 1): three Newton steps give about 30 bits.
  func testOneOverOnePlusX() {
    var rng = SplitMix64(seed: 8)
    var worst = 0.0
    for _ in 0..<20_000 {
      let raw = Int32.random(in: 0...(Int32.max), using: &rng)
      let x = Double(raw) / 2_147_483_648
      let got = Double(G.oneOverOnePlusX(raw)) / 2_147_483_648
      worst = max(worst, abs(got - 1 / (1 + x)))
    }
    XCTAssertLessThan(worst, 4e-9)
    XCTAssertEqual(G.oneOverOnePlusX(0), Int32.max)  // 1 saturates to the Q0.31 maximum
  }

  /// GetReciprocal: 1/x = scale · 2^-bitsOverUnit for Q12.19 sums.
  func testReciprocal() {
    for sum: Int32 in [1 << 19, 3 << 19, (1 << 19) + 12_345, 1_000_000_000, Int32.max] {
      let (scale, bits) = G.reciprocal(sum, integerDigits: 12)
      let value = Double(sum) / Double(1 << 19)
      let got = Double(scale) / 2_147_483_648 / pow(2, Double(bits))
      XCTAssertEqual(got, 1 / value, accuracy: 1e-8 / value, "sum \(sum)")
    }
    // 1.0 exactly: headroom 12, no bits over unit, 1/(1+0) = max.
    XCTAssertEqual(G.reciprocal(1 << 19, integerDigits: 12).scale, Int32.max)
    XCTAssertEqual(G.reciprocal(1 << 19, integerDigits: 12).bitsOverUnit, 0)
  }
}
