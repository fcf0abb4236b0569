// GMLKernels/GEMMInt8+Pack.swift — packing weights, bias terms and per-channel requantization for the GEMM tiles (prepare time).
import CGMLMicrokernels

extension GEMMInt8 {
  /// How a GEMM turns its int32 sums into int8, per output channel.
  public enum Requantization: Equatable, Sendable {
    /// TFLite's `MultiplyByQuantizedMultiplier` (double rounding), as
    /// Conv2D's reference: one multiplier per channel.
    case fixedPoint([QuantizedMultiplier])
    /// `round(Double(sum) × scale)` half away from zero, as LiteRT's
    /// reference FullyConnected: one scale per channel.
    case double([Double])

    var kind: Int32 {
      switch self {
      case .fixedPoint: return Int32(GML_QS8_GEMMLOWP)
      case .double: return Int32(GML_QS8_FP64)
      }
    }

    /// Whether every multiplier is one `QuantizedMultiplier(_:)` can make
    /// (shift in -31...30, multiplier above `Int32.min`): the tiles'
    /// vector requantization assumes it.
    var isPackable: Bool {
      guard case .fixedPoint(let multipliers) = self else { return true }
      return multipliers.allSatisfy {
        $0.multiplier != Int32.min && $0.shift >= -31 && $0.shift <= 30
      }
    }
  }

  /// K rounded up to a multiple of 8: the bytes a tile reads per row.
  /// - Parameter depth: K.
  /// - Returns: the padded depth.
  public static func packedDepth(_ depth: Int) -> Int { (depth + 7) / 8 * 8 }

  /// The bytes `pack` writes for `channels` channels of `depth` weights.
  /// - Parameters:
  ///   - layout: the tile's layout.
  ///   - channels: N.
  ///   - depth: K.
  ///   - requantization: fixed point or double.
  /// - Returns: the size of the packed buffer.
  public static func packedByteCount(
    layout: Layout, channels: Int, depth: Int, requantization: Requantization
  ) -> Int {
    // No channels (the first task's offset, on every run): no C call.
    channels == 0
      ? 0 : gml_qs8_gemm_packed_size(layout.rawValue, channels, depth, requantization.kind)
  }

  /// Packs `channels × depth` row-major weights, with their bias, in a
  /// tile's layout: per block of channels, the bias terms
  /// `bias[n] + inputOffset·Σ_k w[n][k]` (wrapping), the weights, then the
  /// requantization fields. Runs once, at prepare.
  ///
  /// - Parameters:
  ///   - layout: the tile's layout.
  ///   - weights: `channels·depth` int8 values.
  ///   - bias: `channels` int32 values, or empty for none.
  ///   - channels: N.
  ///   - depth: K.
  ///   - inputOffset: `-inputZeroPoint`.
  ///   - requantization: one multiplier or scale per channel.
  ///   - packed: `packedByteCount` bytes.
  public static func pack(
    layout: Layout, weights: UnsafeBufferPointer<Int8>, bias: UnsafeBufferPointer<Int32>,
    channels: Int, depth: Int, inputOffset: Int32, requantization: Requantization,
    into packed: UnsafeMutableRawBufferPointer
  ) {
    precondition(
      weights.count == channels * depth && (bias.isEmpty || bias.count == channels)
        && packed.count
          == packedByteCount(
            layout: layout, channels: channels, depth: depth, requantization: requantization),
      "GEMMInt8.pack: buffer sizes do not match the shape")
    let biasStart = bias.isEmpty ? nil : bias.baseAddress
    switch requantization {
    case .fixedPoint(let multipliers):
      let fractions = multipliers.map { $0.multiplier }
      let shifts = multipliers.map { $0.shift }
      gml_qs8_gemm_pack(
        layout.rawValue, channels, depth, weights.baseAddress, biasStart, inputOffset,
        requantization.kind, fractions, shifts, nil, packed.baseAddress)
    case .double(let scales):
      gml_qs8_gemm_pack(
        layout.rawValue, channels, depth, weights.baseAddress, biasStart, inputOffset,
        requantization.kind, nil, nil, scales, packed.baseAddress)
    }
  }
}
