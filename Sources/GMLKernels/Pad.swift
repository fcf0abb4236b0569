// GMLKernels/Pad.swift — Pad parameters: per-dimension padding and the fill value, checked at prepare.
import GMLCore

/// A tensor surrounded by a constant: dimension `d` gains `before[d]`
/// entries in front and `after[d]` behind.
public struct Pad: Equatable, Sendable {
  /// The input's dimensions.
  let inputDims: [Int]
  /// The output's strides.
  let outputStrides: [Int]
  /// The output offset of the input's first element.
  let origin: Int
  /// The fill value.
  public let value: Float
  public let outputShape: Shape

  /// - Parameters:
  ///   - input: the input shape.
  ///   - paddings: `[before, after]` per dimension, flattened
  ///     (`2 · rank` entries, each ≥ 0).
  ///   - value: the fill value.
  /// - Throws: `invalidArgument` for a wrong count or a negative entry;
  ///   `limitExceeded` for an output of more than 2^31 − 1 elements.
  public init(input: Shape, paddings: [Int], value: Float = 0) throws(GMLError) {
    guard paddings.count == 2 * input.rank else {
      throw GMLError(.invalidArgument, "Pad needs [before, after] for every dimension")
    }
    var dims: [Int] = []
    for d in 0..<input.rank {
      let (before, after) = (paddings[2 * d], paddings[2 * d + 1])
      if before < 0 || after < 0 { throw GMLError(.invalidArgument, "Pad amounts must be >= 0") }
      dims.append(input.dims[d] + before + after)
    }
    outputShape = Shape(dims)
    // Bounds the strides and the origin below.
    _ = try outputShape.elementCount()
    outputStrides = Strides.of(outputShape)
    var origin = 0
    for d in 0..<input.rank { origin += paddings[2 * d] * outputStrides[d] }
    self.origin = origin
    inputDims = input.dims
    self.value = value
  }
}
