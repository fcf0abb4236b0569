// GMLKernels/Padding2D.swift — explicit spatial padding and TFLite's SAME/VALID output-size arithmetic.
import GMLCore

/// Zero padding around the two spatial dimensions of an NHWC tensor, in
/// elements: what a convolution or pooling window sees past each edge.
///
/// TFLite SAME (`ComputePaddingHeightWidth`): the output has
/// `ceil(in / stride)` positions; the padding needed is
/// `total = max((out - 1) · stride + (k - 1) · dilation + 1 - in, 0)`,
/// with `total / 2` at the top (left) and the odd pixel at the bottom
/// (right).
public struct Padding2D: Equatable, Sendable {
  public var top: Int
  public var bottom: Int
  public var left: Int
  public var right: Int

  /// - Parameters:
  ///   - top: rows added above.
  ///   - bottom: rows added below.
  ///   - left: columns added on the left.
  ///   - right: columns added on the right.
  public init(top: Int = 0, bottom: Int = 0, left: Int = 0, right: Int = 0) {
    self.top = top
    self.bottom = bottom
    self.left = left
    self.right = right
  }

  /// No padding (VALID).
  public static let zero = Padding2D()

  /// SAME padding along one dimension.
  /// - Parameters:
  ///   - input: the input extent.
  ///   - filter: the filter extent.
  ///   - stride: the step (≥ 1; smaller values act as 1, and
  ///     `outputSize` refuses them).
  ///   - dilation: the filter dilation (≥ 1, likewise).
  /// - Returns: the padding before and after.
  public static func same(input: Int, filter: Int, stride: Int, dilation: Int) -> (
    before: Int, after: Int
  ) {
    let stride = max(stride, 1)
    let dilation = max(dilation, 1)
    let output = (input + stride - 1) / stride
    let effective = (filter - 1) * dilation + 1
    let total = max((output - 1) * stride + effective - input, 0)
    return (total / 2, total - total / 2)
  }

  /// SAME padding for an input of `inputH`×`inputW`.
  /// - Parameters:
  ///   - inputH: input height.
  ///   - inputW: input width.
  ///   - filterH: filter height.
  ///   - filterW: filter width.
  ///   - strideH: vertical stride.
  ///   - strideW: horizontal stride.
  ///   - dilationH: vertical dilation (1 for pooling).
  ///   - dilationW: horizontal dilation (1 for pooling).
  /// - Returns: the padding; the odd pixel goes to the bottom and right.
  public static func same(
    inputH: Int, inputW: Int, filterH: Int, filterW: Int, strideH: Int, strideW: Int,
    dilationH: Int = 1, dilationW: Int = 1
  ) -> Padding2D {
    let h = same(input: inputH, filter: filterH, stride: strideH, dilation: dilationH)
    let w = same(input: inputW, filter: filterW, stride: strideW, dilation: dilationW)
    return Padding2D(top: h.before, bottom: h.after, left: w.before, right: w.after)
  }

  /// The number of window positions along one dimension:
  /// `(input + before + after - effectiveFilter) / stride + 1`.
  /// - Parameters:
  ///   - input: the input extent.
  ///   - filter: the filter extent.
  ///   - stride: the step.
  ///   - dilation: the filter dilation.
  ///   - before: padding before.
  ///   - after: padding after.
  /// - Returns: the output extent.
  /// - Throws: `invalidArgument` for a stride, dilation or filter below 1 or
  ///   negative padding; `shapeMismatch` when the filter is larger than the
  ///   padded input.
  public static func outputSize(
    input: Int, filter: Int, stride: Int, dilation: Int, before: Int, after: Int
  ) throws(GMLError) -> Int {
    if stride < 1 || dilation < 1 || filter < 1 {
      throw GMLError(.invalidArgument, "stride, dilation and filter size must be at least 1")
    }
    if before < 0 || after < 0 { throw GMLError(.invalidArgument, "negative padding") }
    let effective = (filter - 1) * dilation + 1
    let padded = input + before + after
    if padded < effective {
      throw GMLError(.shapeMismatch, "filter window larger than the padded input")
    }
    return (padded - effective) / stride + 1
  }
}
