// GMLKernels/QuantizationInt8.swift — checks of int8 quantization parameters and TFLite's float-to-int conversions.
import GMLCore

/// Helpers the int8 ops share: the prepare-time checks of a scale and a
/// zero point, and the float-to-integer conversions TFLite's reference
/// kernels perform, reproduced to the bit.
public enum QuantizationInt8 {
  /// Checks a tensor scale: finite and above zero.
  /// - Parameter scale: the scale.
  /// - Throws: `invalidQuantization` otherwise.
  public static func checkScale(_ scale: Float) throws(GMLError) {
    guard scale.isFinite, scale > 0 else {
      throw GMLError(.invalidQuantization, "int8 scale must be finite and above zero")
    }
  }

  /// Checks an int8 zero point: within -128...127.
  /// - Parameter zeroPoint: the zero point.
  /// - Throws: `invalidQuantization` otherwise.
  public static func checkZeroPoint(_ zeroPoint: Int32) throws(GMLError) {
    guard zeroPoint >= -128, zeroPoint <= 127 else {
      throw GMLError(.invalidQuantization, "int8 zero point must be within -128...127")
    }
  }

  /// `static_cast<int32_t>(x)` as LiteRT's x86-64 build executes it
  /// (`cvttss2si`): truncation toward zero, and `Int32.min` for NaN or a
  /// value outside the Int32 range (C++ leaves that case undefined; ARM
  /// would saturate instead).
  /// - Parameter x: an integral or fractional value.
  /// - Returns: the truncated value.
  @inline(__always)
  public static func truncateToInt32(_ x: Float) -> Int32 {
    if x.isNaN || x >= 2_147_483_648 || x < -2_147_483_648 { return Int32.min }
    return Int32(x)
  }

  /// `static_cast<int32_t>(x)` for a double, as `truncateToInt32(_: Float)`.
  /// - Parameter x: an integral or fractional value.
  /// - Returns: the truncated value.
  @inline(__always)
  public static func truncateToInt32(_ x: Double) -> Int32 {
    if x.isNaN || x >= 2_147_483_648 || x < -2_147_483_648 { return Int32.min }
    return Int32(x)
  }

  /// `static_cast<int32_t>(std::round(x))`: half away from zero.
  /// - Parameter x: the value.
  /// - Returns: the rounded value (`Int32.min` out of range).
  @inline(__always)
  public static func roundToInt32(_ x: Float) -> Int32 {
    truncateToInt32(x.rounded(.toNearestOrAwayFromZero))
  }

  /// `static_cast<int32_t>(std::round(x))` for a double.
  /// - Parameter x: the value.
  /// - Returns: the rounded value (`Int32.min` out of range).
  @inline(__always)
  public static func roundToInt32(_ x: Double) -> Int32 {
    truncateToInt32(x.rounded(.toNearestOrAwayFromZero))
  }
}
