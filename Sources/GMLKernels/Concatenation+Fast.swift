// GMLKernels/Concatenation+Fast.swift — Concatenation (float, and ConcatenationInt8's plain copies) by whole slabs: the reference's values. Must not allocate.

extension Concatenation {
  /// `reference`'s values: each of the `outer` slabs of input `index`
  /// copied at once. Call it for every input, then `finish(output:)`.
  ///
  /// - Parameters: as `reference`.
  public func fast(
    input: UnsafeBufferPointer<Float>, index: Int, output: UnsafeMutableBufferPointer<Float>
  ) {
    copySlabs(input, index: index, output)
  }

  /// Copies each slab of input `index` to its place in `output`.
  func copySlabs<T>(
    _ input: UnsafeBufferPointer<T>, index: Int, _ output: UnsafeMutableBufferPointer<T>
  ) {
    let slab = axisSizes[index] * inner
    let outputSlab = outputAxisSize * inner
    let start = axisOffsets[index] * inner
    assert(input.count == outer * slab, "Concatenation: input size")
    guard slab > 0, let x = input.baseAddress, let y = output.baseAddress else { return }
    for o in 0..<outer { (y + o * outputSlab + start).update(from: x + o * slab, count: slab) }
  }
}

extension ConcatenationInt8 {
  /// `reference`'s values: a plain copy of whole slabs when input `index`
  /// keeps the output's quantization and the range clamps nothing (the
  /// usual case), else the reference's rescaling.
  ///
  /// - Parameters: as `reference`.
  public func fast(
    input: UnsafeBufferPointer<Int8>, index: Int, output: UnsafeMutableBufferPointer<Int8>
  ) {
    guard !rescaled[index] && range == .full else {
      reference(input: input, index: index, output: output)
      return
    }
    geometry.copySlabs(input, index: index, output)
  }
}
