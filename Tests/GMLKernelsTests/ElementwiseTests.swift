// GMLKernelsTests/ElementwiseTests.swift — Add/Sub/Mul with NumPy broadcasting, against explicit index loops.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

/// Float tolerance: exact (one operation per element, same as the loops).
final class ElementwiseTests: XCTestCase {
  private func run(_ p: Elementwise, _ a: [Float], _ b: [Float]) throws -> [Float] {
    let count = try p.outputShape.elementCount()
    return a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        kernelOutput(count: count) { p.reference(lhs: x, rhs: y, output: $0) }
      }
    }
  }

  func testBroadcast213With141() throws {
    // a[i,0,k] + b[0,j,0] for i<2, j<4, k<3 → [2, 4, 3].
    let a: [Float] = [1, 2, 3, 10, 20, 30]
    let b: [Float] = [100, 200, 300, 400]
    let p = try Elementwise(.add, lhs: Shape([2, 1, 3]), rhs: Shape([1, 4, 1]))
    XCTAssertEqual(p.outputShape, Shape([2, 4, 3]))
    var expected: [Float] = []
    for i in 0..<2 { for j in 0..<4 { for k in 0..<3 { expected.append(a[i * 3 + k] + b[j]) } } }
    assertClose(try run(p, a, b), expected, tolerance: 0)
  }

  func testSubAndMulWithRankBroadcastAndActivation() throws {
    // [2,3] - [3]: [[1,2,3],[4,5,6]] - [3,3,3] = [[-2,-1,0],[1,2,3]]; relu → [0,0,0,1,2,3].
    let sub = try Elementwise(.sub, lhs: Shape([2, 3]), rhs: Shape([3]), activation: .relu)
    assertClose(try run(sub, [1, 2, 3, 4, 5, 6], [3, 3, 3]), [0, 0, 0, 1, 2, 3], tolerance: 0)
    // [1] * [2,2]: a scalar-like operand on the left.
    let mul = try Elementwise(.mul, lhs: Shape([1]), rhs: Shape([2, 2]))
    assertClose(try run(mul, [-2], [1, 2, 3, 4]), [-2, -4, -6, -8], tolerance: 0)
    // Equal shapes take the plain path.
    let same = try Elementwise(.mul, lhs: Shape([3]), rhs: Shape([3]))
    assertClose(try run(same, [1, 2, 3], [4, 5, 6]), [4, 10, 18], tolerance: 0)
  }

  func testRankEightBroadcast() throws {
    var rng = SplitMix64(seed: 41)
    let aDims = [2, 1, 2, 1, 2, 1, 2, 1]
    let bDims = [1, 2, 1, 2, 1, 2, 1, 2]
    let a = randomFloats(16, &rng)
    let b = randomFloats(16, &rng)
    let p = try Elementwise(.add, lhs: Shape(aDims), rhs: Shape(bDims))
    XCTAssertEqual(p.outputShape, Shape([Int](repeating: 2, count: 8)))
    var expected: [Float] = []
    for i in 0..<256 {
      // Output coordinates are the 8 bits of i (all extents 2); a reads the
      // even axes, b the odd ones.
      let bits = (0..<8).map { (i >> (7 - $0)) & 1 }
      let ai = bits[0] * 8 + bits[2] * 4 + bits[4] * 2 + bits[6]
      let bi = bits[1] * 8 + bits[3] * 4 + bits[5] * 2 + bits[7]
      expected.append(a[ai] + b[bi])
    }
    assertClose(try run(p, a, b), expected, tolerance: 0)
  }

  func testShapesThatDoNotBroadcast() {
    assertThrowsKind(.shapeMismatch) {
      _ = try Elementwise(.add, lhs: Shape([2, 3]), rhs: Shape([3, 2]))
    }
    assertThrowsKind(.limitExceeded) {
      _ = try Elementwise(.add, lhs: Shape([Int](repeating: 1, count: 9)), rhs: Shape([1]))
    }
  }
}
