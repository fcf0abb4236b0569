// GMLKernels/SoftmaxInt8+Fast.swift — int8 Softmax computing each exponential once (rows of up to 64 elements, kept on the stack). Must not allocate.

extension SoftmaxInt8 {
  /// The longest row `fast` keeps the exponentials of (4 bytes each, on
  /// the stack).
  static let fastDepth = 64

  /// The reference's bytes with half its exponentials: a row of up to
  /// `fastDepth` elements keeps each one between the sum and the outputs
  /// instead of computing it again (the exponential is most of the cost:
  /// about 200 instructions on a Cortex-M4). Longer rows take the
  /// reference's steps.
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - output: as many elements.
  public func fast(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
    assert(
      input.count == outer * depth && output.count == input.count,
      "SoftmaxInt8.fast: element counts differ from the shape")
    guard depth <= Self.fastDepth else { return reference(input: input, output: output) }
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.fastDepth) { exps in
      for row in 0..<outer {
        let base = row * depth
        let maximum = rowMaximum(input, base)
        var sumOfExps: Int32 = 0
        for c in 0..<depth {
          let diff = Int32(input[base + c]) - Int32(maximum)
          // Below the cut-off, 0: it adds nothing to the sum and its
          // output is -128, as the reference's skipped elements.
          exps[c] = diff >= diffMin ? exponential(diff) : 0
          sumOfExps &+= Self.accumulated(exps[c])
        }
        let reciprocal = Self.reciprocal(sumOfExps)
        for c in 0..<depth { output[base + c] = Self.output(exps[c], reciprocal) }
      }
    }
  }
}
