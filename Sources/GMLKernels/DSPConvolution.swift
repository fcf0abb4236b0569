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

  /// A convolution's `gml_qs8_dsp_conv`: its geometry, the input offset
  /// and output zero point, and the clamp.
  static func conv(
    _ g: some Geometry, offsets: (Int32, Int32), range: ActivationRangeInt8
  ) -> gml_qs8_dsp_conv {
    gml_qs8_dsp_conv(
      batches: Int32(g.batches), input_h: Int32(g.inputH), input_w: Int32(g.inputW),
      input_depth: Int32(g.inputDepth), output_h: Int32(g.outputH), output_w: Int32(g.outputW),
      output_depth: Int32(g.outputDepth), filter_h: Int32(g.filterH), filter_w: Int32(g.filterW),
      stride_h: Int32(g.strideH), stride_w: Int32(g.strideW), dilation_h: Int32(g.dilationH),
      dilation_w: Int32(g.dilationW), pad_top: Int32(g.padding.top),
      pad_left: Int32(g.padding.left), input_offset: offsets.0, output_offset: offsets.1,
      min: range.min, max: range.max)
  }

  /// The shape fields `Conv2D` and `DepthwiseConv2D` share.
  protocol Geometry {
    var batches: Int { get }
    var inputH: Int { get }
    var inputW: Int { get }
    var inputDepth: Int { get }
    var outputH: Int { get }
    var outputW: Int { get }
    var outputDepth: Int { get }
    var filterH: Int { get }
    var filterW: Int { get }
    var strideH: Int { get }
    var strideW: Int { get }
    var dilationH: Int { get }
    var dilationW: Int { get }
    var padding: Padding2D { get }
  }
}

extension Conv2D: DSPConvolution.Geometry {}
extension DepthwiseConv2D: DSPConvolution.Geometry {}
