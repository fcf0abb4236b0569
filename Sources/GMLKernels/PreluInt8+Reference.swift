// GMLKernels/PreluInt8+Reference.swift — portable int8 PRELU. Must not allocate.

extension PreluInt8 {
  /// `output[i] = zp_out + M1(x)` for `x = q − zp_in ≥ 0`, else
  /// `zp_out + M2(x · (alpha − zp_alpha))`, clamped to int8. `input` and
  /// `output` may be the same memory.
  ///
  /// - Parameters:
  ///   - input: `geometry.outputShape` elements.
  ///   - alpha: the slopes.
  ///   - output: `geometry.outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/prelu.h`
  /// (`BroadcastPrelu4DSlow`, int8).
  public func reference(
    input: UnsafeBufferPointer<Int8>, alpha: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(input.count == output.count, "PreluInt8.reference: element counts differ")
    for i in 0..<output.count {
      let x = Int32(input[i]) - inputZeroPoint
      // Wraps as the C++ arithmetic does when extreme scales saturate a
      // multiplier, rather than trapping.
      let y: Int32
      if x >= 0 {
        y = identityMultiplier.apply(x)
      } else {
        let slope = Int32(alpha[geometry.alphaOffset(of: i)]) - alphaZeroPoint
        y = alphaMultiplier.apply(x &* slope)
      }
      output[i] = Int8(min(max(outputZeroPoint &+ y, -128), 127))
    }
  }
}
