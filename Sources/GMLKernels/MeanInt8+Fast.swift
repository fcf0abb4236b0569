// GMLKernels/MeanInt8+Fast.swift — int8 Mean with the channels kept innermost: sums over contiguous channel runs, bit-exact with the reference. Must not allocate.

import CGMLMicrokernels

extension MeanInt8 {
  /// Channels summed per step of `fast`: one stack buffer of int32 sums.
  static let fastChunk = 64

  /// Whether `fast` applies: the innermost dimension is kept (as for a
  /// global average pool over H and W of NHWC) and there is something to
  /// average.
  public var hasFastKernel: Bool {
    keptStrides.last == 1 && !reducedDims.isEmpty && geometry.reducedCount > 0
  }

  /// The mean as `reference` computes it, with the loops turned around:
  /// for each run of up to `fastChunk` channels, the int32 (wrapping)
  /// sums are accumulated over the reduced positions one contiguous run at
  /// a time (a loop the compiler vectorises), then requantized. The same
  /// bytes as `reference` (the sums wrap identically in any order).
  ///
  /// - Parameters:
  ///   - input: the input values.
  ///   - output: `outputShape` int8 values.
  public func fast(input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>) {
    assert(hasFastKernel, "MeanInt8.fast: no fast kernel for these axes")
    guard let x = input.baseAddress, let y = output.baseAddress, let inner = keptDims.last,
      inner > 0
    else { return }
    let count = geometry.reducedCount
    let zeroSum = Int64(inputZeroPoint) * Int64(count)
    // The reduced positions are often one arithmetic progression (H and W
    // of NHWC): then position r is at r·step, with no division.
    var step = reducedStrides[reducedStrides.count - 1]
    for d in 0..<(reducedDims.count - 1)
    where reducedStrides[d] != reducedStrides[d + 1] * reducedDims[d + 1] {
      step = 0
    }
    #if arch(arm64)
      // NEON: 16 channels a step (`gml_qs8_mean_neon`), one call per run
      // of kept channels; MobileNetV2's 3×3×1280 mean: 148 K → 6 K
      // instructions.
      if step != 0 {
        for first in stride(from: 0, to: output.count, by: inner) {
          let base = Strides.offset(of: first, dims: keptDims, strides: keptStrides)
          gml_qs8_mean_neon(
            inner, x + base, count, step, Int32(truncatingIfNeeded: zeroSum),
            multiplier.multiplier, multiplier.shift, outputZeroPoint, y + first)
        }
        return
      }
    #endif
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.fastChunk) { sums in
      guard let acc = sums.baseAddress else { return }
      for first in stride(from: 0, to: output.count, by: inner) {
        let base = Strides.offset(of: first, dims: keptDims, strides: keptStrides)
        for c0 in stride(from: 0, to: inner, by: Self.fastChunk) {
          let n = min(Self.fastChunk, inner - c0)
          for j in 0..<n { acc[j] = 0 }
          for r in 0..<count {
            let offset =
              step != 0
              ? r * step
              : Strides.offset(of: r, dims: reducedDims, strides: reducedStrides)
            let run = x + base + offset + c0
            for j in 0..<n { acc[j] &+= Int32(run[j]) }
          }
          for j in 0..<n {
            let shifted = Int32(truncatingIfNeeded: Int64(acc[j]) - zeroSum)
            let q = multiplier.apply(shifted) &+ outputZeroPoint
            y[first + c0 + j] = Int8(truncatingIfNeeded: min(max(q, -128), 127))
          }
        }
      }
    }
  }
}
