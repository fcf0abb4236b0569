// GMLKernels/BatchMatMulInt8+Fast.swift — int8 BATCH_MATMUL on a C microkernel: each product's operands packed as int16 rows minus their zero points. Must not allocate.
import CGMLMicrokernels

extension BatchMatMulInt8 {
  /// A C BATCH_MATMUL microkernel (`gml_matmul.h`).
  public struct Microkernel: @unchecked Sendable {
    /// The C name without its `gml_qs8_bmm` prefix: `portable`, `pairs_avx2`.
    public let name: StaticString
    /// What the CPU needs to run it.
    public let isa: ISATier
    let kernel: gml_qs8_bmm_fn
    /// Whether it takes B in column pairs (`gml_qs8_bmm_pairs_avx2`: k
    /// padded to even, `B[2p + r][j]` at `(p · n + j) · 2 + r`) rather
    /// than transposed.
    let pairs: Bool

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }
  }

  /// Portable C; the compiler vectorises it where the target has SIMD (NEON).
  public static let microkernelPortable = Microkernel(
    name: "portable", isa: .portable, kernel: gml_qs8_bmm, pairs: false)
  #if arch(x86_64)
    /// AVX2 on B's column pairs: eight output columns per vpmaddwd and
    /// one vector requantization for the eight.
    public static let microkernelAvx2 = Microkernel(
      name: "pairs_avx2", isa: .avx2, kernel: gml_qs8_bmm_pairs_avx2, pairs: true)
  #endif

  /// Scratch bytes `fast` needs: one product's A rows and B columns as int16.
  public var fastScratchByteCount: Int {
    (geometry.rows + geometry.columns) * ((geometry.depth + 1) & ~1) * 2
  }

  /// The reference's bytes: for each product, A's rows and B's columns
  /// (whatever the adjoint flags) are copied into `scratch` as int16 values
  /// minus their zero points, contiguous along the summed axis (or, for a
  /// `pairs` microkernel, B in column pairs), and the
  /// microkernel takes their dot products (exact in `Int32`: at most 2^15
  /// products of at most 255² each) and requantizes them as the reference.
  /// An operand shared by consecutive products (a broadcast batch axis) is
  /// packed once.
  ///
  /// - Parameters:
  ///   - lhs: A's elements.
  ///   - rhs: B's elements.
  ///   - output: `geometry.outputShape` elements (not A's or B's memory).
  ///   - scratch: at least `fastScratchByteCount` bytes, 2-byte aligned.
  ///   - microkernel: a supported microkernel (`FastKernelSet.batchMatMul`).
  public func fast(
    lhs: UnsafeBufferPointer<Int8>, rhs: UnsafeBufferPointer<Int8>,
    output: UnsafeMutableBufferPointer<Int8>, scratch: UnsafeMutableRawBufferPointer,
    microkernel: Microkernel
  ) {
    let g = geometry
    let (m, n, k) = (g.rows, g.columns, g.depth)
    assert(output.count == g.batchCount * m * n, "BatchMatMulInt8.fast: output size")
    assert(scratch.count >= fastScratchByteCount, "BatchMatMulInt8.fast: scratch too small")
    guard m > 0, n > 0, let out = output.baseAddress, let base = scratch.baseAddress else {
      return
    }
    if k == 0 { return reference(lhs: lhs, rhs: rhs, output: output) }
    // The pairs layout pads k to even with a zero in A's rows and B.
    let kp = microkernel.pairs ? (k + 1) & ~1 : k
    let a = base.bindMemory(to: Int16.self, capacity: (m + n) * kp)
    let bt = a + m * kp
    let (za, zb) = (Int16(lhsZeroPoint), Int16(rhsZeroPoint))
    var (packedA, packedB) = (-1, -1)
    for b in 0..<g.batchCount {
      let (a0, b0) = (g.lhsStart(b), g.rhsStart(b))
      if a0 != packedA {
        for i in 0..<m {
          for t in 0..<k {
            a[i * kp + t] = Int16(lhs[a0 + i * g.lhsRowStride + t * g.lhsDepthStride]) - za
          }
          if kp > k { a[i * kp + k] = 0 }
        }
        packedA = a0
      }
      if b0 != packedB {
        for j in 0..<n {
          for t in 0..<kp {
            let v = t < k ? Int16(rhs[b0 + t * g.rhsDepthStride + j * g.rhsColumnStride]) - zb : 0
            bt[microkernel.pairs ? ((t >> 1) * n + j) * 2 + (t & 1) : j * k + t] = v
          }
        }
        packedB = b0
      }
      microkernel.kernel(
        m, n, kp, a, bt, outputMultiplier.multiplier, outputMultiplier.shift, outputZeroPoint,
        out + b * m * n)
    }
  }
}
