// GMLKernels/MeanInt8+Fast.swift — int8 Mean with the channels kept innermost: sums over contiguous channel runs, bit-exact with the reference. Must not allocate.

import CGMLMicrokernels

extension MeanInt8 {
  /// A C Mean microkernel (`gml_dwconv_elementwise.h`): a run of kept
  /// channels summed over positions one stride apart, 16 channels a step.
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_qs8_mean_` prefix, e.g. `avx2`.
    public let name: StaticString
    /// What the CPU needs to run it.
    public let isa: ISATier
    let kernel: gml_qs8_mean_fn

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }
  }

  #if arch(x86_64)
    /// AVX2: int32 sums of 16 channels, gemmlowp's requantization on 8 lanes.
    public static let microkernelAvx2 = Microkernel(
      name: "avx2", isa: .avx2, kernel: gml_qs8_mean_avx2)
  #elseif arch(arm64)
    /// NEON: int16 sums flushed to int32, `vqrdmulh` requantization
    /// (MobileNetV2's 3×3×1280 mean: 148 K → 6 K instructions).
    public static let microkernelNeon = Microkernel(
      name: "neon", isa: .neon, kernel: gml_qs8_mean_neon)
  #endif

  /// Channels summed per step of `fast`: one stack buffer of int32 sums.
  static let fastChunk = 64

  /// Whether `fast` applies: a MEAN, the innermost dimension kept (as for
  /// a global average pool over H and W of NHWC) and something to average.
  public var hasFastKernel: Bool {
    geometry.function == .mean && keptStrides.last == 1 && !reducedDims.isEmpty
      && geometry.reducedCount > 0
  }

  /// The mean as `reference` computes it, with the loops turned around:
  /// for each run of up to `fastChunk` channels, the int32 (wrapping)
  /// sums are accumulated over the reduced positions one contiguous run at
  /// a time (a loop the compiler vectorises), then requantized. The same
  /// bytes as `reference` (the sums wrap identically in any order).
  ///
  /// With `microkernel`, one call per run of kept channels when the
  /// reduced positions are one arithmetic progression.
  ///
  /// - Parameters:
  ///   - input: the input values.
  ///   - output: `outputShape` int8 values.
  ///   - microkernel: a supported C kernel (`FastKernelSet.mean`), or nil
  ///     for the Swift loops.
  public func fast(
    input: UnsafeBufferPointer<Int8>, output: UnsafeMutableBufferPointer<Int8>,
    microkernel: Microkernel? = nil
  ) {
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
    if let k = microkernel, step != 0 {
      for first in stride(from: 0, to: output.count, by: inner) {
        let base = Strides.offset(of: first, dims: keptDims, strides: keptStrides)
        k.kernel(
          inner, x + base, count, step, Int32(truncatingIfNeeded: zeroSum),
          multiplier.multiplier, multiplier.shift, outputZeroPoint, y + first)
      }
      return
    }
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
