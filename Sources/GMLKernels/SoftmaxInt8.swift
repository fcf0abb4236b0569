// GMLKernels/SoftmaxInt8.swift — int8 Softmax parameters: beta·scale as a Q5.26 multiplier and the cut-off difference.
import GMLCore

/// int8 softmax along the last axis, output fixed at scale 1/256 and zero
/// point -128, in gemmlowp fixed point (LiteRT's `BUILTIN_REF` kernel; its
/// optimized kernels use a float table instead).
///
/// The multiplier turns a difference `q − max` (≤ 0) into a Q5.26 value of
/// `beta · input_scale · (q − max)`: `beta · input_scale · 2^26`, in
/// `Double`, capped at 2^31 − 1 and encoded with `QuantizeMultiplier` (it
/// must exceed 1, so the shift is a left shift). Differences below
/// `diffMin = −floor(31 · 2^26 / 2^shift)` would reach beyond −31 after
/// scaling; their exponential counts as 0.
public struct SoftmaxInt8: Equatable, Sendable {
  /// The product of all dimensions but the last.
  public let outer: Int
  /// The last dimension.
  public let depth: Int
  /// `beta · input_scale · 2^26` as a Q31 multiplier with a left shift.
  public let inputMultiplier: QuantizedMultiplier
  /// The smallest difference `q − max` that still contributes.
  public let diffMin: Int32
  /// The Q0.31 exponential of every difference `q − max` an int8 row can
  /// hold, indexed by `max − q` (0 to 255); 0 below `diffMin`. The
  /// reference's own function of the same integer, computed once at
  /// prepare, so `fast` looks each element up instead (1 KB).
  let exponentials: [Int32]
  /// Each of `exponentials` as the row's Q12.19 sum adds it (`accumulated`).
  let accumulatedExponentials: [Int32]

  /// - Parameters:
  ///   - input: the input shape (the output has the same), rank ≥ 1.
  ///   - inputScale: the input's scale (its zero point cancels out).
  ///   - outputScale: must be 1/256 within 0.1 %; `outputZeroPoint` must be -128.
  ///   - beta: the inverse temperature.
  /// - Throws: `invalidArgument` for a scalar input; `invalidQuantization`
  ///   for another output quantization, a bad input scale, or
  ///   `beta · input_scale · 2^26` outside (1, 2^30) (TFLite rejects the
  ///   low side; the high side would overflow its left shift).
  ///
  /// Mirrors `SoftmaxPrepare` (`kReference`, int8) in
  /// `tensorflow/lite/kernels/activations.cc` and `PreprocessSoftmaxScaling`
  /// in `tensorflow/lite/kernels/internal/quantization_util.cc`.
  public init(
    input: Shape, inputScale: Float, outputScale: Float, outputZeroPoint: Int32, beta: Float = 1
  ) throws(GMLError) {
    guard input.rank >= 1 else {
      throw GMLError(.invalidArgument, "Softmax needs an input of rank 1 or more")
    }
    guard outputZeroPoint == -128, abs(outputScale - 1 / 256) <= 0.001 / 256 else {
      throw GMLError(
        .invalidQuantization, "int8 Softmax output must be scale 1/256, zero point -128")
    }
    guard inputScale > 0, inputScale.isFinite else {
      throw GMLError(.invalidQuantization, "int8 scale must be positive and finite")
    }
    (inputMultiplier, diffMin) = try SoftmaxInt8.inputScaling(beta: beta, inputScale: inputScale)
    exponentials = SoftmaxInt8.exponentialTable(inputMultiplier, diffMin: diffMin)
    accumulatedExponentials = exponentials.map(SoftmaxInt8.accumulated)
    depth = input.dims[input.rank - 1]
    outer = Strides.product(input.dims, 0..<(input.rank - 1))
  }

  /// `beta · input_scale · 2^26` as a multiplier with a left shift, and the
  /// smallest difference `q − max` that still contributes, as TFLite's
  /// int8 SOFTMAX and LOG_SOFTMAX prepare them (Q5.26 differences).
  /// - Throws: `invalidQuantization` for the product outside (1, 2^30].
  ///
  /// Mirrors `PreprocessSoftmaxScaling` and `CalculateInputRadius` in
  /// `tensorflow/lite/kernels/internal/quantization_util.cc`.
  static func inputScaling(beta: Float, inputScale: Float) throws(GMLError) -> (
    QuantizedMultiplier, diffMin: Int32
  ) {
    let real = min(Double(beta) * Double(inputScale) * Double(1 << 26), Double(Int32.max))
    let multiplier = QuantizedMultiplier(real)
    guard real > 1, multiplier.shift <= 30 else {
      throw GMLError(.invalidQuantization, "int8 Softmax beta · input scale out of range")
    }
    // CalculateInputRadius(5, shift) = floor(31 · 2^26 / 2^shift); exact in integers.
    return (multiplier, -Int32((31 << 26) >> Int(multiplier.shift)))
  }

  /// The Q0.31 exponential of each difference 0, −1, …, −255 (index `max −
  /// q`) scaled by `multiplier`; 0 below `diffMin`.
  static func exponentialTable(_ multiplier: QuantizedMultiplier, diffMin: Int32) -> [Int32] {
    (0..<256).map { d in
      let diff = -Int32(d)
      guard diff >= diffMin else { return 0 }
      let scaled = FixedPoint.saturatingRoundingDoublingHighMul(
        diff << multiplier.shift, multiplier.multiplier)
      return GemmlowpFixedPoint.expOnNegativeValues(scaled, integerBits: 5)
    }
  }
}
