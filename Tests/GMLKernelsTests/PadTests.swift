// GMLKernelsTests/PadTests.swift — Pad with a constant: by hand, and spatial padding of NHWC.
import GMLCore
import GMLKernels
import XCTest

/// Exact: a copy and a fill.
final class PadTests: XCTestCase {
  func testTwoDimensionsByHand() throws {
    // [[1,2],[3,4]] with paddings [[1,0],[0,2]] and value 9:
    // [[9,9,9,9],[1,2,9,9],[3,4,9,9]].
    let p = try Pad(input: Shape([2, 2]), paddings: [1, 0, 0, 2], value: 9)
    XCTAssertEqual(p.outputShape, Shape([3, 4]))
    let out = unary([1, 2, 3, 4], count: 12) { p.reference(input: $0, output: $1) }
    XCTAssertEqual(out, [9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9])
  }

  func testSpatialPaddingOfNHWC() throws {
    // One 1x1 pixel with 2 channels [5, 6], padded by 1 on H and W: a 3x3
    // image, zero except the centre.
    let p = try Pad(input: Shape([1, 1, 1, 2]), paddings: [0, 0, 1, 1, 1, 1, 0, 0])
    XCTAssertEqual(p.outputShape, Shape([1, 3, 3, 2]))
    let out = unary([5, 6], count: 18) { p.reference(input: $0, output: $1) }
    var expected = [Float](repeating: 0, count: 18)
    expected[8] = 5
    expected[9] = 6
    XCTAssertEqual(out, expected)
  }

  func testBadPaddings() {
    assertThrowsKind(.invalidArgument) { _ = try Pad(input: Shape([2, 2]), paddings: [1, 1]) }
    assertThrowsKind(.invalidArgument) {
      _ = try Pad(input: Shape([2]), paddings: [-1, 0])
    }
  }

  /// Found by tools/fuzz.sh (`model`): paddings whose output overflowed Int
  /// in the strides trapped at prepare; the output's size is now checked.
  func testOutputPastTheElementLimitIsRefused() {
    let big = Int(Int32.max)
    assertThrowsKind(.limitExceeded) {
      _ = try Pad(input: Shape([1, 1, 1, 1]), paddings: [big, big, big, big, big, big, 0, 0])
    }
    assertThrowsKind(.limitExceeded) {
      _ = try Pad(input: Shape([1, 1]), paddings: [0, 1 << 16, 0, 1 << 16])
    }
  }
}
