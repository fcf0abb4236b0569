// GMLKernels/HardSwishInt8+Reference.swift — portable int8 HARD_SWISH in 16-bit fixed point. Must not allocate.

extension HardSwishInt8 {
  /// `output[i] = hard_swish(input[i])` requantized. Per element, in int16:
  /// the offset input times 128 (hi-res scale); that times the output
  /// multiplier (rounding) is the pre-shift output; the same hi-res value
  /// rescaled by the relu-ish multiplier and exponent (saturating) and mapped
  /// from [-1, 1] to [0, 1] is the relu-ish factor; their truncating product,
  /// shifted right by the output exponent (rounding), plus the zero point,
  /// clamped to int8. `input` and `output` may be the same memory.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements as `input`.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/hard_swish.h`
  /// (`HardSwish<int8_t>` with `HardSwishParams`).
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(input.count == output.count, "HardSwishInt8.reference: element counts differ")
    for i in 0..<output.count {
      let value = Int16(truncatingIfNeeded: Int32(input[i]) - inputZeroPoint)
      let hires = value &* (1 << 7)
      let preshiftOutput = Self.roundingHighMul(hires, outputMultiplier)
      var reluish = hires
      if reluishExponent > 0 {
        // All but the last bit of the left shift; saturation there is
        // overwritten by the last bit below.
        reluish = Self.saturatingLeftShift(reluish, reluishExponent - 1)
      }
      reluish = Self.roundingHighMul(reluish, reluishMultiplier)
      if reluishExponent > 0 { reluish = Self.saturatingLeftShift(reluish, 1) }
      if reluishExponent < 0 { reluish = Self.roundingDivideByPOT(reluish, -reluishExponent) }
      // [-1, 1] → [0, 1] in Q0.15.
      reluish = Int16(truncatingIfNeeded: (Int32(reluish) + (1 << 15)) >> 1)
      let preshift = Self.truncatingHighMul(reluish, preshiftOutput)
      let shifted = Int32(Self.roundingDivideByPOT(preshift, -outputExponent))
      let result = Int16(truncatingIfNeeded: shifted + outputZeroPoint)
      output[i] = Int8(min(max(result, -128), 127))
    }
  }
}
