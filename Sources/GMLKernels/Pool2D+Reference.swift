// GMLKernels/Pool2D+Reference.swift — portable MaxPool2D and AveragePool2D (float). Must not allocate.

extension Pool2D {
  /// The maximum over each window's in-bounds elements (padding is never
  /// the maximum), through the fused activation.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·depth` elements, NHWC.
  ///   - output: `outputShape` elements, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/pooling.h` (`MaxPool`)
  public func maxReference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    pool(input: input, output: output) { maximum, _ in maximum }
  }

  /// The mean over each window's in-bounds elements: with SAME padding a
  /// corner window divides by the elements it covers, not the filter size.
  ///
  /// - Parameters:
  ///   - input: `batches·inputH·inputW·depth` elements, NHWC.
  ///   - output: `outputShape` elements, NHWC.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/pooling.h` (`AveragePool`)
  public func averageReference(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    pool(input: input, output: output) { _, mean in mean }
  }

  /// Walks every window once, computing its maximum and mean; `pick`
  /// chooses which one is stored.
  @inline(__always)
  private func pool(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
    pick: (_ maximum: Float, _ mean: Float) -> Float
  ) {
    assert(output.count == batches * outputH * outputW * depth, "Pool2D: output size")
    for b in 0..<batches {
      for oy in 0..<outputH {
        let originY = oy * strideH - padding.top
        let yStart = max(originY, 0)
        let yEnd = min(originY + filterH, inputH)
        for ox in 0..<outputW {
          let originX = ox * strideW - padding.left
          let xStart = max(originX, 0)
          let xEnd = min(originX + filterW, inputW)
          let count = max(yEnd - yStart, 0) * max(xEnd - xStart, 0)
          for c in 0..<depth {
            var maximum = -Float.greatestFiniteMagnitude
            var sum: Float = 0
            for iy in yStart..<max(yEnd, yStart) {
              for ix in xStart..<max(xEnd, xStart) {
                let x = input[((b * inputH + iy) * inputW + ix) * depth + c]
                maximum = max(maximum, x)
                sum += x
              }
            }
            let mean = count > 0 ? sum / Float(count) : 0
            output[((b * outputH + oy) * outputW + ox) * depth + c] =
              activation.apply(pick(maximum, mean))
          }
        }
      }
    }
  }
}
