// GMLKernels/MeanInt8+Reference.swift — portable int8 reduction over axes (MEAN, SUM, REDUCE_MAX), integer requantization. Must not allocate.

extension MeanInt8 {
  /// For each output element, the int32 (wrapping) sum of its input
  /// values, minus `inputZeroPoint × count`, through `multiplier` (double
  /// rounding), plus `outputZeroPoint`, clamped to int8. With no elements
  /// to average the output is 0 (TFLite's int8 "NaN"). A requantized SUM
  /// goes through float instead (`sumScale`, `sumBias`). Without
  /// requantization (`requantizes` false): the int8 wrapping sum of the
  /// stored values, or their maximum.
  ///
  /// - Parameters:
  ///   - input: the input values.
  ///   - output: `outputShape` int8 values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/reduce.h` (`QuantizedMeanOrSum`)
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let count = geometry.reducedCount
    if !requantizes {
      // LiteRT's ReduceGeneric on int8: the sum wraps; the maximum of none
      // is the lowest value.
      let isMax = geometry.function == .max
      for o in 0..<output.count {
        let base = Strides.offset(of: o, dims: keptDims, strides: keptStrides)
        var value: Int8 = isMax ? -128 : 0
        for r in 0..<count {
          let q = input[base + Strides.offset(of: r, dims: reducedDims, strides: reducedStrides)]
          value = isMax ? (q > value ? q : value) : value &+ q
        }
        output[o] = value
      }
      return
    }
    if count == 0 {
      for o in 0..<output.count { output[o] = 0 }
      return
    }
    let zeroSum = Int64(inputZeroPoint) * Int64(count)
    for o in 0..<output.count {
      let base = Strides.offset(of: o, dims: keptDims, strides: keptStrides)
      var sum: Int32 = 0
      for r in 0..<count {
        sum &+= Int32(
          input[base + Strides.offset(of: r, dims: reducedDims, strides: reducedStrides)])
      }
      let q: Int32
      if geometry.function == .sum {
        q = QuantizationInt8.roundToInt32(Float(sum) * sumScale + sumBias) &+ outputZeroPoint
      } else {
        q = multiplier.apply(Int32(truncatingIfNeeded: Int64(sum) - zeroSum)) &+ outputZeroPoint
      }
      output[o] = Int8(truncatingIfNeeded: min(max(q, -128), 127))
    }
  }
}
