// GMLKernels/LeakyReluInt8+Reference.swift — portable int8 LeakyRelu. Must not allocate.

extension LeakyReluInt8 {
  /// `output[i] = zp_out + M(q − zp_in)`, with `M` the identity multiplier
  /// for `q ≥ zp_in` and ±the alpha multiplier below, clamped to int8.
  /// `input` and `output` may be the same memory.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements as `input`.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/leaky_relu.h`
  /// (`QuantizeLeakyRelu`).
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(input.count == output.count, "LeakyReluInt8.reference: element counts differ")
    for i in 0..<output.count {
      let value = Int32(input[i]) - inputZeroPoint
      // Wraps as the C++ arithmetic does when extreme scales saturate a
      // multiplier, rather than trapping.
      var result = outputZeroPoint
      if value >= 0 {
        result &+= identityMultiplier.apply(value)
      } else {
        let scaled = alphaMultiplier.apply(value)
        result &+= alphaIsNegative ? 0 &- scaled : scaled
      }
      output[i] = Int8(min(max(result, -128), 127))
    }
  }
}
