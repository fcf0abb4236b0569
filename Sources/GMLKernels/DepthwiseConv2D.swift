// GMLKernels/DepthwiseConv2D.swift — DepthwiseConv2D parameters and the shape checks made once at prepare.
import GMLCore

/// A depthwise 2-D convolution: each input channel `ic` is convolved with
/// `depthMultiplier` filters of its own, giving output channels
/// `ic · depthMultiplier + m`. Filter `[1, kh, kw, inputDepth · depthMultiplier]`,
/// optional bias `[inputDepth · depthMultiplier]`.
public struct DepthwiseConv2D: Equatable, Sendable {
  public let batches: Int
  public let inputH: Int
  public let inputW: Int
  public let inputDepth: Int
  public let depthMultiplier: Int
  public let filterH: Int
  public let filterW: Int
  public let outputH: Int
  public let outputW: Int
  public let strideH: Int
  public let strideW: Int
  public let dilationH: Int
  public let dilationW: Int
  public let padding: Padding2D
  public let activation: Activation
  /// Whether the op has a bias input.
  public let hasBias: Bool

  /// Checks the shapes of a depthwise convolution and derives its output.
  ///
  /// - Parameters:
  ///   - input: `[batches, height, width, depth]`.
  ///   - filter: `[1, filterH, filterW, depth · depthMultiplier]`.
  ///   - bias: `[depth · depthMultiplier]`, or nil for none.
  ///   - depthMultiplier: filters per input channel (≥ 1).
  ///   - strideH: vertical stride (≥ 1).
  ///   - strideW: horizontal stride (≥ 1).
  ///   - dilationH: vertical dilation (≥ 1).
  ///   - dilationW: horizontal dilation (≥ 1).
  ///   - padding: explicit padding (`Padding2D.same` for TFLite SAME).
  ///   - activation: the fused activation.
  /// - Throws: `shapeMismatch` for ranks or extents that do not fit,
  ///   `invalidArgument` for a multiplier, stride, dilation or padding out
  ///   of range.
  public init(
    input: Shape, filter: Shape, bias: Shape?, depthMultiplier: Int, strideH: Int = 1,
    strideW: Int = 1, dilationH: Int = 1, dilationW: Int = 1, padding: Padding2D = .zero,
    activation: Activation = .none
  ) throws(GMLError) {
    guard input.rank == 4, filter.rank == 4, filter.dims[0] == 1 else {
      throw GMLError(.shapeMismatch, "DepthwiseConv2D needs a rank-4 input and [1,h,w,c] filter")
    }
    if depthMultiplier < 1 {
      throw GMLError(.invalidArgument, "DepthwiseConv2D depth multiplier must be at least 1")
    }
    let outputDepth = input.dims[3] * depthMultiplier
    guard filter.dims[3] == outputDepth else {
      throw GMLError(
        .shapeMismatch, "DepthwiseConv2D filter depth must be input depth x depth multiplier")
    }
    if let bias, bias.dims != [outputDepth] {
      throw GMLError(.shapeMismatch, "DepthwiseConv2D bias must be [output depth]")
    }
    batches = input.dims[0]
    inputH = input.dims[1]
    inputW = input.dims[2]
    inputDepth = input.dims[3]
    self.depthMultiplier = depthMultiplier
    filterH = filter.dims[1]
    filterW = filter.dims[2]
    outputH = try Padding2D.outputSize(
      input: inputH, filter: filterH, stride: strideH, dilation: dilationH,
      before: padding.top, after: padding.bottom)
    outputW = try Padding2D.outputSize(
      input: inputW, filter: filterW, stride: strideW, dilation: dilationW,
      before: padding.left, after: padding.right)
    self.strideH = strideH
    self.strideW = strideW
    self.dilationH = dilationH
    self.dilationW = dilationW
    self.padding = padding
    self.activation = activation
    hasBias = bias != nil
  }

  /// `inputDepth · depthMultiplier`.
  public var outputDepth: Int { inputDepth * depthMultiplier }

  /// `[batches, outputH, outputW, outputDepth]`.
  public var outputShape: Shape { Shape([batches, outputH, outputW, outputDepth]) }
}
