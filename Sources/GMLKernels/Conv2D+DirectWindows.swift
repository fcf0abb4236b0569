// GMLKernels/Conv2D+DirectWindows.swift — what the int8 and hybrid Conv2D share to read windows in place (gml_conv.h): the window geometry, and filter rows padded to whole 4-byte groups.
import CGMLMicrokernels

extension Conv2D {
  /// The window geometry of the int8 window kernels (`gml_qs8_im2col`,
  /// `gml_conv.h`), `zeroPoint` in the padding.
  func window(zeroPoint: Int32) -> gml_qs8_window {
    gml_qs8_window(
      input_h: Int32(inputH), input_w: Int32(inputW), input_depth: Int32(inputDepth),
      filter_h: Int32(filterH), filter_w: Int32(filterW), output_h: Int32(outputH),
      output_w: Int32(outputW), stride_h: Int32(strideH), stride_w: Int32(strideW),
      dilation_h: Int32(dilationH), dilation_w: Int32(dilationW),
      padding_top: Int32(padding.top), padding_left: Int32(padding.left), zero_point: zeroPoint)
  }

  /// A filter row's bytes rounded up to whole groups of 4: the direct
  /// form's depth per filter row (the bytes past a row meet zero weights).
  var directRowBytes: Int { (filterW * inputDepth + 3) / 4 * 4 }

  /// The int8 filter with each row's weights followed by zeros up to
  /// `directRowBytes`, for packing a direct form (at prepare; allocates).
  func directFilter(_ filter: UnsafeBufferPointer<Int8>) -> [Int8] {
    let row = filterW * inputDepth
    var out = [Int8](repeating: 0, count: outputDepth * filterH * directRowBytes)
    for r in 0..<outputDepth * filterH {
      for i in 0..<row { out[r * directRowBytes + i] = filter[r * row + i] }
    }
    return out
  }
}
