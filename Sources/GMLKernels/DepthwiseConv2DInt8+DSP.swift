// GMLKernels/DepthwiseConv2DInt8+DSP.swift — int8 DepthwiseConv2D on the Cortex-M DSP kernel (gml_dsp.h): weights read in place, widened into scratch per four channels. Must not allocate.
import CGMLMicrokernels

extension DepthwiseConv2DInt8 {
  /// Whether `dsp` runs these parameters: depth multiplier 1, any filter
  /// (any quantization: in one step where every channel has a right
  /// shift, else gemmlowp's steps).
  public var hasDSPKernel: Bool { geometry.depthMultiplier == 1 }

  /// The C kernel's view of the shapes and quantization.
  var dspConv: gml_qs8_dsp_conv {
    DSPConvolution.conv(geometry, offsets: (inputOffset, outputOffset), range: range)
  }

  /// Bytes of scratch `dsp` needs: 8 a filter tap, the weights of four
  /// channels widened; none for 3×3 filters, whose nine taps' fit on the
  /// stack (`gml_qs8_dwconv_dsp_scratch_size`).
  public var dspScratchByteCount: Int {
    var conv = dspConv
    return gml_qs8_dwconv_dsp_scratch_size(&conv)
  }

  /// The reference's bytes from the Cortex-M DSP kernel
  /// (`gml_qs8_dwconv_dsp`): four channels a step, their weights read in
  /// place and widened once into `scratch`. Only with `hasDSPKernel`.
  ///
  /// - Parameters:
  ///   - input, filter, bias, output: as `reference` takes them.
  ///   - scratch: `dspScratchByteCount` bytes, 4-byte aligned.
  public func dsp(
    input: UnsafeBufferPointer<Int8>, filter: UnsafeBufferPointer<Int8>,
    bias: UnsafeBufferPointer<Int32>, output: UnsafeMutableBufferPointer<Int8>,
    scratch: UnsafeMutableRawBufferPointer
  ) {
    let g = geometry
    assert(
      hasDSPKernel && input.count == g.batches * g.inputH * g.inputW * g.inputDepth
        && filter.count == g.filterH * g.filterW * g.outputDepth
        && (!g.hasBias || bias.count == g.outputDepth)
        && output.count == g.batches * g.outputH * g.outputW * g.outputDepth
        && scratch.count >= dspScratchByteCount,
      "DepthwiseConv2DInt8.dsp: no DSP kernel, or buffer sizes do not match the shape")
    var conv = dspConv
    DSPConvolution.withPairs(multipliers) { pairs in
      gml_qs8_dwconv_dsp(
        &conv, input.baseAddress, filter.baseAddress, g.hasBias ? bias.baseAddress : nil, pairs,
        output.baseAddress, scratch.baseAddress)
    }
  }
}
