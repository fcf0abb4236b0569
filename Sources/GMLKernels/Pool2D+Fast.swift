// GMLKernels/Pool2D+Fast.swift — MaxPool2D and AveragePool2D (float) with the channels as the inner, vectorized loop: the reference's values bit for bit. Must not allocate.

extension Pool2D {
  /// `maxReference`'s values, bit for bit: each window's in-bounds
  /// elements in the same order, every channel at once.
  /// - Parameters: as `maxReference`.
  public func maxFast(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    windows(input: input, output: output, isMax: true)
  }

  /// `averageReference`'s values, bit for bit: each window's in-bounds
  /// elements summed in the same order, every channel at once, then
  /// divided by their count.
  /// - Parameters: as `averageReference`.
  public func averageFast(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>
  ) {
    windows(input: input, output: output, isMax: false)
  }

  @inline(__always)
  private func windows(
    input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>, isMax: Bool
  ) {
    assert(output.count == batches * outputH * outputW * depth, "Pool2D: output size")
    guard let x = input.baseAddress, let y = output.baseAddress else { return }
    for b in 0..<batches {
      for oy in 0..<outputH {
        let originY = oy * strideH - padding.top
        let yStart = max(originY, 0)
        let yEnd = max(min(originY + filterH, inputH), yStart)
        for ox in 0..<outputW {
          let originX = ox * strideW - padding.left
          let xStart = max(originX, 0)
          let xEnd = max(min(originX + filterW, inputW), xStart)
          let out = y + ((b * outputH + oy) * outputW + ox) * depth
          out.update(repeating: isMax ? -Float.greatestFiniteMagnitude : 0, count: depth)
          for iy in yStart..<yEnd {
            for ix in xStart..<xEnd {
              let pixel = x + ((b * inputH + iy) * inputW + ix) * depth
              if isMax {
                for c in 0..<depth { out[c] = max(out[c], pixel[c]) }
              } else {
                for c in 0..<depth { out[c] += pixel[c] }
              }
            }
          }
          if !isMax {
            let count = (yEnd - yStart) * (xEnd - xStart)
            for c in 0..<depth { out[c] = count > 0 ? out[c] / Float(count) : 0 }
          }
        }
      }
    }
    activation.applyFast(to: output)
  }
}
