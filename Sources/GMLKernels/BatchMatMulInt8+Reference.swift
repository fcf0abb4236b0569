// GMLKernels/BatchMatMulInt8+Reference.swift — portable int8 BATCH_MATMUL. Must not allocate.

extension BatchMatMulInt8 {
  /// `out = zp_out + M(Σ_k (a − zp_a)(b − zp_b))`, clamped to int8, for
  /// every row, column and batch.
  ///
  /// - Parameters:
  ///   - lhs: A's elements.
  ///   - rhs: B's elements.
  ///   - output: `geometry.outputShape` elements (not A's or B's memory).
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/batch_matmul.h`
  /// (`BatchMatMul<int8_t, int32_t>`).
  public func reference(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    assert(output.count == g.batchCount * g.rows * g.columns, "BatchMatMulInt8: output size")
    var o = 0
    for b in 0..<g.batchCount {
      let (a0, b0) = (g.lhsStart(b), g.rhsStart(b))
      for i in 0..<g.rows {
        for j in 0..<g.columns {
          var total: Int32 = 0
          for k in 0..<g.depth {
            let x = Int32(lhs[a0 + i * g.lhsRowStride + k * g.lhsDepthStride]) - lhsZeroPoint
            let y = Int32(rhs[b0 + k * g.rhsDepthStride + j * g.rhsColumnStride]) - rhsZeroPoint
            total &+= x * y
          }
          let scaled = outputMultiplier.apply(total) &+ outputZeroPoint
          output[o] = Int8(min(max(scaled, -128), 127))
          o += 1
        }
      }
    }
  }
}
