// GMLKernels/Mean.swift — the parameters of a reduction (MEAN, SUM, REDUCE_MAX): the reduced axes and the output shape, checked at prepare.
import GMLCore

/// A `ReduceFunction` over a set of axes: the mean (global average pooling
/// is axes `[1, 2]` of an NHWC tensor), the sum or the largest value.
public struct Mean: Equatable, Sendable {
  /// What the reduction computes.
  public let function: ReduceFunction
  /// The input's dimensions.
  let inputDims: [Int]
  /// Per input dimension, its stride in the output (0 for a reduced one).
  let outputStrides: [Int]
  /// How many input elements each output element averages.
  public let reducedCount: Int
  /// The output shape: reduced axes removed, or kept as 1 with `keepDims`.
  public let outputShape: Shape

  /// - Parameters:
  ///   - input: the input shape.
  ///   - axes: the axes to reduce; negative counts from the end; repeats
  ///     are allowed (as in TFLite) and count once.
  ///   - keepDims: keep reduced axes as extent 1.
  ///   - function: the reduction (the mean unless given).
  /// - Throws: `invalidArgument` for an axis outside the rank.
  public init(
    input: Shape, axes: [Int], keepDims: Bool, function: ReduceFunction = .mean
  ) throws(GMLError) {
    self.function = function
    var reduced = [Bool](repeating: false, count: input.rank)
    for axis in axes {
      let a = axis < 0 ? axis + input.rank : axis
      guard a >= 0, a < input.rank else {
        throw GMLError(.invalidArgument, "Mean axis outside the input's rank")
      }
      reduced[a] = true
    }
    var outputDims: [Int] = []
    var count = 1
    for d in 0..<input.rank {
      if reduced[d] {
        count *= input.dims[d]
        if keepDims { outputDims.append(1) }
      } else {
        outputDims.append(input.dims[d])
      }
    }
    // The stride of each kept input dimension in the dense output.
    var strides = [Int](repeating: 0, count: input.rank)
    var s = 1
    for d in stride(from: input.rank - 1, through: 0, by: -1) where !reduced[d] {
      strides[d] = s
      s *= input.dims[d]
    }
    inputDims = input.dims
    outputStrides = strides
    reducedCount = count
    outputShape = Shape(outputDims)
  }
}
