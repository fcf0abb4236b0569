// GMLKernelsTests/KernelTestSupport+Int8.swift — running int8 kernels on arrays and float references for them.
import GMLKernels
import GMLTestSupport
import XCTest

/// `count` values of `T` produced by `body` writing into zeroed storage.
func runInt8Kernel<T: Numeric>(
  count: Int, _ body: (UnsafeMutableBufferPointer<T>) -> Void
) -> [T] {
  var out = [T](repeating: 0, count: count)
  out.withUnsafeMutableBufferPointer { body($0) }
  return out
}

/// Runs a kernel with an int8 input, int8 weights and an int32 bias.
func runInt8Layer(
  _ input: [Int8], _ weights: [Int8], _ bias: [Int32], count: Int,
  _ kernel: (
    UnsafeBufferPointer<Int8>, UnsafeBufferPointer<Int8>, UnsafeBufferPointer<Int32>,
    UnsafeMutableBufferPointer<Int8>
  ) -> Void
) -> [Int8] {
  input.withUnsafeBufferPointer { x in
    weights.withUnsafeBufferPointer { w in
      bias.withUnsafeBufferPointer { b in runInt8Kernel(count: count) { kernel(x, w, b, $0) } }
    }
  }
}

/// Runs a one-input int8 kernel.
func runInt8Unary(
  _ input: [Int8], count: Int,
  _ kernel: (UnsafeBufferPointer<Int8>, UnsafeMutableBufferPointer<Int8>) -> Void
) -> [Int8] {
  input.withUnsafeBufferPointer { x in runInt8Kernel(count: count) { kernel(x, $0) } }
}

/// `n` int8 values uniform over -128...127 from `rng`.
func randomInt8(_ n: Int, _ rng: inout SplitMix64) -> [Int8] {
  (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) }
}

/// `(q - zeroPoint) × scale` for each value (scales per channel along the
/// innermost `scales.count` values when more than one is given).
func dequantized(_ q: [Int8], scales: [Float], zeroPoint: Int32 = 0, innerStride: Int = 1)
  -> [Float]
{
  q.indices.map { i in
    let s = scales.count == 1 ? scales[0] : scales[(i / innerStride) % scales.count]
    return Float(Int32(q[i]) - zeroPoint) * s
  }
}

/// Checks that every `actual` value is within `lsb` of `expected`, naming the first that is not.
func assertWithinLSB(
  _ actual: [Int8], _ expected: [Int8], lsb: Int = 1, _ message: String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  guard actual.count == expected.count else {
    XCTFail("\(message) count \(actual.count) != \(expected.count)", file: file, line: line)
    return
  }
  for i in actual.indices where abs(Int(actual[i]) - Int(expected[i])) > lsb {
    XCTFail("\(message) element \(i): \(actual[i]) vs \(expected[i])", file: file, line: line)
    return
  }
}
