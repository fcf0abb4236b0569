// GMLConverter/Calibration/RangeEstimator.swift — per-tensor observed values to a clipping range: minmax, percentile, mse.
import Foundation

/// How a tensor's int8 range is chosen from the values it took on the
/// calibration samples.
public enum CalibrationMethod: String, CaseIterable, Sendable {
  /// The global min and max (TFLiteConverter's default).
  case minmax
  /// Clips each tail at the given percentile of the observed values.
  case percentile
  /// The clipping range, among 100 shrinkings of [min, max], with the
  /// least int8 quantization MSE over the observed values.
  case mse
}

/// A float range an activation is quantized over.
public struct TensorRange: Equatable, Sendable {
  public var min: Float
  public var max: Float

  public init(min: Float, max: Float) {
    self.min = min
    self.max = max
  }

  /// The width of the range widened to include 0, as int8 parameters
  /// cover it (`ActivationQuantization`).
  public var width: Float { Swift.max(max, 0) - Swift.min(min, 0) }
}

/// Collects one tensor's values across samples and turns them into a range.
///
/// Keeps the global min/max and, for the methods that need it (percentile,
/// mse), a 2048-bin histogram over a fixed span; the span is set by the
/// first sample and doubled (bins merged pairwise) when a later value falls
/// outside it, so memory stays constant.
struct RangeEstimator {
  static let binCount = 2048
  var min = Float.infinity
  var max = -Float.infinity
  /// Histogram over [-span, span]; empty when the method needs none.
  var span: Float = 0
  var bins: [Double]

  /// An estimator for `method`: with a histogram unless it is `.minmax`.
  init(for method: CalibrationMethod) {
    bins = method == .minmax ? [] : [Double](repeating: 0, count: Self.binCount)
  }

  /// Takes one sample's values: little-endian float32 `bytes` (NaNs are
  /// left out of the min and max).
  mutating func add(float32 bytes: UnsafeRawBufferPointer) {
    let count = bytes.count / 4
    guard count > 0 else { return }
    // Sixteen lanes, then the rest: min and max in any order are the same
    // values (a NaN never replaces a lane, as with `Swift.min`).
    var lows = SIMD16<Float>(repeating: min)
    var highs = SIMD16<Float>(repeating: max)
    var i = 0
    while i + 16 <= count {
      let v = bytes.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
      lows.replace(with: v, where: v .< lows)
      highs.replace(with: v, where: v .> highs)
      i += 16
    }
    var low = lows.min()
    var high = highs.max()
    for j in i..<count {
      let v = bytes.loadUnaligned(fromByteOffset: 4 * j, as: Float.self)
      low = Swift.min(low, v)
      high = Swift.max(high, v)
    }
    min = low
    max = high
    guard !bins.isEmpty else { return }
    let extent = Swift.max(abs(min), abs(max))
    if span == 0 { span = extent > 0 ? extent : 1 }
    while extent > span { grow() }
    let scale = Double(Self.binCount) / (2 * Double(span))
    let offset = Double(span)
    bins.withUnsafeMutableBufferPointer { bins in
      for i in 0..<count {
        let v = bytes.loadUnaligned(fromByteOffset: 4 * i, as: Float.self)
        let b = Int((Double(v) + offset) * scale)
        bins[Swift.min(Swift.max(b, 0), Self.binCount - 1)] += 1
      }
    }
  }

  /// Doubles the span: each new bin holds two old ones.
  mutating func grow() {
    var merged = [Double](repeating: 0, count: Self.binCount)
    let quarter = Self.binCount / 4
    for i in 0..<Self.binCount { merged[quarter + i / 2] += bins[i] }
    bins = merged
    span *= 2
  }

  /// The center value of bin `i`.
  func center(_ i: Int) -> Double {
    (Double(i) + 0.5) * 2 * Double(span) / Double(Self.binCount) - Double(span)
  }

  func range(_ method: CalibrationMethod, percentile: Double) -> TensorRange {
    guard min <= max else { return TensorRange(min: 0, max: 0) }
    switch method {
    case .minmax: return TensorRange(min: min, max: max)
    case .percentile: return percentileRange(percentile)
    case .mse: return mseRange()
    }
  }

  /// Each tail clipped at `p`% of the values (p = 99.99 drops the lowest
  /// and highest 0.01%); never wider than [min, max].
  func percentileRange(_ p: Double) -> TensorRange {
    let total = bins.reduce(0, +)
    let tail = total * (100 - Swift.min(Swift.max(p, 50), 100)) / 100
    var low = 0
    var seen = 0.0
    while low < Self.binCount - 1 && seen + bins[low] <= tail {
      seen += bins[low]
      low += 1
    }
    var high = Self.binCount - 1
    seen = 0
    while high > low && seen + bins[high] <= tail {
      seen += bins[high]
      high -= 1
    }
    let width = 2 * Double(span) / Double(Self.binCount)
    let lo = Swift.max(Double(min), Double(low) * width - Double(span))
    let hi = Swift.min(Double(max), Double(high + 1) * width - Double(span))
    return TensorRange(min: Float(lo), max: Float(hi))
  }

  /// The shrinking f·[min, max], f in 0.01...1, with the least expected
  /// squared error of int8 asymmetric quantization (rounding plus clipping)
  /// over the histogram.
  func mseRange() -> TensorRange {
    var best = (error: Double.infinity, range: TensorRange(min: min, max: max))
    for step in 1...100 {
      let f = Float(step) / 100
      let candidate = TensorRange(min: min * f, max: max * f)
      let q = ActivationQuantization(candidate)
      var error = 0.0
      for i in 0..<Self.binCount where bins[i] > 0 {
        let x = center(i)
        let d = x - Double(q.fakeQuantize(Float(x)))
        error += bins[i] * d * d
      }
      if error < best.error { best = (error, candidate) }
    }
    return best.range
  }
}
