// GMLKernelsTests/MeanTests.swift — Mean over axes: by hand, keepdims, global average pooling, axis checks.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Float tolerance: 1e-6 absolute.
final class MeanTests: XCTestCase {
  func testRowsByHand() throws {
    // [[1,2,3],[4,5,9]] over axis 1 → [2, 6]; keepdims → shape [2, 1].
    let p = try Mean(input: Shape([2, 3]), axes: [1], keepDims: false)
    XCTAssertEqual(p.outputShape, Shape([2]))
    let out = unary([1, 2, 3, 4, 5, 9], count: 2) { p.reference(input: $0, output: $1) }
    assertClose(out, [2, 6], tolerance: 1e-6)
    XCTAssertEqual(
      try Mean(input: Shape([2, 3]), axes: [-1], keepDims: true).outputShape, Shape([2, 1]))
    // Over axis 0: [(1+4)/2, (2+5)/2, (3+9)/2] = [2.5, 3.5, 6].
    let columns = try Mean(input: Shape([2, 3]), axes: [0, 0], keepDims: false)
    let out0 = unary([1, 2, 3, 4, 5, 9], count: 3) { columns.reference(input: $0, output: $1) }
    assertClose(out0, [2.5, 3.5, 6], tolerance: 1e-6)
  }

  /// Global average pooling: NHWC axes [1, 2] with keepdims.
  func testGlobalAveragePooling() throws {
    var rng = SplitMix64(seed: 81)
    let x = randomFloats(2 * 3 * 4 * 5, &rng)
    let p = try Mean(input: Shape([2, 3, 4, 5]), axes: [1, 2], keepDims: true)
    XCTAssertEqual(p.outputShape, Shape([2, 1, 1, 5]))
    XCTAssertEqual(p.reducedCount, 12)
    let out = unary(x, count: 10) { p.reference(input: $0, output: $1) }
    var expected: [Float] = []
    for b in 0..<2 {
      for c in 0..<5 {
        var sum: Float = 0
        for pixel in 0..<12 { sum += x[(b * 12 + pixel) * 5 + c] }
        expected.append(sum / 12)
      }
    }
    assertClose(out, expected, tolerance: 1e-6)
  }

  func testAxisOutOfRange() {
    assertThrowsKind(.invalidArgument) {
      _ = try Mean(input: Shape([2, 3]), axes: [2], keepDims: false)
    }
  }

  /// SUM and REDUCE_MAX over the same axes as a mean.
  func testSumAndMax() throws {
    let sum = try Mean(input: Shape([2, 3]), axes: [1], keepDims: false, function: .sum)
    let max = try Mean(input: Shape([2, 3]), axes: [1], keepDims: true, function: .max)
    let x: [Float] = [1, 2, 3, 4, -5, 9]
    assertClose(unary(x, count: 2) { sum.reference(input: $0, output: $1) }, [6, 8], tolerance: 0)
    assertClose(unary(x, count: 2) { max.reference(input: $0, output: $1) }, [3, 9], tolerance: 0)
    XCTAssertEqual(max.outputShape, Shape([2, 1]))
  }
}
