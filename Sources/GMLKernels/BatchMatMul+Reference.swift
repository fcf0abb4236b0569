// GMLKernels/BatchMatMul+Reference.swift — portable BATCH_MATMUL (float). Must not allocate.

extension BatchMatMul {
  /// `out[b][i][j] = Σ_k A[b][i][k] · B[b][k][j]`, summed in order of k.
  ///
  /// - Parameters:
  ///   - lhs: A's elements.
  ///   - rhs: B's elements.
  ///   - output: `outputShape` elements (not A's or B's memory).
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/batch_matmul.h`
  /// (`BatchMatMul`, float).
  public func reference(
    lhs: UnsafeBufferPointer<Float>, rhs: UnsafeBufferPointer<Float>,
    output: UnsafeMutableBufferPointer<Float>
  ) {
    assert(output.count == batchCount * rows * columns, "BatchMatMul.reference: output size")
    var o = 0
    for b in 0..<batchCount {
      let (a0, b0) = (lhsStart(b), rhsStart(b))
      for i in 0..<rows {
        for j in 0..<columns {
          var total: Float = 0
          for k in 0..<depth {
            total +=
              lhs[a0 + i * lhsRowStride + k * lhsDepthStride]
              * rhs[b0 + k * rhsDepthStride + j * rhsColumnStride]
          }
          output[o] = total
          o += 1
        }
      }
    }
  }
}
