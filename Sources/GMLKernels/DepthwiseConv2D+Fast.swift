// GMLKernels/DepthwiseConv2D+Fast.swift — DepthwiseConv2D (float) on a FloatDepthwise microkernel, image by image. Must not allocate.
import CGMLMicrokernels

extension DepthwiseConv2D {
  /// Whether `fast` runs this convolution: depth multiplier 1, which
  /// every depthwise layer of MobileNet, DS-CNN and their kin has.
  public var hasFastKernel: Bool { depthMultiplier == 1 }

  /// `reference`'s values (bit for bit on the portable microkernel, up to
  /// rounding on a fused multiply-add one) for a convolution with
  /// `hasFastKernel`: each image on `microkernel`, a clamp activation
  /// inside it, the others after it.
  ///
  /// - Parameters: as `reference`, and a supported `microkernel`.
  public func fast(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    microkernel: FloatDepthwise.Microkernel
  ) {
    assert(hasFastKernel, "DepthwiseConv2D.fast: depth multiplier above 1")
    assert(output.count == batches * outputH * outputW * outputDepth, "DepthwiseConv2D: output")
    guard let x = input.baseAddress, let y = output.baseAddress else { return }
    let clamp = FloatGEMM.bounds(activation)
    var params = gml_window_params(
      input_h: inputH, input_w: inputW, channels: inputDepth, filter_h: filterH,
      filter_w: filterW, output_h: outputH, output_w: outputW, stride_h: strideH,
      stride_w: strideW, dilation_h: dilationH, dilation_w: dilationW, pad_top: padding.top,
      pad_left: padding.left, lo: clamp?.0 ?? -.infinity, hi: clamp?.1 ?? .infinity)
    let inputImage = inputH * inputW * inputDepth
    let outputImage = outputH * outputW * outputDepth
    let b = hasBias ? bias.baseAddress : nil
    for image in 0..<batches {
      microkernel.kernel(
        &params, x + image * inputImage, filter.baseAddress, b, y + image * outputImage)
    }
    if clamp == nil && activation != .none { activation.apply(to: output) }
  }
}
