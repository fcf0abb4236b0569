// GMLKernels/MeanInt8.swift — int8 reduction parameters (MEAN, SUM, REDUCE_MAX): kept/reduced index maps and the multiplier, 1/count folded in for the mean.
import GMLCore

/// The mean over a set of axes on int8 tensors (any axes, with or
/// without `keepDims`, equal or differing input and output quantization).
///
/// LiteRT's reference path (ai-edge-litert 2.3.0, checked against
/// `OpResolverType.BUILTIN_REF`) uses one integer routine for all of these
/// cases, `QuantizedMeanOrSum`: the multiplier for
/// `Double(inputScale) / Double(outputScale)` from `QuantizeMultiplier`,
/// then 1/count folded in at prepare: with `k = min(⌊log2 count⌋, 32,
/// 31 + shift)`, `multiplier = (multiplier << k) / count` (truncating) and
/// `shift -= k`. (Older TensorFlow Lite releases special-cased axes
/// [1, 2] and equal parameters; 2.3.0 does not.)
///
/// SUM onto other parameters is LiteRT's builtin kernel, in float:
/// `round(Σq · s + b) + outputZeroPoint` with `s = inputScale /
/// outputScale` and `b = −inputZeroPoint · s · count` (its BUILTIN_REF
/// kernel gives other bytes, mostly −1: see `tools/make_litert_int8_fixtures.py`);
/// with the same parameters LiteRT adds the stored values in int8,
/// wrapping. REDUCE_MAX keeps the largest stored value and needs the
/// input's parameters on its output.
public struct MeanInt8: Equatable, Sendable {
  /// The axes, the output shape and the element count per mean.
  public let geometry: Mean
  /// The extents of the dimensions kept, outermost first.
  let keptDims: [Int]
  /// The input strides of the dimensions kept.
  let keptStrides: [Int]
  /// The extents of the dimensions reduced.
  let reducedDims: [Int]
  /// The input strides of the dimensions reduced.
  let reducedStrides: [Int]
  /// The input zero point.
  public let inputZeroPoint: Int32
  /// The output zero point.
  public let outputZeroPoint: Int32
  /// `inputScale / outputScale / count` as TFLite encodes it.
  public let multiplier: QuantizedMultiplier
  /// A requantized SUM's float scale and bias (`s` and `b` above).
  let sumScale: Float, sumBias: Float
  /// Whether the output is the offset sum through `multiplier` (a mean, a
  /// sum onto other parameters), else the stored values' wrapping int8 sum
  /// or their maximum.
  public let requantizes: Bool

  /// - Parameters:
  ///   - input: the input shape.
  ///   - axes: the axes to reduce; negative counts from the end; repeats
  ///     count once.
  ///   - keepDims: keep reduced axes as extent 1.
  ///   - inputScale: the input scale.
  ///   - inputZeroPoint: the input zero point.
  ///   - outputScale: the output scale.
  ///   - outputZeroPoint: the output zero point.
  ///   - function: the reduction (the mean unless given).
  /// - Throws: `invalidArgument` for an axis outside the rank;
  ///   `invalidQuantization` for a bad scale or zero point, or a
  ///   REDUCE_MAX whose output's parameters are not its input's.
  public init(
    input: Shape, axes: [Int], keepDims: Bool, inputScale: Float, inputZeroPoint: Int32,
    outputScale: Float, outputZeroPoint: Int32, function: ReduceFunction = .mean
  ) throws(GMLError) {
    geometry = try Mean(input: input, axes: axes, keepDims: keepDims, function: function)
    for s in [inputScale, outputScale] { try QuantizationInt8.checkScale(s) }
    for z in [inputZeroPoint, outputZeroPoint] { try QuantizationInt8.checkZeroPoint(z) }
    var reduced = [Bool](repeating: false, count: input.rank)
    for axis in axes { reduced[axis < 0 ? axis + input.rank : axis] = true }
    let strides = Strides.of(input)
    var kept: ([Int], [Int]) = ([], [])
    var gone: ([Int], [Int]) = ([], [])
    for d in 0..<input.rank {
      if reduced[d] {
        gone.0.append(input.dims[d])
        gone.1.append(strides[d])
      } else {
        kept.0.append(input.dims[d])
        kept.1.append(strides[d])
      }
    }
    (keptDims, keptStrides) = kept
    (reducedDims, reducedStrides) = gone
    self.inputZeroPoint = inputZeroPoint
    self.outputZeroPoint = outputZeroPoint
    let base = QuantizedMultiplier(Double(inputScale) / Double(outputScale))
    let sameParameters = inputScale == outputScale && inputZeroPoint == outputZeroPoint
    sumScale = inputScale / outputScale
    sumBias = Float(-inputZeroPoint) * sumScale * Float(geometry.reducedCount)
    switch function {
    case .mean:
      multiplier = Self.foldCount(base, count: geometry.reducedCount)
      requantizes = true
    case .sum:
      multiplier = base
      requantizes = !sameParameters
    case .max:
      guard sameParameters else {
        throw GMLError(
          .invalidQuantization, "REDUCE_MAX needs its input's scale and zero point on its output")
      }
      multiplier = base
      requantizes = false
    }
  }

  /// Folds `1 / count` into a multiplier as `QuantizedMeanOrSum` does.
  /// - Parameters:
  ///   - base: the multiplier for `inputScale / outputScale`.
  ///   - count: the elements per mean (≥ 1; 0 leaves `base`).
  /// - Returns: the adjusted multiplier.
  static func foldCount(_ base: QuantizedMultiplier, count: Int) -> QuantizedMultiplier {
    guard count > 0 else { return base }
    var k = 63 - UInt64(count).leadingZeroBitCount
    k = min(k, 32)
    k = min(k, 31 + Int(base.shift))
    let m = (Int64(base.multiplier) << Int64(k)) / Int64(count)
    return QuantizedMultiplier(
      multiplier: Int32(truncatingIfNeeded: m), shift: base.shift - Int32(k))
  }
}
