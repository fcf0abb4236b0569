// GMLKernels/QuantizeInt8+Reference.swift — portable float32 → int8 affine quantization. Must not allocate.

extension QuantizeInt8 {
  /// `clamp(Int32(round(x / scale)) + zeroPoint, -128, 127)` per value.
  /// NaN and values whose quotient leaves the Int32 range convert as
  /// LiteRT's x86-64 build does (`Int32.min` before the zero point is
  /// added; see `QuantizationInt8.truncateToInt32`).
  ///
  /// - Parameters:
  ///   - input: `elementCount` float values.
  ///   - output: `elementCount` int8 values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/quantize.h` (`AffineQuantize`)
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(input.count == elementCount && output.count == elementCount, "QuantizeInt8: sizes")
    for i in 0..<elementCount {
      let q = QuantizationInt8.roundToInt32(input[i] / scale) &+ zeroPoint
      output[i] = Int8(truncatingIfNeeded: min(max(q, -128), 127))
    }
  }
}
