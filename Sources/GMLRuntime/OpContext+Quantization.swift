// GMLRuntime/OpContext+Quantization.swift — prepare's quantization checks for int8 operands.
import GMLCore
import GMLFormat

extension OpContext {
  /// The parameters of int8 activation `t`: one scale and zero point for
  /// the whole tensor (the file's values were range-checked when the
  /// interpreter read its tensors).
  /// - Throws: `invalidQuantization` when `t` has no parameters or
  ///   per-axis ones.
  func activation(_ t: Int) throws(GMLError) -> (scale: Float, zeroPoint: Int32) {
    guard let q = tensors[t].quantization else {
      throw GMLError(.invalidQuantization, "an int8 operand has no quantization parameters")
    }
    if q.isPerAxis {
      throw GMLError(.invalidQuantization, "an int8 activation has per-axis parameters")
    }
    return (q.scale, q.zeroPoint)
  }

  /// The parameters of int8 weights `t`: one scale for the tensor, or
  /// one per slice along `axis`, where the tensor has `channels` slices.
  /// Zero points must be 0 (TFLite's int8 spec for weights), except a
  /// per-tensor one where `perTensorZeroPoint` allows it
  /// (FULLY_CONNECTED, whose TFLite kernel honours it).
  /// - Returns: the scales as the file gives them (one, or `channels`)
  ///   and the zero point (0 for per-axis weights).
  /// - Throws: `invalidQuantization` for missing parameters, a non-zero
  ///   zero point where none is allowed, or per-axis parameters on
  ///   another axis.
  func weights(_ t: Int, axis: Int, channels: Int, perTensorZeroPoint: Bool = false)
    throws(GMLError) -> (scales: [Float], zeroPoint: Int32)
  {
    guard let q = tensors[t].quantization else {
      throw GMLError(.invalidQuantization, "int8 weights have no quantization parameters")
    }
    if !q.isPerAxis && perTensorZeroPoint { return (q.scales, q.zeroPoint) }
    if !q.isSymmetric {
      throw GMLError(.invalidQuantization, "int8 weights need zero point 0")
    }
    if q.isPerAxis && (q.axis != axis || q.scales.count != channels) {
      throw GMLError(
        .invalidQuantization, "per-axis weight parameters are not one per output channel")
    }
    return (q.scales, 0)
  }

  /// Checks int32 bias `t` (when present): quantized, one scale or one
  /// per channel. Its scale is not compared with input × weight scale:
  /// TFLite's kernels derive the multiplier from those two and use the
  /// bias integers as they are, and so does gml.
  /// - Throws: `invalidQuantization`.
  func checkBias(_ t: Int, channels: Int) throws(GMLError) {
    if t < 0 { return }
    guard let q = tensors[t].quantization else { return }
    if q.isPerAxis && q.scales.count != channels {
      throw GMLError(.invalidQuantization, "per-axis bias parameters are not one per channel")
    }
  }

  /// Checks that the output has the parameters TFLite fixes for the op
  /// (LOGISTIC and SOFTMAX: 1/256 and -128; TANH: 1/128 and 0), within
  /// TFLite's tolerance of 0.1% of the scale.
  /// - Throws: `invalidQuantization`.
  func checkFixedOutput(scale: Float, zeroPoint: Int32) throws(GMLError) {
    let out = try activation(output)
    if out.zeroPoint != zeroPoint || (out.scale - scale).magnitude > scale / 1000 {
      throw GMLError(
        .invalidQuantization, "output scale and zero point differ from the ones TFLite fixes")
    }
  }

  /// Checks that int8 tensors `a` and `b` share scale and zero point, as
  /// ops that only move or compare values need (pooling, RESHAPE, PAD,
  /// TRANSPOSE).
  /// - Throws: `invalidQuantization`.
  func checkSameParameters(_ a: Int, _ b: Int) throws(GMLError) {
    let (x, y) = (try activation(a), try activation(b))
    if x.scale != y.scale || x.zeroPoint != y.zeroPoint {
      throw GMLError(
        .invalidQuantization, "input and output quantization differ; the op does not requantize")
    }
  }
}
