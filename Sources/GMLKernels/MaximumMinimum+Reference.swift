// GMLKernels/MaximumMinimum+Reference.swift — portable broadcasting MAXIMUM/MINIMUM (float). Must not allocate.

extension MaximumMinimum {
  /// `output[i] = max(lhs[a(i)], rhs[b(i)])` (or `min`), `a` and `b` mapping
  /// an output position to each operand's broadcast position.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's elements.
  ///   - rhs: the right operand's elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/maximum_minimum.h`
  /// (`MaximumMinimumBroadcastSlow`).
  public func reference(
    lhs: UnsafeBufferPointer<Float>, rhs: UnsafeBufferPointer<Float>,
    output: UnsafeMutableBufferPointer<Float>
  ) {
    forEachElement(count: output.count) { i, a, b in output[i] = pick(lhs[a], rhs[b]) }
  }
}
