// GMLKernels/BinaryFunctionOpInt8+Reference.swift — portable broadcasting BinaryFunction (int8). Must not allocate.

extension BinaryFunctionOpInt8 {
  /// `output[i] = f(lhs[a(i)], rhs[b(i)])` in the function's int8
  /// arithmetic, `a` and `b` mapping an output position to each operand's
  /// broadcast position.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's values.
  ///   - rhs: the right operand's values.
  ///   - output: `outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/maximum_minimum.h`
  /// and `reference_integer_ops::BroadcastBinaryFunction4DSlow`.
  public func reference(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>
  ) {
    let f = arithmetic
    geometry.forEachElement(count: output.count) { i, a, b in output[i] = f.apply(lhs[a], rhs[b]) }
  }
}
