// GMLKernelsTests/QuantizeInt8Tests.swift — Quantize (float32 → int8) ties, saturation and non-finite inputs; Dequantize.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class QuantizeInt8Tests: XCTestCase {
  func quantize(_ x: [Float], scale: Float, zeroPoint: Int32) throws -> [Int8] {
    let p = try QuantizeInt8(shape: Shape([x.count]), scale: scale, zeroPoint: zeroPoint)
    return x.withUnsafeBufferPointer { xs in
      runInt8Kernel(count: x.count) { p.reference(input: xs, output: $0) }
    }
  }

  func testTiesRoundAwayFromZeroAndSaturate() throws {
    // Scale 0.5: x / 0.5 = [0.5, -0.5, 1.5, -1.5, 2000, -2000] → [1, -1, 2, -2, sat].
    XCTAssertEqual(
      try quantize([0.25, -0.25, 0.75, -0.75, 1000, -1000], scale: 0.5, zeroPoint: 3),
      [4, 2, 5, 1, 127, -128])
  }

  func testDividesRatherThanMultipliesByTheInverse() throws {
    // x = 2.5 × 0.01 in float: x / 0.01 is 2.5 (→ 3), while x × (1 / 0.01)
    // is 2.4999998 (→ 2). LiteRT gives 3.
    let s: Float = 0.01
    let x = Float(2.5) * s
    XCTAssertEqual(x / s, 2.5)
    XCTAssertEqual(x * (1 / s), 2.4999998)
    XCTAssertEqual(try quantize([x], scale: s, zeroPoint: 0), [3])
  }

  func testNonFiniteInputsConvertAsLiteRTOnX86() throws {
    // cvttss2si gives Int32.min; with zp 5 that clamps to -128, with zp -5
    // it wraps to Int32.max - 4 and clamps to 127 (checked on LiteRT).
    XCTAssertEqual(
      try quantize([.infinity, -.infinity, .nan, 3e7], scale: 0.01, zeroPoint: 5),
      [-128, -128, -128, -128])
    XCTAssertEqual(try quantize([.infinity, .nan], scale: 0.01, zeroPoint: -5), [127, 127])
  }

  func testDequantize() throws {
    let p = try DequantizeInt8(shape: Shape([2, 2]), scale: 0.1, zeroPoint: -128)
    let x: [Int8] = [-128, -127, 0, 127]
    let out: [Float] = x.withUnsafeBufferPointer { xs in
      runInt8Kernel(count: 4) { p.reference(input: xs, output: $0) }
    }
    XCTAssertEqual(out, [0, 0.1, Float(128) * 0.1, Float(255) * 0.1])
    assertThrowsKind(.invalidQuantization) {
      _ = try DequantizeInt8(shape: Shape([1]), scale: -1, zeroPoint: 0)
    }
  }
}
