// GMLKernelsTests/AsymmetricQuantizeInt8Tests.swift — the hybrid kernels' input quantizer on NaN and infinite activations (found by tools/fuzz.sh).
import GMLKernels
import XCTest

final class AsymmetricQuantizeInt8Tests: XCTestCase {
  private func quantize(_ values: [Float]) -> ([Int8], Float, Int32) {
    var q = [Int8](repeating: 1, count: values.count)
    let (scale, zero) = values.withUnsafeBufferPointer { v in
      q.withUnsafeMutableBufferPointer { AsymmetricQuantizeInt8.quantize(v, into: $0) }
    }
    return (q, scale, zero)
  }

  /// The `model` fuzz target's first crash: a dynamic-range model invoked on
  /// an input holding NaN and infinities trapped converting them to Int32.
  /// Now each takes x86-64 LiteRT's `static_cast` result: NaN becomes
  /// `Int32.min` (clamped to -128) and a NaN zero point becomes 0.
  func testNaNAndInfinityGiveLiteRTsX86Result() {
    let (q, scale, zero) = quantize([.nan, 1, .infinity, -2])
    XCTAssertEqual(scale, .infinity)
    XCTAssertEqual(zero, 0)
    XCTAssertEqual(q, [-128, 0, -128, 0])
  }

  func testNaNAmongFiniteValuesIsTheLowestLevel() {
    let (q, scale, zero) = quantize([0, .nan, 2])
    XCTAssertEqual(scale, 2 / 255, accuracy: 1e-9)
    XCTAssertEqual(zero, -128)
    XCTAssertEqual(q, [-128, -128, 127])
  }

  func testRangeOverflowingFloatStaysInRange() {
    let (q, scale, zero) = quantize([.greatestFiniteMagnitude, -.greatestFiniteMagnitude])
    XCTAssertEqual(scale, .infinity)
    XCTAssertEqual(zero, 127)
    XCTAssertEqual(q, [127, 127])
  }
}
