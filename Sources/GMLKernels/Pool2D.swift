// GMLKernels/Pool2D.swift — MaxPool2D/AveragePool2D parameters and the shape checks made once at prepare.
import GMLCore

/// The window of a 2-D pooling op over an NHWC input: filter size,
/// strides, padding and a fused activation. The depth is kept.
public struct Pool2D: Equatable, Sendable {
  public let batches: Int
  public let inputH: Int
  public let inputW: Int
  public let depth: Int
  public let filterH: Int
  public let filterW: Int
  public let strideH: Int
  public let strideW: Int
  public let outputH: Int
  public let outputW: Int
  public let padding: Padding2D
  public let activation: Activation

  /// Checks the input and window and derives the output.
  ///
  /// - Parameters:
  ///   - input: `[batches, height, width, depth]`.
  ///   - filterH: window height (≥ 1).
  ///   - filterW: window width (≥ 1).
  ///   - strideH: vertical stride (≥ 1).
  ///   - strideW: horizontal stride (≥ 1).
  ///   - padding: explicit padding (`Padding2D.same` for TFLite SAME).
  ///   - activation: the fused activation.
  /// - Throws: `shapeMismatch` for a rank other than 4 or a window larger
  ///   than the padded input; `invalidArgument` for sizes below 1.
  public init(
    input: Shape, filterH: Int, filterW: Int, strideH: Int, strideW: Int,
    padding: Padding2D = .zero, activation: Activation = .none
  ) throws(GMLError) {
    guard input.rank == 4 else { throw GMLError(.shapeMismatch, "pooling needs a rank-4 input") }
    batches = input.dims[0]
    inputH = input.dims[1]
    inputW = input.dims[2]
    depth = input.dims[3]
    outputH = try Padding2D.outputSize(
      input: inputH, filter: filterH, stride: strideH, dilation: 1, before: padding.top,
      after: padding.bottom)
    outputW = try Padding2D.outputSize(
      input: inputW, filter: filterW, stride: strideW, dilation: 1, before: padding.left,
      after: padding.right)
    self.filterH = filterH
    self.filterW = filterW
    self.strideH = strideH
    self.strideW = strideW
    self.padding = padding
    self.activation = activation
  }

  /// `[batches, outputH, outputW, depth]`.
  public var outputShape: Shape { Shape([batches, outputH, outputW, depth]) }
}
