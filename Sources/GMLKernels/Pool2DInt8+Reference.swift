// GMLKernels/Pool2DInt8+Reference.swift — portable int8 MaxPool2D and AveragePool2D. Must not allocate.

extension Pool2DInt8 {
  /// The maximum over each window's in-bounds values (padding is never
  /// the maximum), clamped to `range`.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·depth` int8 values, NHWC.
  ///   - output: `outputShape` int8 values, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/pooling.h` (`MaxPool`)
  public func maxReference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    pool(input: input, output: output) { maximum, _, _ in Int32(maximum) }
  }

  /// The mean over each window's in-bounds values: the int64 sum divided
  /// by the count with ties away from zero (`(sum ± count / 2) / count`,
  /// truncating), clamped to `range`. With SAME padding a corner window
  /// divides by the values it covers. A window with no values leaves 0
  /// (TFLite fails the op; only explicit padding wider than the window
  /// makes one).
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·depth` int8 values, NHWC.
  ///   - output: `outputShape` int8 values, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/integer_ops/pooling.h` (`AveragePool`)
  public func averageReference(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>
  ) {
    pool(input: input, output: output) { _, sum, count in
      if count == 0 { return 0 }
      let half = Int64(count / 2)
      let mean = sum > 0 ? (sum + half) / Int64(count) : (sum - half) / Int64(count)
      return Int32(clamping: mean)
    }
  }

  /// Walks every window once, computing its maximum, sum and count;
  /// `pick` turns them into the value that is clamped and stored.
  @inline(__always)
  private func pool(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
    pick: (_ maximum: Int8, _ sum: Int64, _ count: Int) -> Int32
  ) {
    let g = geometry
    assert(output.count == g.batches * g.outputH * g.outputW * g.depth, "Pool2DInt8: output")
    for b in 0..<g.batches {
      for oy in 0..<g.outputH {
        let originY = oy * g.strideH - g.padding.top
        let yStart = max(originY, 0)
        let yEnd = max(min(originY + g.filterH, g.inputH), yStart)
        for ox in 0..<g.outputW {
          let originX = ox * g.strideW - g.padding.left
          let xStart = max(originX, 0)
          let xEnd = max(min(originX + g.filterW, g.inputW), xStart)
          let count = (yEnd - yStart) * (xEnd - xStart)
          for c in 0..<g.depth {
            var maximum = Int8.min
            var sum: Int64 = 0
            for iy in yStart..<yEnd {
              for ix in xStart..<xEnd {
                let x = input[((b * g.inputH + iy) * g.inputW + ix) * g.depth + c]
                maximum = max(maximum, x)
                sum += Int64(x)
              }
            }
            output[((b * g.outputH + oy) * g.outputW + ox) * g.depth + c] =
              range.clamp(pick(maximum, sum, count))
          }
        }
      }
    }
  }
}
