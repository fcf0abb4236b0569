// GMLKernels/Pad+Fast.swift — Pad (float, and PadInt8's) by runs of the innermost dimension: the reference's values. Must not allocate.

extension Pad {
  /// `reference`'s values: the output filled with `value`, then each run
  /// of the input's innermost dimension copied to its place at once, with
  /// no index arithmetic per element.
  ///
  /// - Parameters: as `reference`.
  public func fast(input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
    place(input, output, fill: value)
  }

  /// Fills `output` with `fill` and copies `input` into it, shifted by
  /// the padding before each dimension.
  func place<T>(_ input: UnsafeBufferPointer<T>, _ output: UnsafeMutableBufferPointer<T>, fill: T) {
    guard let x = input.baseAddress, let y = output.baseAddress else { return }
    y.update(repeating: fill, count: output.count)
    guard !inputDims.isEmpty else {
      if input.count == 1 { y[origin] = x[0] }
      return
    }
    guard !inputDims.contains(0) else { return }
    var read = 0
    copyRuns(x, y, dimension: 0, read: &read, at: origin)
  }

  /// Copies the input under `dimension` (from input element `read` on,
  /// advanced past it) to output element `at` on: the innermost
  /// dimension, whose output stride is 1, as one run.
  private func copyRuns<T>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, dimension d: Int, read: inout Int,
    at: Int
  ) {
    let extent = inputDims[d]
    if d == inputDims.count - 1 {
      (y + at).update(from: x + read, count: extent)
      read += extent
      return
    }
    for k in 0..<extent {
      copyRuns(x, y, dimension: d + 1, read: &read, at: at + k * outputStrides[d])
    }
  }
}

extension PadInt8 {
  /// `reference`'s values, as `Pad.fast` copies them.
  ///
  /// - Parameters: as `reference`.
  public func fast(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
    geometry.place(input, output, fill: value)
  }
}
