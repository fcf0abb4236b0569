// GMLKernels/LayerNorm+Reference.swift — portable LAYER_NORM (float). Must not allocate.

extension LayerNorm {
  /// Per row of `depth` elements: the mean `m = Σx / n`, the variance
  /// `v = Σ(x − m)² / n`, then `(x − m) · (1 / √(v + epsilon)) · gamma + beta`,
  /// each sum in order, in `Float`.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - gamma: `depth` scales.
  ///   - beta: `depth` offsets.
  ///   - output: as many elements as `input` (may be its memory).
  ///
  /// Computes what Keras' LayerNormalization does (`keras.ops.moments`,
  /// `rsqrt`), which TFLiteConverter writes as MEAN, SQUARED_DIFFERENCE,
  /// MEAN, ADD, RSQRT, MUL, ADD.
  public func reference(
    input: UnsafeBufferPointer<Float>, gamma: UnsafeBufferPointer<Float>,
    beta: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(
      input.count == outer * depth && output.count == input.count && gamma.count == depth
        && beta.count == depth, "LayerNorm: sizes")
    let n = Float(depth)
    for row in 0..<outer {
      let base = row * depth
      var sum: Float = 0
      for c in 0..<depth { sum += input[base + c] }
      let mean = sum / n
      var squares: Float = 0
      for c in 0..<depth {
        let d = input[base + c] - mean
        squares += d * d
      }
      let inverse = 1 / KernelMath.sqrt(squares / n + epsilon)
      for c in 0..<depth {
        output[base + c] = (input[base + c] - mean) * inverse * gamma[c] + beta[c]
      }
    }
  }
}
