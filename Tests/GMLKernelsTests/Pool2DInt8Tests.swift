// GMLKernelsTests/Pool2DInt8Tests.swift — int8 MaxPool2D/AveragePool2D: rounding of the mean, SAME corners, clamps, parameter checks.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class Pool2DInt8Tests: XCTestCase {
  func pool(_ input: Shape, k: Int, stride: Int, same: Bool, activation: Activation = .none)
    throws -> Pool2DInt8
  {
    let padding =
      same
      ? Padding2D.same(
        inputH: input.dims[1], inputW: input.dims[2], filterH: k, filterW: k, strideH: stride,
        strideW: stride) : .zero
    let g = try Pool2D(
      input: input, filterH: k, filterW: k, strideH: stride, strideW: stride, padding: padding,
      activation: activation)
    return try Pool2DInt8(
      g, inputScale: 0.5, inputZeroPoint: -3, outputScale: 0.5, outputZeroPoint: -3)
  }

  func testAverageRoundsHalfAwayFromZero() throws {
    // A [1, 2, 4, 1] input, 2x2 windows, stride 2:
    // [1, 2, -1, -2; 1, 2, -2, -2] → sums 6 and -7 over 4: 1.5 → 2, -1.75 → -2.
    let p = try pool(Shape([1, 2, 4, 1]), k: 2, stride: 2, same: false)
    let out = runInt8Unary([1, 2, -1, -2, 1, 2, -2, -2], count: 2) {
      p.averageReference(input: $0, output: $1)
    }
    XCTAssertEqual(out, [2, -2])
    // Ties: sums 2 and -2 over 4 → 0.5 → 1 and -0.5 → -1.
    let ties = runInt8Unary([1, 1, -1, -1, 0, 0, 0, 0], count: 2) {
      p.averageReference(input: $0, output: $1)
    }
    XCTAssertEqual(ties, [1, -1])
  }

  func testSameCornersDivideByTheValuesCovered() throws {
    // 3x3 input 1...9, 2x2 SAME stride 2 → windows {1,2,4,5}, {3,6},
    // {7,8}, {9}: means 3, 4.5 → 5, 7.5 → 8, 9. Max: 5, 6, 8, 9.
    let p = try pool(Shape([1, 3, 3, 1]), k: 2, stride: 2, same: true)
    let x: [Int8] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    XCTAssertEqual(
      runInt8Unary(x, count: 4) { p.averageReference(input: $0, output: $1) }, [3, 5, 8, 9])
    XCTAssertEqual(
      runInt8Unary(x, count: 4) { p.maxReference(input: $0, output: $1) }, [5, 6, 8, 9])
  }

  func testMaxWithRelu6ClampsToTheQuantizedBounds() throws {
    // zp -3, scale 0.5: relu6 → [-3, -3 + 12 = 9].
    let p = try pool(Shape([1, 1, 3, 2]), k: 1, stride: 1, same: false, activation: .relu6)
    XCTAssertEqual(p.range, ActivationRangeInt8(min: -3, max: 9))
    let out = runInt8Unary([-128, 127, -4, 9, 0, 10], count: 6) {
      p.maxReference(input: $0, output: $1)
    }
    XCTAssertEqual(out, [-3, 9, -3, 9, 0, 9])
  }

  func testRejectsDifferingQuantization() throws {
    let g = try Pool2D(input: Shape([1, 2, 2, 1]), filterH: 2, filterW: 2, strideH: 1, strideW: 1)
    assertThrowsKind(.invalidQuantization) {
      _ = try Pool2DInt8(
        g, inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.5, outputZeroPoint: 1)
    }
    assertThrowsKind(.invalidQuantization) {
      _ = try Pool2DInt8(
        g, inputScale: 0.5, inputZeroPoint: 0, outputScale: 0.25, outputZeroPoint: 0)
    }
  }

  func testAverageMatchesTheFloatMeanWithinOneLSB() throws {
    var rng = SplitMix64(seed: 24)
    for (k, stride, same) in [(3, 2, true), (2, 2, false), (3, 1, true), (2, 3, true)] {
      let shape = Shape([2, 7, 8, 3])
      let p = try pool(shape, k: k, stride: stride, same: same)
      let x = randomInt8(2 * 7 * 8 * 3, &rng)
      let n = try p.geometry.outputShape.elementCount()
      let out = runInt8Unary(x, count: n) { p.averageReference(input: $0, output: $1) }
      let real = unary(x.map { Float($0) }, count: n) {
        p.geometry.averageReference(input: $0, output: $1)
      }
      assertWithinLSB(out, real.map { Int8($0.rounded()) }, lsb: 0, "k\(k) s\(stride)")
    }
  }
}
