// GMLKernels/AsymmetricQuantizeInt8.swift — on-the-fly asymmetric int8 quantization of float activations (hybrid kernels). Must not allocate.
import CGMLMicrokernels

/// Quantizes float activations to int8 at invoke, as TFLite's hybrid
/// kernels do with `asymmetric_quantize_inputs`: the range is widened to
/// contain zero, the scale is `(max − min) / 255`, and the zero point is
/// chosen from the end with the smaller error and clamped to [-128, 127].
public enum AsymmetricQuantizeInt8 {
  /// Quantizes `values` into `output`, returning the scale and the zero
  /// point (TFLite calls it the input offset). All-zero input gives scale 1
  /// and zero point 0.
  ///
  /// - Parameters:
  ///   - values: the floats of one batch row.
  ///   - output: as many int8 elements as `values`.
  /// - Returns: `(scale, zeroPoint)` with `real ≈ (q − zeroPoint) · scale`.
  ///
  /// Mirrors: `tensorflow/lite/kernels/internal/reference/portable_tensor_utils.cc`
  /// (`PortableAsymmetricQuantizeFloats`)
  public static func quantize(
    _ values: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Int8>
  ) -> (scale: Float, zeroPoint: Int32) {
    assert(output.count >= values.count, "AsymmetricQuantizeInt8: output size")
    let qmin: Int32 = -128
    let qmax: Int32 = 127
    var rmin: Float = 0
    var rmax: Float = 0
    for v in values {
      rmin = min(rmin, v)
      rmax = max(rmax, v)
    }
    guard let (scale, nudged) = parameters(rmin: rmin, rmax: rmax) else {
      for i in 0..<values.count { output[i] = 0 }
      return (1, 0)
    }
    let inverse = Float(1 / scale)
    for i in 0..<values.count {
      let q = QuantizationInt8.roundToInt32(Float(nudged) + values[i] * inverse)
      output[i] = Int8(min(qmax, max(qmin, q)))
    }
    return (Float(scale), nudged)
  }

  /// `quantize`'s scale, zero point and values, bit for bit, with its two
  /// passes over `values` in C loops the compiler vectorizes
  /// (`microkernel`'s two: range, then values): what the fast hybrid
  /// kernels call.
  /// - Parameters: as `quantize`, and the tier's hybrid `microkernel`.
  /// - Returns: as `quantize`.
  public static func quantizeFast(
    _ values: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Int8>,
    microkernel: HybridGEMM.Microkernel = HybridGEMM.microkernelPortable
  ) -> (scale: Float, zeroPoint: Int32) {
    assert(output.count >= values.count, "AsymmetricQuantizeInt8: output size")
    var rmin: Float = 0
    var rmax: Float = 0
    microkernel.range(values.baseAddress, values.count, &rmin, &rmax)
    guard let (scale, nudged) = parameters(rmin: rmin, rmax: rmax) else {
      output.update(repeating: 0)
      return (1, 0)
    }
    microkernel.quantize(
      values.baseAddress, values.count, Float(1 / scale), Float(nudged), output.baseAddress)
    return (Float(scale), nudged)
  }

  /// The scale (as a double) and nudged zero point of the range
  /// `[rmin, rmax]` (which holds 0), or nil when it is empty.
  private static func parameters(rmin: Float, rmax: Float) -> (Double, Int32)? {
    let qmin: Int32 = -128
    let qmax: Int32 = 127
    if rmin == rmax { return nil }
    let scale = Double(rmax - rmin) / Double(qmax - qmin)
    let fromMin = Double(qmin) - Double(rmin) / scale
    let fromMax = Double(qmax) - Double(rmax) / scale
    let fromMinError = abs(Double(qmin)) + abs(Double(rmin) / scale)
    let fromMaxError = abs(Double(qmax)) + abs(Double(rmax) / scale)
    let zero = fromMinError < fromMaxError ? fromMin : fromMax
    if zero <= Double(qmin) { return (scale, qmin) }
    if zero >= Double(qmax) { return (scale, qmax) }
    // NaN (from infinite inputs) takes x86-64's `static_cast<int8_t>`: 0.
    return (scale, Int32(Int8(truncatingIfNeeded: QuantizationInt8.roundToInt32(zero))))
  }
}
