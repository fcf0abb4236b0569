// GMLKernels/LogSoftmax.swift — LOG_SOFTMAX parameters: rows along the last axis.
import GMLCore

/// `x − max − log(Σ exp(x − max))` along the last axis (TFLite's
/// LOG_SOFTMAX; beta 1).
public struct LogSoftmax: Equatable, Sendable {
  /// The product of the dimensions before the last.
  public let outer: Int
  /// The last dimension.
  public let depth: Int

  /// - Parameter input: the input shape (the output has the same), rank ≥ 1.
  /// - Throws: `invalidArgument` for a scalar input.
  public init(input: Shape) throws(GMLError) {
    guard input.rank >= 1 else {
      throw GMLError(.invalidArgument, "LOG_SOFTMAX needs an input of rank 1 or more")
    }
    depth = input.dims[input.rank - 1]
    outer = Strides.product(input.dims, 0..<(input.rank - 1))
  }
}
