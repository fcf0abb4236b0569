// GMLKernels/MaximumMinimumInt8+Reference.swift — portable int8 MAXIMUM/MINIMUM. Must not allocate.

extension MaximumMinimumInt8 {
  /// `output[i] = max(l(lhs[a(i)]), r(rhs[b(i)]))` (or `min`), where `l`
  /// and `r` rescale an operand to the output's parameters, or leave it
  /// unchanged when it has them.
  ///
  /// - Parameters:
  ///   - lhs: the left operand's values.
  ///   - rhs: the right operand's values.
  ///   - output: `outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/maximum_minimum.h`
  /// (operands with the output's parameters).
  public func reference(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>
  ) {
    geometry.forEachElement(count: output.count) { i, a, b in
      let x = lhsRescaled ? rescale(lhs[a], lhsScale, lhsBias) : lhs[a]
      let y = rhsRescaled ? rescale(rhs[b], rhsScale, rhsBias) : rhs[b]
      output[i] = geometry.pick(x, y)
    }
  }

  @inline(__always)
  private func rescale(_ q: Int8, _ scale: Float, _ bias: Float) -> Int8 {
    let value = QuantizationInt8.roundToInt32(Float(q) * scale + bias) &+ outputZeroPoint
    return Int8(clamping: value)
  }
}
