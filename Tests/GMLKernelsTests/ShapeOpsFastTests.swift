// GMLKernelsTests/ShapeOpsFastTests.swift — Pad and Concatenation's fast forms (float and int8) against their references on random shapes, bit for bit.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class ShapeOpsFastTests: XCTestCase {
  /// Ranks 0 to 4, extents 0 to 4, paddings 0 to 2 on each side.
  func testPad() throws {
    var rng = SplitMix64(seed: 501)
    for _ in 0..<300 {
      let rank = Int(rng.next() % 5)
      let dims = (0..<rank).map { _ in Int(rng.next() % 5) }
      let paddings = (0..<2 * rank).map { _ in Int(rng.next() % 3) }
      let p = try Pad(input: Shape(dims), paddings: paddings, value: 7.5)
      let count = try p.outputShape.elementCount()
      let x = (0..<dims.reduce(1, *)).map { Float($0) + 0.25 }
      func run(_ fast: Bool) -> [Float] {
        var out = [Float](repeating: -1, count: count)
        x.withUnsafeBufferPointer { x in
          out.withUnsafeMutableBufferPointer {
            fast ? p.fast(input: x, output: $0) : p.reference(input: x, output: $0)
          }
        }
        return out
      }
      XCTAssertEqual(run(true), run(false), "\(dims) \(paddings)")
      let q = try PadInt8(p, outputZeroPoint: -3)
      let xq = x.map { Int8(truncatingIfNeeded: Int($0)) }
      func runInt8(_ fast: Bool) -> [Int8] {
        var out = [Int8](repeating: 99, count: count)
        xq.withUnsafeBufferPointer { x in
          out.withUnsafeMutableBufferPointer {
            fast ? q.fast(input: x, output: $0) : q.reference(input: x, output: $0)
          }
        }
        return out
      }
      XCTAssertEqual(runInt8(true), runInt8(false), "int8 \(dims) \(paddings)")
    }
  }

  /// One to four inputs of rank 1 to 4 along any axis, extents along it
  /// from 0; int8 with the output's quantization (a copy), another (a
  /// rescale) or a clamp.
  func testConcatenation() throws {
    var rng = SplitMix64(seed: 502)
    for _ in 0..<300 {
      let rank = 1 + Int(rng.next() % 4)
      let axis = Int(rng.next() % UInt64(rank))
      let base = (0..<rank).map { _ in 1 + Int(rng.next() % 3) }
      let shapes = (0..<(1 + Int(rng.next() % 4))).map { _ -> [Int] in
        var s = base
        s[axis] = Int(rng.next() % 4)
        return s
      }
      let p = try Concatenation(inputs: shapes.map { Shape($0) }, axis: axis)
      let count = try p.outputShape.elementCount()
      let inputs = shapes.enumerated().map { k, s in
        (0..<s.reduce(1, *)).map { Float($0 * 7 + k) - 20 }
      }
      XCTAssertEqual(
        concatenate(inputs, count: count, fill: -1, p.fast),
        concatenate(inputs, count: count, fill: -1, p.reference), "\(shapes) axis \(axis)")
      let mode = rng.next() % 3
      let relu = try Concatenation(inputs: shapes.map { Shape($0) }, axis: axis, activation: .relu)
      let q = try ConcatenationInt8(
        mode == 2 ? relu : p,
        inputScales: shapes.indices.map { mode == 1 && $0 % 2 == 1 ? 0.2 : 0.1 },
        inputZeroPoints: shapes.indices.map { _ in 4 }, outputScale: 0.1, outputZeroPoint: 4)
      let xq = inputs.map { $0.map { Int8(truncatingIfNeeded: Int($0)) } }
      XCTAssertEqual(
        concatenate(xq, count: count, fill: 99, q.fast),
        concatenate(xq, count: count, fill: 99, q.reference),
        "int8 mode \(mode) \(shapes) axis \(axis)")
    }
  }

  /// A concatenation's output over `inputs`, from `fill`, by `kernel`.
  func concatenate<T>(
    _ inputs: [[T]], count: Int, fill: T,
    _ kernel: (UnsafeBufferPointer<T>, Int, UnsafeMutableBufferPointer<T>) -> Void
  ) -> [T] {
    var out = [T](repeating: fill, count: count)
    out.withUnsafeMutableBufferPointer { out in
      for (k, x) in inputs.enumerated() { x.withUnsafeBufferPointer { kernel($0, k, out) } }
    }
    return out
  }
}
