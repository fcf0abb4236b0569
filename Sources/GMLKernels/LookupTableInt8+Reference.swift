// GMLKernels/LookupTableInt8+Reference.swift — int8 table lookup (LOGISTIC, TANH). Must not allocate.

extension LookupTableInt8 {
  /// `output[i] = table[input[i]]`. `input` and `output` may be the same memory.
  ///
  /// - Parameters:
  ///   - input: the elements.
  ///   - output: as many elements as `input`.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/lut.h`
  /// (`LookupTable`, which LiteRT's reference LOGISTIC and TANH call for int8).
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    assert(input.count == output.count, "LookupTableInt8.reference: element counts differ")
    table.withUnsafeBufferPointer { t in
      for i in 0..<output.count { output[i] = t[Int(UInt8(bitPattern: input[i]))] }
    }
  }
}
