// GMLKernels/DepthwiseConv2DInt8+DSP.swift — int8 3×3 DepthwiseConv2D on the Cortex-M DSP kernel (gml_dsp.h): weights read in place. Must not allocate.
import CGMLMicrokernels

extension DepthwiseConv2DInt8 {
  /// Whether `dsp` runs these parameters: depth multiplier 1 and a 3×3
  /// filter (any quantization: in one step where every channel has a
  /// right shift, else gemmlowp's steps).
  public var hasDSPKernel: Bool {
    let g = geometry
    return g.depthMultiplier == 1 && g.filterH == 3 && g.filterW == 3
  }

  /// The reference's bytes from the Cortex-M DSP kernel
  /// (`gml_qs8_dwconv_3x3_dsp`): four channels a step, the filter read
  /// as it lies. Only with `hasDSPKernel`.
  ///
  /// - Parameters:
  ///   - input, filter, bias, output: as `reference` takes them.
  public func dsp(
    input: UnsafeBufferPointer<Int8>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let g = geometry
    assert(
      hasDSPKernel && input.count == g.batches * g.inputH * g.inputW * g.inputDepth
        && filter.count == 9 * g.outputDepth && (!g.hasBias || bias.count == g.outputDepth)
        && output.count == g.batches * g.outputH * g.outputW * g.outputDepth,
      "DepthwiseConv2DInt8.dsp: no DSP kernel, or buffer sizes do not match the shape")
    var conv = DSPConvolution.conv(
      batches: g.batches, input: (g.inputH, g.inputW, g.inputDepth),
      output: (g.outputH, g.outputW, g.outputDepth), filter: (g.filterH, g.filterW),
      stride: (g.strideH, g.strideW), dilation: (g.dilationH, g.dilationW), padding: g.padding,
      offsets: (inputOffset, outputOffset), range: range)
    DSPConvolution.withPairs(multipliers) { pairs in
      gml_qs8_dwconv_3x3_dsp(
        &conv, input.baseAddress, filter.baseAddress, g.hasBias ? bias.baseAddress : nil, pairs,
        output.baseAddress)
    }
  }
}
