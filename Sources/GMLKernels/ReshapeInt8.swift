// GMLKernels/ReshapeInt8.swift — int8 Reshape parameters: the float-side shape check; quantization passes through.
import GMLCore

/// A `Reshape` on int8 tensors: the bytes are copied unchanged, so input
/// and output share scale and zero point (TFLite does not rescale).
public struct ReshapeInt8: Equatable, Sendable {
  /// The checked element count.
  public let geometry: Reshape

  /// - Parameter geometry: the checked float-side parameters.
  public init(_ geometry: Reshape) {
    self.geometry = geometry
  }
}
