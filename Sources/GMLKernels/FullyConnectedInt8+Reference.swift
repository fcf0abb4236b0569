// GMLKernels/FullyConnectedInt8+Reference.swift — portable int8 FullyConnected, double-precision rescale. Must not allocate.

extension FullyConnectedInt8 {
  /// The dense layer in plain loops: for each row and output channel, the
  /// int32 sum of `(weight + weightsOffset) × (input + inputOffset)`, plus
  /// the bias; then `round(Double(sum) × outputScales[c])` half away from
  /// zero, plus `outputOffset`, clamped to `range`.
  ///
  /// - Parameters:
  ///   - input: `rows·inputDepth` int8 values.
  ///   - weights: `outputDepth·inputDepth` int8 values.
  ///   - bias: `outputDepth` int32 values, or empty when `hasBias` is false.
  ///   - output: `rows·outputDepth` int8 values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/fully_connected.h`
  /// (the overloads taking the float scales, which `fully_connected.cc`
  /// calls for `kReference`)
  public func reference(
    input: UnsafeBufferPointer<Int8>, weights: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    assert(input.count == g.rows * g.inputDepth, "FullyConnectedInt8: input size")
    assert(output.count == g.rows * g.outputDepth, "FullyConnectedInt8: output size")
    assert(!g.hasBias || bias.count == g.outputDepth, "FullyConnectedInt8: bias size")
    for r in 0..<g.rows {
      for oc in 0..<g.outputDepth {
        var acc: Int32 = 0
        for d in 0..<g.inputDepth {
          let x = Int32(input[r * g.inputDepth + d]) &+ inputOffset
          let w = Int32(weights[oc * g.inputDepth + d]) &+ weightsOffset
          acc &+= w &* x
        }
        if g.hasBias { acc &+= bias[oc] }
        let scaled = QuantizationInt8.roundToInt32(Double(acc) * outputScales[oc])
        output[r * g.outputDepth + oc] = range.clamp(scaled &+ outputOffset)
      }
    }
  }
}
