// GMLKernels/FastKernelSet.swift — the one table of fast kernels: per ISA tier, its GEMM tiles, depthwise, elementwise, Mean, BATCH_MATMUL, LSTM, SOFTMAX and float GEMM, depthwise and hybrid microkernels.
/// The fast kernels one ISA tier runs, a list per family, best first. A
/// tier with no kernel of its own in a family runs the tier below's
/// (`ISATier.below`): `FastKernelSet.of(_:)` is the only table, so adding
/// a tier or a kernel is one entry there. Interpreters take the set of
/// the tier they select at `init`; tests and benchmarks iterate `every`.
/// A `GML_INT8_ONLY` build has no float32 or hybrid families.
public struct FastKernelSet: @unchecked Sendable {
  /// The tier the set is for.
  public let tier: ISATier
  /// GEMM tiles (Conv2D, FullyConnected), best first.
  public let gemm: [GEMMInt8.Tile]
  /// Depthwise microkernels, best first (the last takes any filter).
  public let depthwise: [DepthwiseConv2DInt8.Microkernel]
  /// The ADD/SUB/MUL microkernel.
  public let elementwise: ElementwiseInt8.Microkernel
  /// The Mean microkernel, or nil: `MeanInt8.fast`'s Swift loops.
  public let mean: MeanInt8.Microkernel?
  /// The BATCH_MATMUL microkernel.
  public let batchMatMul: BatchMatMulInt8.Microkernel
  /// The UNIDIRECTIONAL_SEQUENCE_LSTM step microkernel.
  public let sequenceLSTM: SequenceLSTMInt8.Microkernel
  /// The SOFTMAX microkernel, or nil: `SoftmaxInt8.fast`'s Swift loops.
  public private(set) var softmax: SoftmaxInt8.Microkernel? = nil
  #if !GML_INT8_ONLY
    /// The float32 matrix product under FullyConnected, or nil: the
    /// reference kernels.
    public private(set) var floatGEMM: FloatGEMM.Microkernel? = nil
    /// The float32 matrix product on packed weights under Conv2D, or nil:
    /// the reference kernels.
    public private(set) var floatPackedGEMM: FloatGEMM.PackedMicrokernel? = nil
    /// The hybrid kernels, best first (the last, portable, runs on any
    /// CPU).
    public private(set) var hybridGEMM: [HybridGEMM.Microkernel] = [
      HybridGEMM.microkernelPortable
    ]
    /// The float32 depthwise microkernels, best first (the last,
    /// portable, runs on any CPU).
    public private(set) var floatDepthwise: [FloatDepthwise.Microkernel] = [
      FloatDepthwise.microkernelPortable
    ]
  #endif

  /// The set of `tier` in this build: its own kernels, the tier below's
  /// for the families it has none of.
  /// - Parameter tier: any tier; one of another architecture gives the
  ///   portable set.
  /// - Returns: the set.
  public static func of(_ tier: ISATier) -> FastKernelSet {
    let portable = FastKernelSet(
      tier: .portable, gemm: [GEMMInt8.tile2x8],
      depthwise: [DepthwiseConv2DInt8.microkernelScalar],
      elementwise: ElementwiseInt8.microkernelScalar, mean: nil,
      batchMatMul: BatchMatMulInt8.microkernelPortable,
      sequenceLSTM: SequenceLSTMInt8.microkernelPortable)
    switch tier {
    case .portable:
      return portable
    #if arch(x86_64)
      case .avx2:
        var set = FastKernelSet(
          tier: tier, gemm: [GEMMInt8.tile3x8Avx2, GEMMInt8.tile6x16Avx2, GEMMInt8.tile1x8Avx2],
          depthwise: [DepthwiseConv2DInt8.microkernel3x3Avx2, DepthwiseConv2DInt8.microkernelAvx2],
          elementwise: ElementwiseInt8.microkernelAvx2, mean: MeanInt8.microkernelAvx2,
          batchMatMul: BatchMatMulInt8.microkernelAvx2,
          sequenceLSTM: SequenceLSTMInt8.microkernelAvx2, softmax: SoftmaxInt8.microkernelAvx2)
        #if !GML_INT8_ONLY
          set.floatGEMM = FloatGEMM.microkernelFMA
          set.floatPackedGEMM = FloatGEMM.packedMicrokernelFMA
          set.hybridGEMM = [HybridGEMM.microkernelAvx2, HybridGEMM.microkernelPortable]
          set.floatDepthwise = [FloatDepthwise.microkernelFMA, FloatDepthwise.microkernelPortable]
        #endif
        return set
      case .avx512VNNI:
        var set = of(.avx2).with(
          tier: tier, gemm: [GEMMInt8.tile8x16Avx512Vnni, GEMMInt8.tile1x16Avx512Vnni],
          depthwise: [
            DepthwiseConv2DInt8.microkernel3x3Avx512Vnni, DepthwiseConv2DInt8.microkernelAvx512Vnni,
          ],
          elementwise: ElementwiseInt8.microkernelAvx512Vnni)
        #if !GML_INT8_ONLY
          set.hybridGEMM = [
            HybridGEMM.microkernelAvx512Vnni, HybridGEMM.microkernelAvx2,
            HybridGEMM.microkernelPortable,
          ]
        #endif
        return set
    #endif
    #if arch(arm64)
      case .neon:
        return FastKernelSet(
          tier: tier, gemm: [GEMMInt8.tile4x16Neon, GEMMInt8.tile1x16Neon],
          depthwise: [DepthwiseConv2DInt8.microkernel3x3Neon, DepthwiseConv2DInt8.microkernelNeon],
          elementwise: ElementwiseInt8.microkernelNeon, mean: MeanInt8.microkernelNeon,
          batchMatMul: BatchMatMulInt8.microkernelPortable,
          sequenceLSTM: SequenceLSTMInt8.microkernelPortable)
      case .neonDot:
        return of(.neon).with(
          tier: tier, gemm: [GEMMInt8.tile4x16NeonDot, GEMMInt8.tile1x16NeonDot],
          depthwise: [
            DepthwiseConv2DInt8.microkernel3x3NeonDot, DepthwiseConv2DInt8.microkernelNeon,
          ])
      case .neonI8MM:
        return of(.neonDot).with(
          tier: tier,
          gemm: [GEMMInt8.tile4x16NeonI8MM, GEMMInt8.tile4x16NeonDot, GEMMInt8.tile1x16NeonDot])
    #endif
    case .dsp:
      #if arch(arm)
        return portable.with(
          tier: tier, elementwise: ElementwiseInt8.microkernelDSP,
          sequenceLSTM: SequenceLSTMInt8.microkernelDSP)
      #else
        // Elsewhere the set only sizes a microcontroller's arena: the
        // scalar kernel gives the same bytes without the DSP one's code.
        return portable.with(tier: tier)
      #endif
    default:
      return portable
    }
  }

  /// The set of the tier this process runs by default: the best this CPU
  /// runs that is on by default, under `GML_ISA` when it names a tier.
  public static var selected: FastKernelSet { of(.selected(cap: ISATier.environmentCap)) }

  /// The sets of this build's chain, best first.
  public static var every: [FastKernelSet] { ISATier.chain.map { of($0) } }

  /// This set under another tier's name, with that tier's own kernels
  /// replacing a family's (the others stay: the tier below's).
  func with(
    tier: ISATier, gemm: [GEMMInt8.Tile]? = nil,
    depthwise: [DepthwiseConv2DInt8.Microkernel]? = nil,
    elementwise: ElementwiseInt8.Microkernel? = nil,
    sequenceLSTM: SequenceLSTMInt8.Microkernel? = nil
  ) -> FastKernelSet {
    var set = FastKernelSet(
      tier: tier, gemm: gemm ?? self.gemm, depthwise: depthwise ?? self.depthwise,
      elementwise: elementwise ?? self.elementwise, mean: mean, batchMatMul: batchMatMul,
      sequenceLSTM: sequenceLSTM ?? self.sequenceLSTM, softmax: softmax)
    #if !GML_INT8_ONLY
      set.floatGEMM = floatGEMM
      set.floatPackedGEMM = floatPackedGEMM
      set.hybridGEMM = hybridGEMM
      set.floatDepthwise = floatDepthwise
    #endif
    return set
  }

  /// Whether the convolutions and FullyConnected repack their weights for
  /// this set's tiles: only with SIMD. A portable set keeps their
  /// reference kernels and a Cortex-M DSP set its own, both reading the
  /// weights in place.
  public var packsWeights: Bool {
    GEMMInt8.isSIMDArchitecture && tier != .portable && !readsWeightsInPlace
  }

  /// Whether the convolutions and FullyConnected run kernels that read
  /// their weights in place, from the model (flash on a microcontroller),
  /// with a little scratch: the Cortex-M DSP tier's (`Conv2DInt8.dsp`,
  /// `DepthwiseConv2DInt8.dsp`, `FullyConnectedInt8.dsp`). Its set exists on every build, so that
  /// a host can size a microcontroller's arena
  /// (`Interpreter.Options.Kernels.microcontroller`).
  public var readsWeightsInPlace: Bool { tier == .dsp }

  /// The tile to run a GEMM of `rows × depth` by `depth × channels` with:
  /// for one row the set's one-row tile; for small K (that a `.c2x16`
  /// tile takes) with channels that fill its 16-channel blocks at least
  /// 4/5 as well as 8-channel ones, that tile; else the tallest tile
  /// (the first of equals, skipping tiles below their `minDepth`). When
  /// no tile of the set takes K, the tier below's choice. Measured on
  /// AVX2: the `c2x16` tile is 1.3–1.4× faster for K ≤ 64, slower for N = 8.
  /// - Parameters:
  ///   - rows: M, the number of rows of A.
  ///   - depth: K.
  ///   - channels: N.
  /// - Returns: a tile of this set (or below) that accepts `depth`.
  public func gemmTile(rows: Int, depth: Int, channels: Int) -> GEMMInt8.Tile {
    let candidates = gemm.filter {
      $0.accepts(depth: depth) && GEMMInt8.packedDepth(depth) >= $0.minDepth
    }
    guard var best = candidates.first(where: { $0.layout != .c2x16 }) else {
      guard let below = tier.below else { return GEMMInt8.tile2x8 }
      return FastKernelSet.of(below).gemmTile(rows: rows, depth: depth, channels: channels)
    }
    for tile in candidates where tile.layout != .c2x16 {
      if rows == 1 ? tile.rows < best.rows : tile.rows > best.rows { best = tile }
    }
    let wide = (channels + 15) / 16 * 16
    let narrow = (channels + 7) / 8 * 8
    if rows > 1 && 4 * wide <= 5 * narrow,
      let small = candidates.first(where: { $0.layout == .c2x16 })
    {
      best = small
    }
    return best
  }

  /// The first depthwise microkernel of the set for `taps` taps.
  /// - Parameter taps: `filterH·filterW`.
  /// - Returns: one that handles `taps`.
  public func depthwise(taps: Int) -> DepthwiseConv2DInt8.Microkernel {
    depthwise.first { $0.handles(taps: taps) } ?? DepthwiseConv2DInt8.microkernelScalar
  }

  #if !GML_INT8_ONLY
    /// The first hybrid microkernel of the set this CPU runs.
    public var supportedHybridGEMM: HybridGEMM.Microkernel {
      hybridGEMM.first { $0.isSupported } ?? HybridGEMM.microkernelPortable
    }

    /// The first float depthwise microkernel of the set this CPU runs.
    public var supportedFloatDepthwise: FloatDepthwise.Microkernel {
      floatDepthwise.first { $0.isSupported } ?? FloatDepthwise.microkernelPortable
    }
  #endif
}
