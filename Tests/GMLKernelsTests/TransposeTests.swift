// GMLKernelsTests/TransposeTests.swift — Transpose: rank 2 by hand, NHWC→NCHW against nested loops, perm checks.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Exact: a permutation of the elements.
final class TransposeTests: XCTestCase {
  func testMatrixByHand() throws {
    // [[1,2,3],[4,5,6]]ᵀ = [[1,4],[2,5],[3,6]].
    let p = try Transpose(input: Shape([2, 3]), perm: [1, 0])
    XCTAssertEqual(p.outputShape, Shape([3, 2]))
    let out = unary([1, 2, 3, 4, 5, 6], count: 6) { p.reference(input: $0, output: $1) }
    XCTAssertEqual(out, [1, 4, 2, 5, 3, 6])
  }

  func testRankFourNHWCToNCHW() throws {
    var rng = SplitMix64(seed: 91)
    let (n, h, w, c) = (2, 3, 4, 5)
    let x = randomFloats(n * h * w * c, &rng)
    let p = try Transpose(input: Shape([n, h, w, c]), perm: [0, 3, 1, 2])
    XCTAssertEqual(p.outputShape, Shape([n, c, h, w]))
    let out = unary(x, count: x.count) { p.reference(input: $0, output: $1) }
    var expected: [Float] = []
    for b in 0..<n {
      for ch in 0..<c {
        for y in 0..<h { for xx in 0..<w { expected.append(x[((b * h + y) * w + xx) * c + ch]) } }
      }
    }
    XCTAssertEqual(out, expected)
  }

  func testBadPermutations() {
    assertThrowsKind(.invalidArgument) { _ = try Transpose(input: Shape([2, 3]), perm: [0, 0]) }
    assertThrowsKind(.invalidArgument) { _ = try Transpose(input: Shape([2, 3]), perm: [0]) }
    assertThrowsKind(.invalidArgument) { _ = try Transpose(input: Shape([2, 3]), perm: [0, 2]) }
  }
}
