// GMLRuntime/OpResolver+Int8Shape.swift — int8 prepare for Mean, the data-movement ops, QUANTIZE and DEQUANTIZE.
import GMLCore
import GMLFormat
import GMLKernels

extension OpResolver {
  static func int8Mean(_ p: Mean, _ c: OpContext, axes: [Int], keepDims: Bool) throws(GMLError)
    -> PreparedOp
  {
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let k = try MeanInt8(
      input: c.shape(c.input(0)), axes: axes, keepDims: keepDims, inputScale: input.scale,
      inputZeroPoint: input.zeroPoint, outputScale: output.scale,
      outputZeroPoint: output.zeroPoint, function: p.function)
    return .int8(.mean(k, input: c.input(0), output: c.output))
  }

  /// RESHAPE copies bytes: input and output must share their parameters.
  static func int8Reshape(_ p: Reshape, _ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.checkSameParameters(c.input(0), c.output)
    return .int8(.reshape(ReshapeInt8(p), input: c.input(0), output: c.output))
  }

  /// TRANSPOSE moves bytes: input and output must share their parameters.
  static func int8Transpose(_ p: Transpose, _ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.checkSameParameters(c.input(0), c.output)
    return .int8(.transpose(TransposeInt8(p), input: c.input(0), output: c.output))
  }

  /// PAD copies values and fills with the real `value` quantized with the
  /// output's parameters (its zero point for 0, as TFLite's default).
  static func int8Pad(_ p: Pad, _ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.checkSameParameters(c.input(0), c.output)
    let output = try c.activation(c.output)
    var constant: Int8? = nil
    if p.value != 0 {
      let q = Int64(QuantizationInt8.roundToInt32(p.value / output.scale))
      constant = Int8(clamping: q + Int64(output.zeroPoint))
    }
    let k = try PadInt8(p, outputZeroPoint: output.zeroPoint, constant: constant)
    return .int8(.pad(k, input: c.input(0), output: c.output))
  }
}

extension OpResolver {
  /// CONCATENATION: inputs quantized like the output are copied, others
  /// requantized to the output's parameters.
  static func int8Concatenation(_ p: Concatenation, _ c: OpContext) throws(GMLError)
    -> PreparedOp
  {
    var (scales, zeroPoints): ([Float], [Int32]) = ([], [])
    for t in c.inputs {
      let q = try c.activation(t)
      scales.append(q.scale)
      zeroPoints.append(q.zeroPoint)
    }
    let output = try c.activation(c.output)
    let k = try ConcatenationInt8(
      p, inputScales: scales, inputZeroPoints: zeroPoints, outputScale: output.scale,
      outputZeroPoint: output.zeroPoint)
    return .int8(.concatenation(k, inputs: c.inputs, output: c.output))
  }

  /// QUANTIZE (float32 → int8) and DEQUANTIZE (int8 → float32), with the
  /// int8 side's per-tensor parameters; same shape on both sides.
  static func prepareQuantize(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    guard c.options == .none else { throw c.wrongOptions() }
    let shape = c.shape(c.input(0))
    try c.checkOutput(shape)
    if c.opcode == .quantize {
      let q = try c.activation(c.output)
      let k = try QuantizeInt8(shape: shape, scale: q.scale, zeroPoint: q.zeroPoint)
      return .int8(.quantize(k, input: c.input(0), output: c.output))
    }
    let q = try c.activation(c.input(0))
    let k = try DequantizeInt8(shape: shape, scale: q.scale, zeroPoint: q.zeroPoint)
    return .int8(.dequantize(k, input: c.input(0), output: c.output))
  }
}
