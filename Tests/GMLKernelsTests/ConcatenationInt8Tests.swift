// GMLKernelsTests/ConcatenationInt8Tests.swift — int8 Concatenation: copies when quantization matches, float rescale (TFLite's ConcatenationWithScaling) when not.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class ConcatenationInt8Tests: XCTestCase {
  func concat(_ p: ConcatenationInt8, _ inputs: [[Int8]], count: Int) -> [Int8] {
    runInt8Kernel(count: count) { out in
      for (i, x) in inputs.enumerated() {
        x.withUnsafeBufferPointer { p.reference(input: $0, index: i, output: out) }
      }
    }
  }

  func testMatchingQuantizationCopiesAlongTheAxis() throws {
    let g = try Concatenation(inputs: [Shape([2, 1]), Shape([2, 2])], axis: 1)
    let p = try ConcatenationInt8(
      g, inputScales: [0.1, 0.1], inputZeroPoints: [3, 3], outputScale: 0.1, outputZeroPoint: 3)
    XCTAssertEqual(concat(p, [[1, 2], [-128, 127, 0, 5]], count: 6), [1, -128, 127, 2, 0, 5])
  }

  func testDifferingQuantizationIsRescaledInFloat() throws {
    // Input 0: scale 0.5, zp 0 → output scale 0.25, zp 1: scale 2, bias 0:
    // q = 3 → 6 + 1 = 7; q = 100 → 201 → 127.
    // Input 1: scale 0.125, zp -2 → scale 0.5, bias 1: q = 2 → 2 (+ zp → 3);
    // q = 1 → 1.5 → 2 (half away) → 3; q = -6 → -2 → -1; q = -7 → -2.5 → -3 → -2.
    let g = try Concatenation(inputs: [Shape([2]), Shape([4])], axis: 0)
    let p = try ConcatenationInt8(
      g, inputScales: [0.5, 0.125], inputZeroPoints: [0, -2], outputScale: 0.25,
      outputZeroPoint: 1)
    XCTAssertEqual(concat(p, [[3, 100], [2, 1, -6, -7]], count: 6), [7, 127, 3, 3, -1, -2])
  }

  func testReluClampsCopiedValues() throws {
    let g = try Concatenation(inputs: [Shape([2]), Shape([1])], axis: 0, activation: .relu)
    let p = try ConcatenationInt8(
      g, inputScales: [1, 1], inputZeroPoints: [-5, -5], outputScale: 1, outputZeroPoint: -5)
    XCTAssertEqual(concat(p, [[-6, 4], [-128]], count: 3), [-5, 4, -5])
  }

  func testRejectsAMissingScale() throws {
    let g = try Concatenation(inputs: [Shape([2]), Shape([1])], axis: 0)
    assertThrowsKind(.invalidQuantization) {
      _ = try ConcatenationInt8(
        g, inputScales: [1], inputZeroPoints: [0, 0], outputScale: 1, outputZeroPoint: 0)
    }
  }
}
