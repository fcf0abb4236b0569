// GMLKernels/ResizeInt8+Reference.swift — portable int8 RESIZE_BILINEAR: coordinates in 1/1024 pixel, exact 64-bit sums. Must not allocate.

extension Resize {
  /// The input-per-output scale of one axis in 1/1024 units, rounded, as
  /// TFLite's `ResizeBilinearInteger`.
  func scale1024(input: Int, output: Int) -> Int {
    alignCorners && output > 1
      ? ((input - 1) << 10 + (output - 1) / 2) / (output - 1) : (input << 10 + output / 2) / output
  }

  /// The coordinate (1/1024 pixel) of output index `o` and the input
  /// indices below and above it, as `ComputeInterpolationValuesInteger`:
  /// divisions truncate toward zero.
  func bilinear1024(_ o: Int, input: Int, scale: Int) -> (Int, Int, Int) {
    let x = halfPixelCenters ? o * scale + scale / 2 - 512 : o * scale
    return (x, max(x / 1024, 0), min((x + 1023) / 1024, input - 1))
  }

  /// Bilinear (int8): each output the four weighted input values summed in
  /// 1/2^20 units (exact in Int32), then rounded half away from zero to an
  /// integer (the default double-rounding build's rule). Input and output share their
  /// quantization parameters.
  ///
  /// - Parameters:
  ///   - input: `inputShape` elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/resize_bilinear.h`
  /// (`ResizeBilinearInteger`).
  public func bilinearInt8Reference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    let (inH, inW, outH, outW) = (inputH, inputW, outputH, outputW)
    let (scaleY, scaleX) = (
      scale1024(input: inH, output: outH), scale1024(input: inW, output: outW)
    )
    var o = 0
    for b in 0..<batches {
      for y in 0..<outH {
        let (iy, y0, y1) = bilinear1024(y, input: inH, scale: scaleY)
        let (wy1, row0, row1) = (Int32(iy - 1024 * y0), (b * inH + y0) * inW, (b * inH + y1) * inW)
        let wy0 = 1024 - wy1
        for x in 0..<outW {
          let (ix, x0, x1) = bilinear1024(x, input: inW, scale: scaleX)
          let wx1 = Int32(ix - 1024 * x0)
          let wx0 = 1024 - wx1
          // Each weight is at most 1536² and each value 128 in magnitude,
          // so the sums fit Int32 (TFLite's Int64 gives the same numbers).
          let (w00, w10, w01, w11) = (wy0 * wx0, wy1 * wx0, wy0 * wx1, wy1 * wx1)
          let (p00, p10) = ((row0 + x0) * depth, (row1 + x0) * depth)
          let (p01, p11) = ((row0 + x1) * depth, (row1 + x1) * depth)
          for c in 0..<depth {
            let sum =
              Int32(input[p00 + c]) &* w00 &+ Int32(input[p10 + c]) &* w10
              &+ Int32(input[p01 + c]) &* w01 &+ Int32(input[p11 + c]) &* w11
            let rounded = (sum &+ (sum > 0 ? 1 << 19 : -(1 << 19))) / (1 << 20)
            output[o + c] = Int8(truncatingIfNeeded: rounded)
          }
          o += depth
        }
      }
    }
  }
}
