// GMLKernels/Conv2D.swift — Conv2D parameters and the shape checks made once at prepare.
import GMLCore

/// A 2-D convolution over an NHWC input with an `[out, kh, kw, in / groups]`
/// filter and an optional `[out]` bias, then a fused activation. Grouped
/// (TFLite's, from Keras' `groups`): the input's channels split into
/// `groups` equal runs, and each run of `out / groups` output channels
/// reads one of them.
///
/// `init` checks the shapes and computes `outputShape`; the kernels then
/// trust the geometry stored here (like TFLM's `conv_common.cc`).
public struct Conv2D: Equatable, Sendable {
  public let batches: Int
  public let inputH: Int
  public let inputW: Int
  public let inputDepth: Int
  /// The input channels each filter reads: `inputDepth / groups`.
  public let filterDepth: Int
  public let filterH: Int
  public let filterW: Int
  public let outputH: Int
  public let outputW: Int
  public let outputDepth: Int
  public let strideH: Int
  public let strideW: Int
  public let dilationH: Int
  public let dilationW: Int
  public let padding: Padding2D
  public let activation: Activation
  /// Whether the op has a bias input.
  public let hasBias: Bool

  /// Checks the shapes of a convolution and derives its output.
  ///
  /// - Parameters:
  ///   - input: `[batches, height, width, depth]`.
  ///   - filter: `[outputDepth, filterH, filterW, depth / groups]`, the
  ///     groups a divisor of both depths.
  ///   - bias: `[outputDepth]`, or nil for none.
  ///   - strideH: vertical stride (≥ 1).
  ///   - strideW: horizontal stride (≥ 1).
  ///   - dilationH: vertical dilation (≥ 1).
  ///   - dilationW: horizontal dilation (≥ 1).
  ///   - padding: explicit padding (`Padding2D.same` for TFLite SAME).
  ///   - activation: the fused activation.
  /// - Throws: `shapeMismatch` for ranks or extents that do not fit,
  ///   `invalidArgument` for strides, dilations or padding out of range.
  public init(
    input: Shape, filter: Shape, bias: Shape?, strideH: Int = 1, strideW: Int = 1,
    dilationH: Int = 1, dilationW: Int = 1, padding: Padding2D = .zero,
    activation: Activation = .none
  ) throws(GMLError) {
    guard input.rank == 4, filter.rank == 4 else {
      throw GMLError(.shapeMismatch, "Conv2D needs a rank-4 input and filter")
    }
    let (depth, filterDepth) = (input.dims[3], filter.dims[3])
    // Groups of at least one channel each (a zero depth has none).
    guard filterDepth >= 1, depth >= filterDepth, depth % filterDepth == 0,
      filter.dims[0] % (depth / filterDepth) == 0
    else {
      throw GMLError(
        .shapeMismatch,
        "Conv2D filter depth neither is the input depth nor divides it into groups of the outputs")
    }
    if let bias, bias.dims != [filter.dims[0]] {
      throw GMLError(.shapeMismatch, "Conv2D bias must be [output depth]")
    }
    batches = input.dims[0]
    inputH = input.dims[1]
    inputW = input.dims[2]
    inputDepth = input.dims[3]
    self.filterDepth = filterDepth
    outputDepth = filter.dims[0]
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

  /// The channel groups: 1 for a plain convolution.
  public var groups: Int { inputDepth / filterDepth }

  /// The first input channel output channel `oc` reads (0 unless grouped).
  @inline(__always)
  func firstInputChannel(_ oc: Int) -> Int { oc / (outputDepth / groups) * filterDepth }

  /// `[batches, outputH, outputW, outputDepth]`.
  public var outputShape: Shape { Shape([batches, outputH, outputW, outputDepth]) }
}
