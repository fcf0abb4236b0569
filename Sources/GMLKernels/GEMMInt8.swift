// GMLKernels/GEMMInt8.swift — the int8 GEMM microkernels (C, CGMLMicrokernels) as tiles: what each is and needs.
import CGMLMicrokernels

/// The int8 matrix multiplication under the fast Conv2D and
/// FullyConnected: for rows `A[m]` (output pixels: the input itself, or an
/// im2col copy of each pixel's window) and packed weights `B[n]`,
/// `C[m][n] = clamp(requantize(Σ_k A[m][k]·B[n][k] + biasTerm[n]) + zeroPoint)`,
/// where `biasTerm[n] = bias[n] + inputOffset·Σ_k B[n][k]` is computed once,
/// when the weights are packed (`GEMMInt8+Pack.swift`). Int32 sums wrap as
/// the reference kernels' do, so the result is theirs to the bit.
///
/// A `Tile` is one C microkernel (`Sources/CGMLMicrokernels`): it
/// multiplies up to `rows` rows of A by all the packed channels, a block
/// of them at a time, and requantizes in registers. Its `layout` says how
/// the weights are packed for it: `.c8` (8 channels, 8 int8 values of k
/// per step; any K), `.c8w16` (the same, widened to int16 at prepare),
/// `.c2x16` (16 channels, pairs of k as int16, no reduction across lanes:
/// faster for small K, up to `maxDepth`), `.c4x16`/`.c4x16U8` (16
/// channels, groups of 4 k: dot-product instructions) or `.c2x16Mlsl`
/// (16 channels, pairs of k: plain NEON). Which tiles a tier runs is
/// `FastKernelSet`'s table; `FastKernelSet.gemmTile` picks one by the
/// shape.
///
/// Measured on the AMD EPYC (Zen 3, AVX2) this was written on, kernel
/// alone, weights in cache: `3x8c8_avx2` 45–50 GMAC/s for K ≥ 144,
/// `6x16c2_avx2` 12 (K = 8) to 46 (K = 64) GMAC/s, `1x8c8_avx2` 38–52
/// GMAC/s for FullyConnected on one row; the exact requantization costs
/// about 15 instructions per 8 outputs (13 in the one-rounding form the
/// `6x16c2_avx2` tile uses, with constants packed for it: MobileNetV2
/// 96×96 at 1 thread 495 → 451 µs, minimum of interleaved runs, together
/// with the same form in the 3×3 depthwise tile), which bounds small-K
/// layers. On a Zen 4 (AVX-512 VNNI), clang -O2: `8x16c4_avx512vnni`
/// 147–156 GMAC/s for K ≥ 288 and 104–108 for K = 64 (`3x8c8_avx2` 49–78
/// there), `1x16c4_avx512vnni` 69–100 GMAC/s on one row.
public enum GEMMInt8 {
  /// How a tile's weights are packed (`gml_microkernels.h`).
  public enum Layout: Int32, Sendable {
    /// Blocks of 8 channels; per group of 8 k, 8 int8 values per channel.
    case c8 = 0
    /// Blocks of 16 channels; per pair of k, 2 int16 values per channel.
    case c2x16 = 1
    /// As `.c8`, the values already widened to int16 (twice the bytes).
    case c8w16 = 2
    /// Blocks of 16 channels; per group of 4 k, 4 int8 values per channel
    /// (dot-product instructions: `SDOT`).
    case c4x16 = 3
    /// As `.c4x16`, for tiles that read A as unsigned `a + 128` (x86
    /// `vpdpbusd`): the bias terms take back `128·Σ_k w[n][k]`.
    case c4x16U8 = 4
    /// Blocks of 16 channels; per group of 4 k and half of 8 channels,
    /// each channel's first 2 k, then its last 2 k, complemented when the
    /// layer has a weight −128 (the plain NEON tiles' `vmlsl_s8`, exact
    /// for every int8; else `vmlal_s8`).
    case c2x16Mlsl = 5

    /// The channels of one packed block (NR).
    public var channels: Int {
      switch self {
      case .c8, .c8w16: return 8
      case .c2x16, .c4x16, .c4x16U8, .c2x16Mlsl: return 16
      }
    }
  }

  /// The C signature every microkernel has (`gml_qs8_gemm_fn`).
  public typealias Kernel =
    @convention(c) (
      Int, Int, Int, UnsafePointer<Int8>?, Int, UnsafeRawPointer?, UnsafeMutablePointer<Int8>?,
      Int, UnsafePointer<gml_qs8_params>?
    ) -> Void

  /// One microkernel: `rows` rows of A (MR) by a block of channels per step.
  public struct Tile: @unchecked Sendable {
    /// The C name without its `gml_qs8_gemm_` prefix, e.g. `3x8c8_avx2`.
    public let name: StaticString
    /// MR: the most rows of A one call multiplies.
    public let rows: Int
    /// How the weights are packed for it.
    public let layout: Layout
    /// The largest K (padded to 8) it takes.
    public let maxDepth: Int
    /// The smallest K (padded to 8) it is chosen for: below it, another
    /// tile of its set does as well (it still computes any K).
    public let minDepth: Int
    /// The tier whose instructions it needs.
    public let isa: ISATier
    let kernel: Kernel
    /// Its direct Conv2D form (`gml_conv.h`), which reads windows in
    /// place instead of gathered rows, or nil.
    let direct: gml_qs8_conv_fn?
    /// The most output pixels one call of `direct` takes: `rows`, or
    /// more for a tile that loops over groups of `rows` itself (its
    /// per-call setup and per-block checks then shared by more pixels).
    let directRows: Int
    /// Its direct form for a padded copy whose bytes are flipped to
    /// `a + 128` (`gml_qs8_conv_pad` with 0x80: the u8×s8 tiles then skip
    /// the flip per load), or nil.
    let directU8: gml_qs8_conv_fn?

    init(
      _ name: StaticString, rows: Int, layout: Layout = .c8, minDepth: Int = 0,
      maxDepth: Int = Int.max, isa: ISATier, kernel: Kernel, direct: gml_qs8_conv_fn? = nil,
      directRows: Int? = nil, directU8: gml_qs8_conv_fn? = nil
    ) {
      self.name = name
      self.rows = rows
      self.directRows = directRows ?? rows
      self.directU8 = directU8
      self.layout = layout
      self.maxDepth = maxDepth
      self.minDepth = minDepth
      self.isa = isa
      self.kernel = kernel
      self.direct = direct
    }

    /// Whether it has a direct Conv2D form.
    public var hasDirectConv: Bool { direct != nil }

    /// Whether this CPU runs it.
    public var isSupported: Bool { isa.isSupported }

    /// Whether it takes a GEMM of depth K.
    /// - Parameter depth: K.
    public func accepts(depth: Int) -> Bool { GEMMInt8.packedDepth(depth) <= maxDepth }
  }

  /// Portable C, 2 rows.
  public static let tile2x8 = Tile(
    "2x8c8_scalar", rows: 2, isa: .portable, kernel: gml_qs8_gemm_2x8c8_scalar)
  #if arch(x86_64)
    /// AVX2, 3 rows: 12 `vpmaddwd` accumulators, weights widened to int16
    /// at prepare (read as memory operands, so no accumulator spills).
    public static let tile3x8Avx2 = Tile(
      "3x8c8_avx2", rows: 3, layout: .c8w16, isa: .avx2, kernel: gml_qs8_gemm_3x8c8_avx2)
    /// AVX2, 1 row: the matrix-vector case.
    public static let tile1x8Avx2 = Tile(
      "1x8c8_avx2", rows: 1, isa: .avx2, kernel: gml_qs8_gemm_1x8c8_avx2)
    /// AVX2, 6 rows × 16 channels for K up to 64: broadcast pairs of k.
    public static let tile6x16Avx2 = Tile(
      "6x16c2_avx2", rows: 6, layout: .c2x16, maxDepth: Int(GML_QS8_C2X16_MAX_K), isa: .avx2,
      kernel: gml_qs8_gemm_6x16c2_avx2)
    /// AVX-512 VNNI (256-bit), 8 rows × 16 channels: `vpdpbusd` on A + 128;
    /// convolutions read their windows in place (`conv_8x16c4_avx512vnni`),
    /// or a padded copy made with the bytes + 128 (`_u8`).
    public static let tile8x16Avx512Vnni = Tile(
      "8x16c4_avx512vnni", rows: 8, layout: .c4x16U8, isa: .avx512VNNI,
      kernel: gml_qs8_gemm_8x16c4_avx512vnni, direct: gml_qs8_conv_8x16c4_avx512vnni,
      directU8: gml_qs8_conv_8x16c4_avx512vnni_u8)
    /// AVX-512 VNNI (256-bit), 1 row: four blocks of 16 channels per pass.
    public static let tile1x16Avx512Vnni = Tile(
      "1x16c4_avx512vnni", rows: 1, layout: .c4x16U8, isa: .avx512VNNI,
      kernel: gml_qs8_gemm_1x16c4_avx512vnni)
  #endif
  #if arch(arm64)
    /// NEON, 4 rows × 16 channels: a broadcast pair of k per int16 lane,
    /// two products per lane (`vmull_s8`, `vmlsl_s8` of the complemented
    /// weight, exact for any int8) before `vpadal`; no reduction across
    /// lanes; convolutions read their windows in place
    /// (`conv_4x16c2_neonmlsl`). A call takes 16 rows, four tiles per
    /// block, and a direct convolution's call 64 pixels (as do the
    /// dot-product and I8MM tiles below).
    public static let tile4x16Neon = Tile(
      "4x16c2_neonmlsl", rows: 16, layout: .c2x16Mlsl, isa: .neon,
      kernel: gml_qs8_gemm_4x16c2_neonmlsl, direct: gml_qs8_conv_4x16c2_neonmlsl,
      directRows: Int(GML_QS8_CONV_MAX_PIXELS))
    /// NEON, 1 row: the matrix-vector case, four blocks per pass.
    public static let tile1x16Neon = Tile(
      "1x16c2_neonmlsl", rows: 1, layout: .c2x16Mlsl, isa: .neon,
      kernel: gml_qs8_gemm_1x16c2_neonmlsl)
    /// NEON dot product (`SDOT`), 4 rows × 16 channels; convolutions
    /// read their windows in place (`conv_4x16c4_neondot`).
    public static let tile4x16NeonDot = Tile(
      "4x16c4_neondot", rows: 16, layout: .c4x16, isa: .neonDot,
      kernel: gml_qs8_gemm_4x16c4_neondot, direct: gml_qs8_conv_4x16c4_neondot,
      directRows: Int(GML_QS8_CONV_MAX_PIXELS))
    /// NEON dot product, 1 row × 16 channels (also I8MM CPUs' one-row tile).
    public static let tile1x16NeonDot = Tile(
      "1x16c4_neondot", rows: 1, layout: .c4x16, isa: .neonDot,
      kernel: gml_qs8_gemm_1x16c4_neondot)
    /// I8MM (`SMMLA`: 2 rows × 2 channels × 8 k), 4 rows × two `.c8`
    /// blocks; below 32 k the dot-product tile does as well
    /// (`minDepth`); convolutions read their windows in place
    /// (`conv_4x16c8_neoni8mm`).
    public static let tile4x16NeonI8MM = Tile(
      "4x16c8_neoni8mm", rows: 16, minDepth: 32, isa: .neonI8MM,
      kernel: gml_qs8_gemm_4x16c8_neoni8mm, direct: gml_qs8_conv_4x16c8_neoni8mm,
      directRows: Int(GML_QS8_CONV_MAX_PIXELS))
  #endif

  /// Every tile this build has, from every tier of `FastKernelSet`'s
  /// table, best tier first (tests and benchmarks iterate it).
  public static var tiles: [Tile] {
    var all: [Tile] = []
    for set in FastKernelSet.every {
      for tile in set.gemm where !all.contains(where: { $0.name.utf8Start == tile.name.utf8Start })
      {
        all.append(tile)
      }
    }
    return all
  }

  /// Whether this build is for an architecture with SIMD tiles (x86-64 or
  /// AArch64). A constant the compiler folds: in builds for any other (a
  /// Cortex-M) code that only pays with SIMD, as packing weights for the
  /// GEMM tiles, can test it and be left out.
  public static var isSIMDArchitecture: Bool {
    #if arch(x86_64) || arch(arm64)
      return true
    #else
      return false
    #endif
  }
}

extension GEMMInt8.Tile {
  /// Multiplies `rows` (1...`self.rows`) rows of A, `aStride` bytes apart,
  /// by all `channels` packed channels and stores int8 rows `cStride`
  /// bytes apart. Each row of A must have `GEMMInt8.packedDepth(depth)`
  /// readable bytes.
  @inline(__always)
  func run(
    rows: Int, channels: Int, packedDepth: Int, a: UnsafePointer<Int8>, aStride: Int,
    packed: UnsafeRawPointer, c: UnsafeMutablePointer<Int8>, cStride: Int,
    params: UnsafePointer<gml_qs8_params>
  ) {
    assert(rows >= 1 && rows <= self.rows, "GEMMInt8.Tile.run: rows out of range")
    kernel(rows, channels, packedDepth, a, aStride, packed, c, cStride, params)
  }
}
