// GMLKernels/FullyConnected+Fast.swift — FullyConnected (float) on a FloatGEMM microkernel, its weights read in place. Must not allocate.

extension FullyConnected {
  /// `reference`'s values, up to the order of the sums: every row times
  /// the weights on `microkernel` (`FastKernelSet.floatGEMM`).
  ///
  /// - Parameters: as `reference`, and a supported `microkernel`.
  public func fast(
    input: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    microkernel: FloatGEMM.Microkernel
  ) {
    FloatGEMM.run(
      microkernel, rows: rows, channels: outputDepth, depth: inputDepth, input: input,
      weights: weights, bias: hasBias ? bias : UnsafeBufferPointer(start: nil, count: 0),
      output: output, activation: activation)
  }
}
