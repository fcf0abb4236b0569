// GMLRuntime/OpResolver+TransposeConv.swift — prepare for TRANSPOSE_CONV, float and int8.
import GMLCore
import GMLFormat
import GMLKernels

extension OpResolver {
  /// TRANSPOSE_CONV: inputs x, filter `[out, kh, kw, in]`, bias?;
  /// `Conv2DOptions` give the padding (over the output, as TFLite computes
  /// it), strides and fused activation; the output tensor's shape is the
  /// output's size. Dilation must be 1 (TFLite's has none).
  static func prepareTransposeConv(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2...3, required: 2, outputs: 1)
    guard case .conv2D(let o) = c.options else { throw c.wrongOptions() }
    guard o.dilationH == 1, o.dilationW == 1 else {
      throw GMLError(.invalidArgument, "TRANSPOSE_CONV has no dilation")
    }
    let (filter, output) = (c.shape(c.input(1)), c.shape(c.output))
    guard filter.rank == 4, output.rank == 4 else {
      throw GMLError(.shapeMismatch, "TRANSPOSE_CONV needs a rank-4 filter and output")
    }
    let padding = try padding2D(
      o.window, input: output, filterH: filter.dims[1], filterW: filter.dims[2], dilationH: 1,
      dilationW: 1)
    let p = try TransposeConv2D(
      input: c.shape(c.input(0)), filter: filter, bias: c.optionalShape(c.optionalInput(2)),
      output: output, strideH: Int(o.window.strideH), strideW: Int(o.window.strideW),
      padding: padding, activation: Activation(o.activation))
    if c.arithmetic == .int8 {
      let (input, out) = (try c.activation(c.input(0)), try c.activation(c.output))
      let weights = try c.weights(c.input(1), axis: 0, channels: filter.dims[0])
      try c.checkBias(c.optionalInput(2), channels: filter.dims[0])
      let k = try TransposeConv2DInt8(
        p, inputScale: input.scale, inputZeroPoint: input.zeroPoint, filterScales: weights.scales,
        outputScale: out.scale, outputZeroPoint: out.zeroPoint)
      return .int8(
        .transposeConv(
          k, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output))
    }
    return .transposeConv(
      p, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output)
  }
}
