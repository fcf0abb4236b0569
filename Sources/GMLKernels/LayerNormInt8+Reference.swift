// GMLKernels/LayerNormInt8+Reference.swift — portable int8 LAYER_NORM. Must not allocate.

extension LayerNormInt8 {
  /// Per row, with `d = q − inputZeroPoint`: the exact sums `S1 = Σd` and
  /// `S2 = Σd²` (Int64), the mean `S1 / n` and the variance
  /// `(n·S2 − S1²) / n²` in input units; `k = inputScale / √(variance ·
  /// inputScale² + epsilon) / outputScale`; each output
  /// `round((d − mean) · k · gamma + beta / outputScale) + outputZeroPoint`,
  /// clamped to int8.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` int8 values.
  ///   - gamma: `depth` float scales.
  ///   - beta: `depth` float offsets.
  ///   - output: as many int8 values as `input` (may be its memory).
  public func reference(
    input: UnsafeBufferPointer<Int8>, gamma: UnsafeBufferPointer<Float>,
    beta: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let depth = geometry.depth
    assert(
      input.count == geometry.outer * depth && output.count == input.count
        && gamma.count == depth && beta.count == depth, "LayerNormInt8: sizes")
    let n = Int64(depth)
    for row in 0..<geometry.outer {
      let base = row * depth
      var s1: Int64 = 0
      var s2: Int64 = 0
      for c in 0..<depth {
        let d = Int64(input[base + c]) - Int64(inputZeroPoint)
        s1 += d
        s2 += d * d
      }
      let mean = Float(s1) / Float(n)
      let variance = Float(n * s2 - s1 * s1) / Float(n * n) * inputScale * inputScale
      let k = inputScale / KernelMath.sqrt(variance + geometry.epsilon) / outputScale
      for c in 0..<depth {
        let d = Float(Int32(input[base + c]) - inputZeroPoint) - mean
        let y = d * k * gamma[c] + beta[c] / outputScale
        let q = QuantizationInt8.roundToInt32(y) &+ outputZeroPoint
        output[base + c] = Int8(truncatingIfNeeded: min(max(q, -128), 127))
      }
    }
  }
}
