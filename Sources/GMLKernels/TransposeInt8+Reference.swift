// GMLKernels/TransposeInt8+Reference.swift — portable int8 Transpose (rank ≤ 8). Must not allocate.
import GMLCore

extension TransposeInt8 {
  /// `output[i0, …, in] = input[j]` where input coordinate `perm[k]` is `ik`.
  ///
  /// - Parameters:
  ///   - input: the input values.
  ///   - output: `outputShape` values.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/transpose.h`
  public func reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    Strides.forEachOffset(dims: geometry.outputShape.dims, strides: geometry.permutedStrides) {
      output[$0] = input[$1]
    }
  }
}
