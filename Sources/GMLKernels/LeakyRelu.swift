// GMLKernels/LeakyRelu.swift — LeakyRelu parameters.

/// `x` for positive `x`, else `alpha · x`.
public struct LeakyRelu: Equatable, Sendable {
  /// The slope below zero.
  public let alpha: Float

  /// - Parameter alpha: the slope below zero (gml-float's default is 0.2).
  public init(alpha: Float) { self.alpha = alpha }
}
