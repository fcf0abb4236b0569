// GMLKernels/FullyConnected+Reference.swift — portable FullyConnected (float). Must not allocate.

extension FullyConnected {
  /// `output[r, o] = activation(sum_i input[r, i] · weights[o, i] + bias[o])`.
  ///
  /// - Parameters:
  ///   - input: `rows·inputDepth` elements.
  ///   - weights: `outputDepth·inputDepth` elements.
  ///   - bias: `outputDepth` elements, or empty when `hasBias` is false.
  ///   - output: `rows·outputDepth` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/fully_connected.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(output.count == rows * outputDepth, "FullyConnected: output size")
    for r in 0..<rows {
      for o in 0..<outputDepth {
        var total: Float = 0
        for i in 0..<inputDepth {
          total += input[r * inputDepth + i] * weights[o * inputDepth + i]
        }
        if hasBias { total += bias[o] }
        output[r * outputDepth + o] = activation.apply(total)
      }
    }
  }
}
