// GMLKernels/DequantizeInt8+Reference.swift — portable int8 → float32 dequantization. Must not allocate.

extension DequantizeInt8 {
  /// `scale × Float(q - zeroPoint)` per value.
  ///
  /// - Parameters:
  ///   - input: `elementCount` int8 values.
  ///   - output: `elementCount` float values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/dequantize.h`
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == elementCount && output.count == elementCount, "DequantizeInt8: sizes")
    for i in 0..<elementCount {
      output[i] = scale * Float(Int32(input[i]) - zeroPoint)
    }
  }
}
