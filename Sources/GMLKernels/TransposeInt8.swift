// GMLKernels/TransposeInt8.swift — int8 Transpose parameters: the float-side permutation; quantization passes through.
import GMLCore

/// A `Transpose` on int8 tensors: values move unchanged, so input and
/// output share scale and zero point.
public struct TransposeInt8: Equatable, Sendable {
  /// The checked permutation and output shape.
  public let geometry: Transpose

  /// - Parameter geometry: the checked float-side parameters.
  public init(_ geometry: Transpose) {
    self.geometry = geometry
  }
}
