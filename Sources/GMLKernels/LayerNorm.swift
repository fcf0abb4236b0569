// GMLKernels/LayerNorm.swift — LAYER_NORM parameters: rows along the last axis, epsilon.
import GMLCore

/// Layer normalization along the last axis: per row,
/// `(x − mean) / √(variance + epsilon) · gamma + beta` with the row's mean
/// and biased variance, gamma and beta one value per element of the row
/// (Keras' LayerNormalization over its default last axis).
public struct LayerNorm: Equatable, Sendable {
  /// The product of the dimensions before the last.
  public let outer: Int
  /// The last dimension: the row normalized.
  public let depth: Int
  /// Added to the variance.
  public let epsilon: Float

  /// The longest row (the int8 kernel's exact moments stay in Int64).
  public static let maxDepth = 1 << 20

  /// - Parameters:
  ///   - input: the input shape (the output has the same), rank ≥ 1, its
  ///     last dimension 1 to `maxDepth`.
  ///   - epsilon: finite, 0 or more.
  /// - Throws: `invalidArgument` for a scalar input, a row out of range or
  ///   a bad epsilon.
  public init(input: Shape, epsilon: Float) throws(GMLError) {
    guard input.rank >= 1, (1...LayerNorm.maxDepth).contains(input.dims[input.rank - 1]) else {
      throw GMLError(
        .invalidArgument,
        "LAYER_NORM needs an input of rank 1 or more whose last dimension is 1 to 2^20")
    }
    guard epsilon.isFinite, epsilon >= 0 else {
      throw GMLError(.invalidArgument, "LAYER_NORM epsilon must be finite and 0 or more")
    }
    depth = input.dims[input.rank - 1]
    outer = Strides.product(input.dims, 0..<(input.rank - 1))
    self.epsilon = epsilon
  }
}
