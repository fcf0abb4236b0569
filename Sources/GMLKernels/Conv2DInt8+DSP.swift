// GMLKernels/Conv2DInt8+DSP.swift — int8 Conv2D on the Cortex-M DSP kernel (gml_dsp.h): weights read in place, two im2col rows of scratch. Must not allocate.
import CGMLMicrokernels

extension Conv2DInt8 {
  /// The C kernel's view of the shapes and quantization.
  var dspConv: gml_qs8_dsp_conv {
    DSPConvolution.conv(geometry, offsets: (inputOffset, outputOffset), range: range)
  }

  /// Bytes of scratch `dsp` needs: two int32 sums per output channel and
  /// two windows of int16 (`gml_qs8_conv_dsp_scratch_size`).
  public var dspScratchByteCount: Int {
    var conv = dspConv
    return gml_qs8_conv_dsp_scratch_size(&conv)
  }

  /// The reference's bytes from the Cortex-M DSP kernel: per pair of
  /// output pixels, their windows as int16 in `scratch`, then a 2×2
  /// tile of dual multiply-accumulates per pair of channels against the
  /// filter as it lies, the sums requantized per channel after
  /// (`gml_qs8_conv_dsp`: in one step where every channel has a right
  /// shift, as a layer's scales below 1/2 give; else gemmlowp's). Any
  /// parameters.
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
      input.count == g.batches * g.inputH * g.inputW * g.inputDepth
        && filter.count == g.outputDepth * g.filterH * g.filterW * g.inputDepth
        && (!g.hasBias || bias.count == g.outputDepth)
        && output.count == g.batches * g.outputH * g.outputW * g.outputDepth
        && scratch.count >= dspScratchByteCount,
      "Conv2DInt8.dsp: buffer sizes do not match the shape")
    var conv = dspConv
    DSPConvolution.withPairs(multipliers) { pairs in
      gml_qs8_conv_dsp(
        &conv, input.baseAddress, filter.baseAddress, g.hasBias ? bias.baseAddress : nil, pairs,
        output.baseAddress, scratch.baseAddress)
    }
  }
}
