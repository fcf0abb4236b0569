// GMLKernels/Gelu.swift — GELU, exact or tanh-approximated: the float function, as TFLite computes it.

/// GELU, `x · Φ(x)` with Φ the standard normal CDF: exact through erfc, or
/// the tanh approximation (TFLite's GeluOptions `approximate`).
public struct Gelu: Equatable, Sendable {
  /// Whether the tanh approximation is used.
  public let approximate: Bool

  /// - Parameter approximate: the tanh form rather than the exact one.
  public init(approximate: Bool) {
    self.approximate = approximate
  }

  /// √(2/π), rounded to `Float` as TFLite's `kSqrt2dPi`.
  static let sqrt2OverPi = Float(0.797_884_560_802_865_355_9)

  /// GELU of one value, each operation in `Float` in TFLite's order:
  /// `0.5 · x · erfc(x · −√½)` exact, or
  /// `0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x · x · x)))`.
  /// - Parameter x: the input.
  /// - Returns: the output.
  ///
  /// Mirrors `GeluTransform` and `GeluTransformApproximate` in
  /// `tensorflow/lite/kernels/internal/reference/gelu.h`.
  public func apply(_ x: Float) -> Float {
    let half = 0.5 * x
    if approximate {
      let cube = 0.044_715 * x * x * x
      return half * (1 + LibmFloat.tanh(Gelu.sqrt2OverPi * (x + cube)))
    }
    return half * LibmFloat.erfc(x * Float(-0.707_106_781_186_547_524_4))
  }
}
