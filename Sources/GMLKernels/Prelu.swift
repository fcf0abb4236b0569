// GMLKernels/Prelu.swift — PRELU parameters: alpha broadcast onto the input, checked once at prepare.
import GMLCore

/// PRELU: `x` where `x ≥ 0`, else `alpha · x`, with `alpha` broadcast
/// (NumPy rules) onto the input's shape: one slope per channel, or per
/// position and channel, as Keras' PReLU `shared_axes` leaves it.
public struct Prelu: Equatable, Sendable {
  /// The input's shape, which is the output's.
  public let outputShape: Shape
  /// Per output dimension, alpha's stride (0 where it broadcasts).
  let alphaStrides: [Int]

  /// Checks that `alpha` broadcasts onto `input` without growing it.
  ///
  /// - Parameters:
  ///   - input: the input's shape.
  ///   - alpha: the slopes' shape.
  /// - Throws: `shapeMismatch` when they do not broadcast, or when the
  ///   broadcast is larger than `input` (TFLite's check); `limitExceeded`
  ///   above `Shape.maxRank`.
  ///
  /// Mirrors `PreluPrepare` in `tensorflow/lite/kernels/activations.cc`.
  public init(input: Shape, alpha: Shape) throws(GMLError) {
    let broadcast = try Elementwise.broadcastShape(input, alpha)
    guard broadcast == input else {
      throw GMLError(.shapeMismatch, "PRELU alpha broadcasts to more than the input's shape")
    }
    outputShape = input
    alphaStrides = Elementwise.broadcastStrides(alpha, in: input)
  }

  /// Where output element `i` reads its slope.
  @inline(__always)
  func alphaOffset(of i: Int) -> Int {
    Strides.offset(of: i, dims: outputShape.dims, strides: alphaStrides)
  }
}
