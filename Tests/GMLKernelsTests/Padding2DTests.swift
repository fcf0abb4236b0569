// GMLKernelsTests/Padding2DTests.swift — TFLite SAME padding and output-size arithmetic, worked by hand.
import GMLCore
import GMLKernels
import XCTest

final class Padding2DTests: XCTestCase {
  func testSameSplitsTheOddPixelAfter() {
    // in 5, k 3, s 2: out = 3, total = max(2·2 + 3 - 5, 0) = 2 → 1, 1.
    XCTAssertTrue(Padding2D.same(input: 5, filter: 3, stride: 2, dilation: 1) == (1, 1))
    // in 4, k 3, s 2: out = 2, total = 2 + 3 - 4 = 1 → 0 before, 1 after.
    XCTAssertTrue(Padding2D.same(input: 4, filter: 3, stride: 2, dilation: 1) == (0, 1))
    // in 5, k 3, dilation 2 (effective 5), s 1: out 5, total = 4 + 5 - 5 = 4 → 2, 2.
    XCTAssertTrue(Padding2D.same(input: 5, filter: 3, stride: 1, dilation: 2) == (2, 2))
    // in 6, k 1, s 2: out 3, total = max(4 + 1 - 6, 0) = 0.
    XCTAssertTrue(Padding2D.same(input: 6, filter: 1, stride: 2, dilation: 1) == (0, 0))
  }

  func testOutputSizeForEveryKind() throws {
    // VALID: (7 - 3) / 2 + 1 = 3.
    XCTAssertEqual(
      try Padding2D.outputSize(input: 7, filter: 3, stride: 2, dilation: 1, before: 0, after: 0),
      3)
    // SAME gives ceil(in / stride) for every input size.
    for input in 1...12 {
      for stride in 1...3 {
        let (b, a) = Padding2D.same(input: input, filter: 3, stride: stride, dilation: 1)
        XCTAssertEqual(
          try Padding2D.outputSize(
            input: input, filter: 3, stride: stride, dilation: 1, before: b, after: a),
          (input + stride - 1) / stride, "in \(input) stride \(stride)")
      }
    }
    XCTAssertThrowsError(
      try Padding2D.outputSize(input: 2, filter: 3, stride: 1, dilation: 1, before: 0, after: 0))
    XCTAssertThrowsError(
      try Padding2D.outputSize(input: 4, filter: 3, stride: 0, dilation: 1, before: 0, after: 0))
  }
}
