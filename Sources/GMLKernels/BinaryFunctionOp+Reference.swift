// GMLKernels/BinaryFunctionOp+Reference.swift — portable broadcasting BinaryFunction (float). Must not allocate.

extension BinaryFunctionOp {
  /// `output[i] = f(lhs[a(i)], rhs[b(i)])`, `a` and `b` mapping an output
  /// position to each operand's broadcast position.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's elements.
  ///   - rhs: the right operand's elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/maximum_minimum.h`
  /// (`MaximumMinimumBroadcastSlow`) and `BroadcastBinaryFunction4DSlow`.
  public func reference(
    lhs: UnsafeBufferPointer<Float>, rhs: UnsafeBufferPointer<Float>,
    output: UnsafeMutableBufferPointer<Float>
  ) {
    let f = function
    forEachElement(count: output.count) { i, a, b in output[i] = f.apply(lhs[a], rhs[b]) }
  }
}
