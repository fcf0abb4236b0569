// GMLConverter/Quantization/QuantizationMath.swift — TFLite int8 parameter rules: activations, per-channel weights, bias.
import Foundation

/// Per-tensor asymmetric int8 parameters of an activation, from its range.
///
/// TFLite's rule: the range is nudged to contain 0 (min' = min(min, 0),
/// max' = max(max, 0)); scale = (max' − min') / 255; zero point =
/// round(−128 − min' / scale) clamped to [−128, 127]. A degenerate range
/// (max' == min', i.e. all zeros) is treated as [0, 1] so the scale is
/// never 0, as TFLiteConverter does for constant-zero tensors.
public struct ActivationQuantization: Equatable, Sendable {
  public var scale: Float
  public var zeroPoint: Int32

  public init(scale: Float, zeroPoint: Int32) {
    self.scale = scale
    self.zeroPoint = zeroPoint
  }

  /// Parameters covering `range` (widened to contain 0), as
  /// TFLiteConverter computes them (`getNudgedScaleAndZeroPoint`): the
  /// scale in `Double`, rounded to `Float` once; the zero point from the
  /// end of the range that gives it the smaller error, then rounded.
  public init(_ range: TensorRange) {
    var low = Double(Swift.min(range.min, 0))
    var high = Double(Swift.max(range.max, 0))
    if !(high > low) {
      low = 0
      high = 1
    }
    let exact = (high - low) / 255
    scale = Float(exact)
    let (fromMin, fromMax) = (-128 - low / exact, 127 - high / exact)
    let zero = 128 + Swift.abs(low / exact) < 127 + Swift.abs(high / exact) ? fromMin : fromMax
    zeroPoint = Int32(Swift.min(Swift.max(zero.rounded(), -128), 127))
  }

  /// `x` quantized to int8 (round half away from zero, clamped).
  public func quantize(_ x: Float) -> Int8 {
    let q = (Double(x) / Double(scale)).rounded() + Double(zeroPoint)
    return Int8(Swift.min(Swift.max(q, -128), 127))
  }

  /// `x` quantized and dequantized back.
  public func fakeQuantize(_ x: Float) -> Float {
    Float(Int32(quantize(x)) - zeroPoint) * scale
  }
}

/// Symmetric per-channel int8 weights and int32 bias.
public enum WeightQuantization {
  /// The smallest scale stored, for an all-zero channel (its values all
  /// quantize to 0 whatever the scale; TFLite uses 1 there, gml a tiny
  /// positive value so the bias scale stays meaningful).
  public static let minimumScale: Float = 1e-8

  /// Quantizes `weights` per channel along `axis`: scale_c = max|w_c| / 127,
  /// q = round(w / scale_c) in [−127, 127], zero point 0.
  /// - Parameters:
  ///   - weights: row-major values.
  ///   - shape: their shape.
  ///   - axis: the channel axis (0 for Conv2D/FullyConnected, 3 for
  ///     DepthwiseConv2D).
  /// - Returns: the int8 values and one scale per channel.
  public static func perChannel(_ weights: [Float], shape: [Int], axis: Int) -> (
    values: [Int8], scales: [Float]
  ) {
    let channels = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    let channelOf = { (i: Int) in (i / inner) % channels }
    var maxAbs = [Float](repeating: 0, count: channels)
    for (i, w) in weights.enumerated() {
      maxAbs[channelOf(i)] = Swift.max(maxAbs[channelOf(i)], abs(w))
    }
    let scales = maxAbs.map { $0 > 0 ? $0 / 127 : minimumScale }
    let values = weights.enumerated().map { i, w -> Int8 in
      let q = (w / scales[channelOf(i)]).rounded()
      return Int8(Swift.min(Swift.max(q, -127), 127))
    }
    return (values, scales)
  }

  /// Quantizes a bias: q_c = round(b_c / (inputScale · weightScale_c)),
  /// scale_c = inputScale · weightScale_c, zero point 0.
  /// - Parameters:
  ///   - bias: one value per output channel.
  ///   - inputScale: the activation input's scale.
  ///   - weightScales: one per channel, or one for the whole tensor.
  /// - Returns: the int32 values and their per-channel scales.
  public static func bias(_ bias: [Float], inputScale: Float, weightScales: [Float]) -> (
    values: [Int32], scales: [Float]
  ) {
    let scales = bias.indices.map {
      inputScale * weightScales[weightScales.count == 1 ? 0 : $0]
    }
    let values = bias.indices.map { c -> Int32 in
      let q = (Double(bias[c]) / Double(scales[c])).rounded()
      return Int32(Swift.min(Swift.max(q, Double(Int32.min)), Double(Int32.max)))
    }
    return (values, scales)
  }
}
