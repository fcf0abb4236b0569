// GMLKernels/Activation+Reference.swift — the standalone activation ops (RELU … HARD_SWISH), float. Must not allocate.

extension Activation {
  /// `output[i] = activation(input[i])`: the RELU, RELU6, RELU_N1_TO_1,
  /// LOGISTIC, TANH and HARD_SWISH ops. `input` and `output` may be the
  /// same memory.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements as `input`.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/activations.h`
  /// (and `logistic.h`, `tanh.h`, `hard_swish.h`).
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == output.count, "Activation.reference: element counts differ")
    for i in 0..<output.count { output[i] = apply(input[i]) }
  }
}
