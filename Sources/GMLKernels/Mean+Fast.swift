// GMLKernels/Mean+Fast.swift — MEAN/SUM/REDUCE_MAX (float) over one run of adjacent axes with the kept inner axes as the vectorized loop: the reference's values bit for bit. Must not allocate.

extension Mean {
  /// The input as `[outer, reduced, inner]` when the reduced axes (those
  /// of more than one element) are adjacent; else nil.
  var fastLayout: (outer: Int, reduced: Int, inner: Int)? {
    var outer = 1
    var reduced = 1
    var inner = 1
    var phase = 0  // 0: before the reduced run, 1: in it, 2: after it
    for (d, size) in inputDims.enumerated() where size != 1 {
      let isReduced = outputStrides[d] == 0
      if isReduced {
        if phase == 2 { return nil }
        phase = 1
        reduced *= size
      } else if phase == 0 {
        outer *= size
      } else {
        phase = 2
        inner *= size
      }
    }
    return (outer, reduced, inner)
  }

  /// Whether `fast` runs this reduction: the global average pool's
  /// `[1, H, W, C]` over H and W, and every other whose reduced axes are
  /// adjacent.
  public var hasFastKernel: Bool { fastLayout != nil }

  /// `reference`'s values, bit for bit: each output's elements combined in
  /// the same order (along the reduced run), the kept inner axes as the
  /// inner loop.
  ///
  /// - Parameters: as `reference`.
  public func fast(input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
    guard let (outer, reduced, inner) = fastLayout, let x = input.baseAddress,
      let y = output.baseAddress
    else { return }
    let initial: Float = function == .max ? -.greatestFiniteMagnitude : 0
    output.update(repeating: initial)
    for o in 0..<outer {
      let out = y + o * inner
      let block = x + o * reduced * inner
      for r in 0..<reduced {
        let row = block + r * inner
        if function == .max {
          for j in 0..<inner { out[j] = row[j] > out[j] ? row[j] : out[j] }
        } else {
          for j in 0..<inner { out[j] += row[j] }
        }
      }
    }
    guard function == .mean else { return }
    let scale = Float(reducedCount)
    for o in output.indices { output[o] /= scale }
  }
}
