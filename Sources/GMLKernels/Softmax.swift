// GMLKernels/Softmax.swift — Softmax parameters: the axis split into outer, axis and inner extents.
import GMLCore

/// `exp(beta · x) / sum(exp(beta · x))` along one axis.
public struct Softmax: Equatable, Sendable {
  public let beta: Float
  /// The product of the dimensions before the axis.
  public let outer: Int
  /// The extent of the axis.
  public let axisSize: Int
  /// The product of the dimensions after the axis.
  public let inner: Int

  /// - Parameters:
  ///   - input: the input shape (the output has the same).
  ///   - beta: the inverse temperature.
  ///   - axis: the axis; negative counts from the end (-1 is the last).
  /// - Throws: `invalidArgument` for an axis outside the rank.
  public init(input: Shape, beta: Float = 1, axis: Int = -1) throws(GMLError) {
    let a = axis < 0 ? axis + input.rank : axis
    guard a >= 0, a < input.rank else {
      throw GMLError(.invalidArgument, "Softmax axis outside the input's rank")
    }
    self.beta = beta
    outer = Strides.product(input.dims, 0..<a)
    axisSize = input.dims[a]
    inner = Strides.product(input.dims, a + 1..<input.rank)
  }
}
