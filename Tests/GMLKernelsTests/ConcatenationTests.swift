// GMLKernelsTests/ConcatenationTests.swift — Concatenation along axis 1 and the channel axis, by hand.
import GMLCore
import GMLKernels
import XCTest

/// Exact: a copy.
final class ConcatenationTests: XCTestCase {
  private func run(_ p: Concatenation, _ inputs: [[Float]]) throws -> [Float] {
    kernelOutput(count: try p.outputShape.elementCount()) { out in
      for (k, input) in inputs.enumerated() {
        input.withUnsafeBufferPointer { p.reference(input: $0, index: k, output: out) }
      }
      p.finish(output: out)
    }
  }

  func testAxisOne() throws {
    // [[1],[2]] ++ [[3,4],[5,6]] on axis 1 → [[1,3,4],[2,5,6]].
    let p = try Concatenation(inputs: [Shape([2, 1]), Shape([2, 2])], axis: 1)
    XCTAssertEqual(p.outputShape, Shape([2, 3]))
    XCTAssertEqual(try run(p, [[1, 2], [3, 4, 5, 6]]), [1, 3, 4, 2, 5, 6])
  }

  func testChannelAxisWithActivation() throws {
    // Two pixels; a has 1 channel [-1, 2], b has 2 channels [[3, -4], [5, 6]];
    // axis 3 (-1) → pixel 0 = [-1, 3, -4], pixel 1 = [2, 5, 6]; relu clears negatives.
    let p = try Concatenation(
      inputs: [Shape([1, 1, 2, 1]), Shape([1, 1, 2, 2])], axis: -1, activation: .relu)
    XCTAssertEqual(p.outputShape, Shape([1, 1, 2, 3]))
    XCTAssertEqual(try run(p, [[-1, 2], [3, -4, 5, 6]]), [0, 3, 0, 2, 5, 6])
  }

  func testAxisZeroOfThreeInputs() throws {
    let p = try Concatenation(inputs: [Shape([1, 2]), Shape([2, 2]), Shape([1, 2])], axis: 0)
    XCTAssertEqual(try run(p, [[1, 2], [3, 4, 5, 6], [7, 8]]), [1, 2, 3, 4, 5, 6, 7, 8])
  }

  func testMismatches() {
    assertThrowsKind(.shapeMismatch) {
      _ = try Concatenation(inputs: [Shape([2, 1]), Shape([3, 1])], axis: 1)
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try Concatenation(inputs: [Shape([2, 1]), Shape([2, 1, 1])], axis: 1)
    }
    assertThrowsKind(.invalidArgument) { _ = try Concatenation(inputs: [Shape([2])], axis: 1) }
    assertThrowsKind(.invalidArgument) { _ = try Concatenation(inputs: [], axis: 0) }
  }
}
