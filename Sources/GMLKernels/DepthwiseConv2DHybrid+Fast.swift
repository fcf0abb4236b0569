// GMLKernels/DepthwiseConv2DHybrid+Fast.swift — hybrid DepthwiseConv2D (multiplier 1) on a C kernel with the channels innermost: the reference's floats bit for bit. Must not allocate.
import CGMLMicrokernels

extension DepthwiseConv2DHybrid {
  /// Whether `fast` runs this convolution: depth multiplier 1.
  public var hasFastKernel: Bool { geometry.depthMultiplier == 1 }

  /// `reference`'s values, bit for bit: each image quantized as there,
  /// then the same integer sums and float steps in `microkernel`'s
  /// depthwise kernel, a clamp activation inside it, the others after.
  ///
  /// - Parameters: as `reference`.
  public func fast(
    input: UnsafeBufferPointer<Float>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    scratch bytes: UnsafeMutableRawBufferPointer, microkernel: HybridGEMM.Microkernel
  ) {
    let g = geometry
    scratch.quantizeRows(input, bytes, fast: microkernel)
    let (scales, zeros, q) = scratch.views(bytes)
    guard let x = q.baseAddress, let y = output.baseAddress else { return }
    let clamp = FloatGEMM.bounds(g.activation)
    var window = gml_window_params(
      input_h: g.inputH, input_w: g.inputW, channels: g.inputDepth, filter_h: g.filterH,
      filter_w: g.filterW, output_h: g.outputH, output_w: g.outputW, stride_h: g.strideH,
      stride_w: g.strideW, dilation_h: g.dilationH, dilation_w: g.dilationW,
      pad_top: g.padding.top, pad_left: g.padding.left, lo: clamp?.0 ?? -.infinity,
      hi: clamp?.1 ?? .infinity)
    let inputImage = g.inputH * g.inputW * g.inputDepth
    let outputImage = g.outputH * g.outputW * g.outputDepth
    filterScales.withUnsafeBufferPointer { fs in
      for b in 0..<g.batches {
        microkernel.depthwise(
          &window, x + b * inputImage, zeros[b], filter.baseAddress, fs.baseAddress,
          filterScales.count == 1 ? 0 : 1, scales[b], g.hasBias ? bias.baseAddress : nil,
          y + b * outputImage)
      }
    }
    if clamp == nil && g.activation != .none { g.activation.apply(to: output) }
  }
}
