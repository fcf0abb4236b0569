// GMLKernels/SoftmaxInt8+Fast.swift — int8 Softmax looking each exponential up in the table built at prepare. Must not allocate.

extension SoftmaxInt8 {
  /// The reference's bytes without computing an exponential: a row's
  /// differences `q − max` are integers from −255 to 0, whose exponentials
  /// `exponentials` holds (the reference computes each one twice, about
  /// 200 instructions each on a Cortex-M4).
  ///
  /// - Parameters:
  ///   - input: `outer · depth` elements.
  ///   - output: as many elements.
  public func fast(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
    assert(
      input.count == outer * depth && output.count == input.count,
      "SoftmaxInt8.fast: element counts differ from the shape")
    exponentials.withUnsafeBufferPointer { table in
      for row in 0..<outer {
        let base = row * depth
        let maximum = Int32(rowMaximum(input, base))
        var sumOfExps: Int32 = 0
        for c in 0..<depth {
          // Below the cut-off the entry is 0: it adds nothing to the sum
          // and its output is -128, as the reference's skipped elements.
          sumOfExps &+= Self.accumulated(table[Int(maximum - Int32(input[base + c]))])
        }
        let reciprocal = Self.reciprocal(sumOfExps)
        for c in 0..<depth {
          output[base + c] = Self.output(
            table[Int(maximum - Int32(input[base + c]))], reciprocal)
        }
      }
    }
  }
}
