// GMLKernels/ReluInt8+Reference.swift — portable int8 RELU / RELU6 / RELU_N1_TO_1. Must not allocate.

extension ReluInt8 {
  /// `output[i] = clamp(zp_out + M · (input[i] − zp_in))`. `input` and
  /// `output` may be the same memory.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements as `input`.
  ///
  /// Mirrors: `ReluX(const ReluParams&, …)` in
  /// `tensorflow/lite/kernels/internal/reference/reference_ops.h` (LiteRT
  /// runs its `optimized_ops` twin, the same loop, for every kernel type).
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(input.count == output.count, "ReluInt8.reference: element counts differ")
    for i in 0..<output.count {
      let value = Int32(input[i]) - inputZeroPoint
      // Wraps as the C++ addition does when extreme scales saturate the
      // multiplier, rather than trapping.
      output[i] = range.clamp(outputZeroPoint &+ multiplier.apply(value))
    }
  }
}
