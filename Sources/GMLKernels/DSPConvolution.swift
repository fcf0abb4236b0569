// GMLKernels/DSPConvolution.swift — what the Cortex-M DSP convolutions share: the C kernel's geometry and the multipliers as it reads them.
import CGMLMicrokernels

/// The Swift side of `gml_dsp.h`, shared by `Conv2DInt8.dsp` and
/// `DepthwiseConv2DInt8.dsp`.
enum DSPConvolution {
  /// Calls `body` with the multipliers as the C kernels read them:
  /// (multiplier, shift) int32 pairs, `QuantizedMultiplier`'s layout
  /// (checked by the DSP tests). No copy.
  @inline(__always)
  static func withPairs<R>(
    _ multipliers: [QuantizedMultiplier], _ body: (UnsafePointer<Int32>?) -> R
  ) -> R {
    multipliers.withUnsafeBufferPointer { buffer in
      UnsafeRawPointer(buffer.baseAddress).map {
        body($0.assumingMemoryBound(to: Int32.self))
      } ?? body(nil)
    }
  }

  /// A convolution's `gml_qs8_dsp_conv`.
  static func conv(
    batches: Int, input: (Int, Int, Int), output: (Int, Int, Int), filter: (Int, Int),
    stride: (Int, Int), dilation: (Int, Int), padding: Padding2D, offsets: (Int32, Int32),
    range: ActivationRangeInt8
  ) -> gml_qs8_dsp_conv {
    gml_qs8_dsp_conv(
      batches: Int32(batches), input_h: Int32(input.0), input_w: Int32(input.1),
      input_depth: Int32(input.2), output_h: Int32(output.0), output_w: Int32(output.1),
      output_depth: Int32(output.2), filter_h: Int32(filter.0), filter_w: Int32(filter.1),
      stride_h: Int32(stride.0), stride_w: Int32(stride.1), dilation_h: Int32(dilation.0),
      dilation_w: Int32(dilation.1), pad_top: Int32(padding.top), pad_left: Int32(padding.left),
      input_offset: offsets.0, output_offset: offsets.1, min: range.min, max: range.max)
  }
}
