// GMLKernelsTests/FullyConnectedTests.swift — FullyConnected reference: by hand, flattening, keep_num_dims.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Float tolerance: 1e-5 absolute for random data (sums of ≤ 16 products).
final class FullyConnectedTests: XCTestCase {
  func testByHand() throws {
    // input [[1,2,3],[4,5,6]], weights [[1,0,-1],[.5,.5,.5]], bias [1, 0]:
    // row 0: 1-3+1 = -1, 3; row 1: 4-6+1 = -1, 7.5. relu → 0, 3, 0, 7.5.
    let p = try FullyConnected(
      input: Shape([2, 3]), weights: Shape([2, 3]), bias: Shape([2]), activation: .relu)
    XCTAssertEqual(p.outputShape, Shape([2, 2]))
    let out = ternary([1, 2, 3, 4, 5, 6], [1, 0, -1, 0.5, 0.5, 0.5], [1, 0], count: 4) {
      p.reference(input: $0, weights: $1, bias: $2, output: $3)
    }
    assertClose(out, [0, 3, 0, 7.5], tolerance: 0)
  }

  /// A [2, 2, 4] input with weights [3, 8] is two rows of 8; with
  /// keep_num_dims and weights [3, 4] it is four rows and keeps [2, 2].
  func testFlatteningAndKeepNumDims() throws {
    var rng = SplitMix64(seed: 31)
    let input = randomFloats(16, &rng)
    let weights = randomFloats(24, &rng)
    let flat = try FullyConnected(input: Shape([2, 2, 4]), weights: Shape([3, 8]), bias: nil)
    XCTAssertEqual(flat.outputShape, Shape([2, 3]))
    let out = ternary(input, weights, [], count: 6) {
      flat.reference(input: $0, weights: $1, bias: $2, output: $3)
    }
    var expected: [Float] = []
    for r in 0..<2 {
      for o in 0..<3 {
        expected.append((0..<8).reduce(Float(0)) { $0 + input[r * 8 + $1] * weights[o * 8 + $1] })
      }
    }
    assertClose(out, expected, tolerance: 1e-5)

    let kept = try FullyConnected(
      input: Shape([2, 2, 4]), weights: Shape([3, 4]), bias: nil, keepNumDims: true)
    XCTAssertEqual(kept.outputShape, Shape([2, 2, 3]))
    XCTAssertEqual(kept.rows, 4)
  }

  func testShapeChecks() {
    assertThrowsKind(.shapeMismatch) {
      _ = try FullyConnected(input: Shape([1, 5]), weights: Shape([3, 4]), bias: nil)
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try FullyConnected(input: Shape([1, 4]), weights: Shape([3, 4]), bias: Shape([4]))
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try FullyConnected(
        input: Shape([2, 8]), weights: Shape([3, 4]), bias: nil, keepNumDims: true)
    }
  }
}
