// GMLKernelsTests/KernelTestSupport.swift — running kernels on arrays, tolerance checks that name the element, random data.
import GMLCore
import GMLTestSupport
import XCTest

/// `count` floats produced by `body` writing into a zeroed buffer.
func kernelOutput(
  count: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> Void
) -> [Float] {
  var out = [Float](repeating: 0, count: count)
  out.withUnsafeMutableBufferPointer { body($0) }
  return out
}

/// Runs a one-input kernel on `input`.
func unary(
  _ input: [Float], count: Int,
  _ kernel: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
) -> [Float] {
  input.withUnsafeBufferPointer { i in kernelOutput(count: count) { kernel(i, $0) } }
}

/// Runs a kernel with three inputs (data, filter or weights, bias).
func ternary(
  _ a: [Float], _ b: [Float], _ c: [Float], count: Int,
  _ kernel: (
    UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
    UnsafeMutableBufferPointer<Float>
  ) -> Void
) -> [Float] {
  a.withUnsafeBufferPointer { x in
    b.withUnsafeBufferPointer { y in
      c.withUnsafeBufferPointer { z in kernelOutput(count: count) { kernel(x, y, z, $0) } }
    }
  }
}

/// Checks `actual` against `expected` element by element, within
/// `tolerance` (absolute) plus `relative` × |expected|; a failure names the
/// first element that differs.
func assertClose(
  _ actual: [Float], _ expected: [Float], tolerance: Float, relative: Float = 0,
  _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) {
  guard actual.count == expected.count else {
    XCTFail("\(message) count \(actual.count) != \(expected.count)", file: file, line: line)
    return
  }
  for i in actual.indices {
    let bound = tolerance + relative * abs(expected[i])
    let same = actual[i] == expected[i] || (actual[i].isNaN && expected[i].isNaN)
    if !same && !(abs(actual[i] - expected[i]) <= bound) {
      XCTFail(
        "\(message) element \(i): \(actual[i]) != \(expected[i]) (tolerance \(bound))",
        file: file, line: line)
      return
    }
  }
}

/// `n` floats uniform in [-1, 1) from `rng`.
func randomFloats(_ n: Int, _ rng: inout SplitMix64) -> [Float] {
  (0..<n).map { _ in Float(rng.next() >> 40) / Float(1 << 23) - 1 }
}

/// Checks that `body` throws a `GMLError` of `kind`.
func assertThrowsKind(
  _ kind: GMLError.Kind, file: StaticString = #filePath, line: UInt = #line,
  _ body: () throws -> Void
) {
  XCTAssertThrowsError(try body(), file: file, line: line) { error in
    XCTAssertEqual((error as? GMLError)?.kind, kind, "\(error)", file: file, line: line)
  }
}
