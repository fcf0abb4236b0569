// GMLKernelsTests/ActivationRangeInt8Tests.swift — the int8 clamp of each fused activation, incl. rounding ties of the bounds.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class ActivationRangeInt8Tests: XCTestCase {
  func testBoundsAreQuantizedAndIntersectedWithInt8() throws {
    XCTAssertEqual(try ActivationRangeInt8(.none, scale: 0.1, zeroPoint: 7), .full)
    XCTAssertEqual(
      try ActivationRangeInt8(.relu, scale: 0.1, zeroPoint: -20),
      ActivationRangeInt8(min: -20, max: 127))
    // 6 / 0.25 = 24.
    XCTAssertEqual(
      try ActivationRangeInt8(.relu6, scale: 0.25, zeroPoint: -100),
      ActivationRangeInt8(min: -100, max: -76))
    // 6 / 0.01 = 600 → capped at 127.
    XCTAssertEqual(
      try ActivationRangeInt8(.relu6, scale: 0.01, zeroPoint: -128),
      ActivationRangeInt8(min: -128, max: 127))
    XCTAssertEqual(
      try ActivationRangeInt8(.reluN1To1, scale: 0.5, zeroPoint: 0),
      ActivationRangeInt8(min: -2, max: 2))
  }

  func testBoundTiesRoundAwayFromZero() throws {
    // 6 / 4 = 1.5 → 2; ±1 / 2 = ±0.5 → ±1.
    XCTAssertEqual(
      try ActivationRangeInt8(.relu6, scale: 4, zeroPoint: 0), ActivationRangeInt8(min: 0, max: 2))
    XCTAssertEqual(
      try ActivationRangeInt8(.reluN1To1, scale: 2, zeroPoint: 10),
      ActivationRangeInt8(min: 9, max: 11))
  }

  func testClampNarrows() throws {
    let r = ActivationRangeInt8(min: -3, max: 9)
    XCTAssertEqual([Int32.min, -4, 0, 10, Int32.max].map(r.clamp), [-3, -3, 0, 9, 9])
  }

  func testRejectsWhatInt8CannotFuse() {
    assertThrowsKind(.unsupportedOp) {
      _ = try ActivationRangeInt8(.sigmoid, scale: 1, zeroPoint: 0)
    }
    assertThrowsKind(.invalidQuantization) {
      _ = try ActivationRangeInt8(.relu6, scale: 1e-38, zeroPoint: 0)
    }
    assertThrowsKind(.invalidQuantization) {
      _ = try ActivationRangeInt8(.relu, scale: .nan, zeroPoint: 0)
    }
  }
}
