// GMLKernels/Resize+Reference.swift — portable resizes: nearest neighbour (float and int8, the same copies) and bilinear (float). Must not allocate.

extension Resize {
  /// Nearest neighbour: each output pixel is a copy of one input pixel.
  ///
  /// - Parameters:
  ///   - input: `inputShape` elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/resize_nearest_neighbor.h`.
  public func nearestReference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) { nearest(input, output) }

  /// `nearestReference` on int8 values (the same copies).
  public func nearestReference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) { nearest(input, output) }

  /// The copies of `nearestReference`, for each element type (one generic
  /// body, specialized where the typed entry points call it: a generic
  /// called across modules would run unspecialized, a tenth as fast).
  @inline(__always)
  private func nearest<Element>(
    _ input: UnsafeBufferPointer<Element>, _ output: UnsafeMutableBufferPointer<Element>
  ) {
    let (inH, inW, outH, outW) = (inputH, inputW, outputH, outputW)
    let (scaleY, scaleX) = (scale(input: inH, output: outH), scale(input: inW, output: outW))
    var o = 0
    for b in 0..<batches {
      for y in 0..<outH {
        let row = (b * inH + nearest(y, input: inH, scale: scaleY)) * inW
        for x in 0..<outW {
          let i = (row + nearest(x, input: inW, scale: scaleX)) * depth
          for c in 0..<depth { output[o + c] = input[i + c] }
          o += depth
        }
      }
    }
  }

  /// Bilinear (float): the four input pixels around each output pixel's
  /// coordinate, weighted by their distance from it.
  ///
  /// - Parameters:
  ///   - input: `inputShape` elements.
  ///   - output: `outputShape` elements.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/resize_bilinear.h`
  /// (`ResizeBilinear`, float; the same sums in the same order).
  public func bilinearReference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    let (inH, inW, outH, outW) = (inputH, inputW, outputH, outputW)
    let (scaleY, scaleX) = (scale(input: inH, output: outH), scale(input: inW, output: outW))
    var o = 0
    for b in 0..<batches {
      for y in 0..<outH {
        let (iy, y0, y1) = bilinear(y, input: inH, scale: scaleY)
        let (dy, row0, row1) = (iy - Float(y0), (b * inH + y0) * inW, (b * inH + y1) * inW)
        for x in 0..<outW {
          let (ix, x0, x1) = bilinear(x, input: inW, scale: scaleX)
          let dx = ix - Float(x0)
          let (p00, p10) = ((row0 + x0) * depth, (row1 + x0) * depth)
          let (p01, p11) = ((row0 + x1) * depth, (row1 + x1) * depth)
          for c in 0..<depth {
            let a = input[p00 + c] * (1 - dy) * (1 - dx) + input[p10 + c] * dy * (1 - dx)
            output[o + c] = a + input[p01 + c] * (1 - dy) * dx + input[p11 + c] * dy * dx
          }
          o += depth
        }
      }
    }
  }
}
