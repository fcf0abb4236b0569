// GMLKernels/UnaryFunction+Reference.swift — the UnaryFunction ops (ELU, EXP, LOG, SQRT, RSQRT, ABS), float. Must not allocate.

extension UnaryFunction {
  /// `output[i] = f(input[i])`. `input` and `output` may be the same memory.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements as `input`.
  ///
  /// Mirrors: `EluEval` (`activations.cc`), `exp.cc`, and `AbsEval`,
  /// `LogEval`, `SqrtEval`, `RsqrtEval` (`elementwise.cc`) in
  /// `tensorflow/lite/kernels`, float32.
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(input.count == output.count, "UnaryFunction.reference: element counts differ")
    for i in 0..<output.count { output[i] = apply(input[i]) }
  }
}
