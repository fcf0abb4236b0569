// GMLKernels/Transpose+Reference.swift — portable Transpose (float, rank ≤ 8). Must not allocate.
import GMLCore

extension Transpose {
  /// `output[i0, …, in] = input[j]` where input coordinate `perm[k]` is `ik`.
  ///
  /// - Parameters:
  ///   - input: the input elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/transpose.h`
  public func reference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    Strides.forEachOffset(dims: outputShape.dims, strides: permutedStrides) {
      output[$0] = input[$1]
    }
  }
}
