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
    // One loop per function, so that each inlines its own arithmetic.
    switch function {
    case .maximum: run(lhs, rhs, output) { BinaryFunction.maximum.apply($0, $1) }
    case .minimum: run(lhs, rhs, output) { BinaryFunction.minimum.apply($0, $1) }
    case .squaredDifference:
      run(lhs, rhs, output) { BinaryFunction.squaredDifference.apply($0, $1) }
    case .pow: run(lhs, rhs, output) { LibmFloat.pow($0, $1) }
    }
  }

  @inline(__always)
  private func run(
    _ lhs: UnsafeBufferPointer<Float>, _ rhs: UnsafeBufferPointer<Float>,
    _ output: UnsafeMutableBufferPointer<Float>, _ f: (Float, Float) -> Float
  ) {
    forEachElement(count: output.count) { i, a, b in output[i] = f(lhs[a], rhs[b]) }
  }
}
