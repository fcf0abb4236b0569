// GMLKernels/LogSoftmaxInt8.swift — int8 LOG_SOFTMAX parameters: the Q5.26 input multiplier, its reverse and the cut-off.
import GMLCore

/// int8 LOG_SOFTMAX along the last axis, output fixed at scale 16/256 and
/// zero point 127 ([−255/16, 0]), in gemmlowp fixed point (LiteRT's
/// `BUILTIN_REF` kernel).
///
/// The differences `q − max` scale to Q5.26 as SOFTMAX's do
/// (`SoftmaxInt8.inputScaling`); the log of the row's Q12.19 sum of
/// exponentials is taken in Q5.26 and mapped back by the reverse
/// multiplier `2^(31 − shift) / multiplier` to find the differences that
/// still give an output above −128.
public struct LogSoftmaxInt8: Equatable, Sendable {
  public let geometry: LogSoftmax
  /// `input_scale · 2^26` with a left shift.
  public let inputMultiplier: QuantizedMultiplier
  /// The smallest difference whose exponential counts.
  public let diffMin: Int32
  /// The inverse of `inputMultiplier` (below 1).
  public let reverseMultiplier: QuantizedMultiplier
  /// The exponential of each difference 0…−255 (`SoftmaxInt8.exponentialTable`).
  let exponentials: [Int32]

  /// - Parameters:
  ///   - geometry: the rows.
  ///   - inputScale: the input's scale (its zero point cancels out).
  ///   - outputScale: must be 16/256 (0.1 %); `outputZeroPoint` must be 127.
  /// - Throws: `invalidQuantization` for another output quantization, a bad
  ///   input scale, or `input_scale · 2^26` outside (1, 2^30].
  ///
  /// Mirrors `LogSoftmaxPrepare` (int8) in
  /// `tensorflow/lite/kernels/activations.cc` and
  /// `PreprocessLogSoftmaxScalingExp` in `quantization_util.cc`.
  public init(
    _ geometry: LogSoftmax, inputScale: Float, outputScale: Float, outputZeroPoint: Int32
  ) throws(GMLError) {
    guard outputZeroPoint == 127, abs(outputScale - 16.0 / 256) <= 0.001 * 16 / 256 else {
      throw GMLError(
        .invalidQuantization, "int8 LOG_SOFTMAX output must be scale 16/256, zero point 127")
    }
    try QuantizationInt8.checkScale(inputScale)
    self.geometry = geometry
    (inputMultiplier, diffMin) = try SoftmaxInt8.inputScaling(beta: 1, inputScale: inputScale)
    reverseMultiplier = QuantizedMultiplier(
      Double(Int64(1) << (31 - Int64(inputMultiplier.shift))) / Double(inputMultiplier.multiplier))
    exponentials = SoftmaxInt8.exponentialTable(inputMultiplier, diffMin: diffMin)
  }
}
