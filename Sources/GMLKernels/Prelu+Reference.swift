// GMLKernels/Prelu+Reference.swift — portable PRELU (float). Must not allocate.

extension Prelu {
  /// `output[i] = x ≥ 0 ? x : x · alpha[a(i)]`, `a` mapping an output
  /// position to alpha's broadcast one. `input` and `output` may be the
  /// same memory.
  ///
  /// - Parameters:
  ///   - input: `outputShape` elements.
  ///   - alpha: the slopes.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/prelu.h`
  /// (`BroadcastPrelu4DSlow`, float).
  public func reference(
    input: UnsafeBufferPointer<Float>, alpha: UnsafeBufferPointer<Float>,
    output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == output.count, "Prelu.reference: element counts differ")
    for i in 0..<output.count {
      let x = input[i]
      output[i] = x >= 0 ? x : x * alpha[alphaOffset(of: i)]
    }
  }
}
