// GMLKernels/TransposeConv2D.swift — TRANSPOSE_CONV parameters: the Conv2D it is the transpose of, checked once at prepare.
import GMLCore

/// The transpose of a convolution (learned upsampling): each input pixel
/// scatters `filter × value` over a window of the output. Its geometry is
/// that of the Conv2D from the output back to the input (`forward`): same
/// filter window, strides and padding, so the output's shape is any whose
/// forward convolution gives the input's (TFLite takes it from a tensor).
public struct TransposeConv2D: Equatable, Sendable {
  /// The convolution from this op's output to its input.
  public let forward: Conv2D
  /// `[batches, outputH, outputW, outputDepth]`.
  public let outputShape: Shape
  /// Whether a bias input is present.
  public let hasBias: Bool
  /// The fused activation.
  public let activation: Activation

  /// - Parameters:
  ///   - input: `[batches, inputH, inputW, inputDepth]`.
  ///   - filter: `[outputDepth, filterH, filterW, inputDepth]` (TFLite's).
  ///   - bias: `[outputDepth]`, or nil for none.
  ///   - output: `[batches, outputH, outputW, outputDepth]`.
  ///   - strideH: vertical stride (≥ 1).
  ///   - strideW: horizontal stride (≥ 1).
  ///   - padding: the forward convolution's padding over the output.
  ///   - activation: the fused activation.
  /// - Throws: `shapeMismatch` when the shapes do not fit one another (the
  ///   forward convolution of the output must give the input's shape);
  ///   `invalidArgument` for strides or padding out of range.
  ///
  /// Mirrors `transpose_conv.cc` (`ResizeOutputTensor` and the padding of
  /// `Prepare`).
  public init(
    input: Shape, filter: Shape, bias: Shape?, output: Shape, strideH: Int, strideW: Int,
    padding: Padding2D, activation: Activation
  ) throws(GMLError) {
    guard input.rank == 4, filter.rank == 4, output.rank == 4 else {
      throw GMLError(.shapeMismatch, "TRANSPOSE_CONV needs a rank-4 input, filter and output")
    }
    guard filter.dims[3] == input.dims[3], output.dims[3] == filter.dims[0] else {
      throw GMLError(.shapeMismatch, "TRANSPOSE_CONV filter depths differ from the tensors'")
    }
    if let bias, bias.dims != [filter.dims[0]] {
      throw GMLError(.shapeMismatch, "TRANSPOSE_CONV bias must be [output depth]")
    }
    let d = filter.dims
    forward = try Conv2D(
      input: output, filter: Shape([d[3], d[1], d[2], d[0]]), bias: nil, strideH: strideH,
      strideW: strideW, padding: padding)
    guard forward.outputShape == input else {
      throw GMLError(.shapeMismatch, "TRANSPOSE_CONV output shape does not map back to the input")
    }
    outputShape = output
    hasBias = bias != nil
    self.activation = activation
  }

  /// Calls `body(o, b, oy, ox)` for every output pixel in order, `o` the
  /// flat index of its channel 0.
  @inline(__always)
  func forEachOutputPixel(_ body: (Int, Int, Int, Int) -> Void) {
    let f = forward
    var o = 0
    for b in 0..<f.batches {
      for oy in 0..<f.inputH {
        for ox in 0..<f.inputW {
          body(o, b, oy, ox)
          o += f.inputDepth
        }
      }
    }
  }

  /// Calls `body(inputIndex, filterIndex)` for every input pixel and filter
  /// tap that output pixel `(b, oy, ox)` gathers, each as the flat index of
  /// the pixel's channel 0 and of the tap's `[0, ky, kx, 0]` (add the
  /// channels). The gather form of TFLite's scatter: the same products.
  @inline(__always)
  func forEachTap(_ b: Int, _ oy: Int, _ ox: Int, _ body: (Int, Int) -> Void) {
    let f = forward
    for ky in 0..<f.filterH {
      let ty = oy + f.padding.top - ky
      guard ty >= 0, ty % f.strideH == 0, ty / f.strideH < f.outputH else { continue }
      for kx in 0..<f.filterW {
        let tx = ox + f.padding.left - kx
        guard tx >= 0, tx % f.strideW == 0, tx / f.strideW < f.outputW else { continue }
        let pixel = ((b * f.outputH + ty / f.strideH) * f.outputW + tx / f.strideW) * f.outputDepth
        body(pixel, (ky * f.filterW + kx) * f.outputDepth)
      }
    }
  }
}
