// GMLRuntime/OpResolver+Int8.swift — prepare for int8 operators: quantization checks, then the int8 kernels' parameters.
import GMLCore
import GMLFormat
import GMLKernels

/// Each function takes the geometry the float prepare checked and the
/// op's context, checks the operands' quantization (`OpContext` helpers)
/// and builds the int8 kernel, whose `init` computes every multiplier.
extension OpResolver {
  static func int8Conv2D(_ p: Conv2D, _ c: OpContext) throws(GMLError) -> PreparedOp {
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let filter = try c.weights(c.input(1), axis: 0, channels: p.outputDepth)
    try c.checkBias(c.optionalInput(2), channels: p.outputDepth)
    let k = try Conv2DInt8(
      p, inputScale: input.scale, inputZeroPoint: input.zeroPoint, filterScales: filter.scales,
      outputScale: output.scale, outputZeroPoint: output.zeroPoint)
    return .int8(
      .conv2D(k, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output))
  }

  static func int8DepthwiseConv2D(_ p: DepthwiseConv2D, _ c: OpContext) throws(GMLError)
    -> PreparedOp
  {
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let channels = p.inputDepth * p.depthMultiplier
    let filter = try c.weights(c.input(1), axis: 3, channels: channels)
    try c.checkBias(c.optionalInput(2), channels: channels)
    let k = try DepthwiseConv2DInt8(
      p, inputScale: input.scale, inputZeroPoint: input.zeroPoint, filterScales: filter.scales,
      outputScale: output.scale, outputZeroPoint: output.zeroPoint)
    return .int8(
      .depthwiseConv2D(
        k, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output))
  }

  static func int8FullyConnected(_ p: FullyConnected, _ c: OpContext) throws(GMLError)
    -> PreparedOp
  {
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let weights = try c.weights(
      c.input(1), axis: 0, channels: p.outputDepth, perTensorZeroPoint: true)
    try c.checkBias(c.optionalInput(2), channels: p.outputDepth)
    let k = try FullyConnectedInt8(
      p, inputScale: input.scale, inputZeroPoint: input.zeroPoint, weightScales: weights.scales,
      weightZeroPoint: weights.zeroPoint, outputScale: output.scale,
      outputZeroPoint: output.zeroPoint)
    return .int8(
      .fullyConnected(
        k, input: c.input(0), weights: c.input(1), bias: c.optionalInput(2), output: c.output))
  }

  static func int8Pool2D(_ p: Pool2D, _ c: OpContext) throws(GMLError) -> PreparedOp {
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let k = try Pool2DInt8(
      p, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
      outputZeroPoint: output.zeroPoint)
    if c.opcode == .maxPool2D { return .int8(.maxPool2D(k, input: c.input(0), output: c.output)) }
    return .int8(.averagePool2D(k, input: c.input(0), output: c.output))
  }

  static func int8Elementwise(_ operation: Elementwise.Operation, _ p: Elementwise, _ c: OpContext)
    throws(GMLError) -> PreparedOp
  {
    let (lhs, rhs) = (try c.activation(c.input(0)), try c.activation(c.input(1)))
    let output = try c.activation(c.output)
    let int8Operation: ElementwiseInt8.Operation
    switch operation {
    case .add: int8Operation = .add
    case .sub: int8Operation = .sub
    case .mul: int8Operation = .mul
    case .div:
      let k = try DivInt8(
        p, lhsScale: lhs.scale, lhsZeroPoint: lhs.zeroPoint, rhsScale: rhs.scale,
        rhsZeroPoint: rhs.zeroPoint, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
      return .int8(.div(k, lhs: c.input(0), rhs: c.input(1), output: c.output))
    }
    let k = try ElementwiseInt8(
      int8Operation, lhs: c.shape(c.input(0)), lhsScale: lhs.scale, lhsZeroPoint: lhs.zeroPoint,
      rhs: c.shape(c.input(1)), rhsScale: rhs.scale, rhsZeroPoint: rhs.zeroPoint,
      outputScale: output.scale, outputZeroPoint: output.zeroPoint, activation: p.activation)
    return .int8(.elementwise(k, lhs: c.input(0), rhs: c.input(1), output: c.output))
  }

  /// RELU, RELU6, RELU_N1_TO_1, LOGISTIC, TANH and HARD_SWISH; TFLite
  /// fixes the output parameters of LOGISTIC and TANH.
  static func int8Activation(_ a: Activation, _ c: OpContext) throws(GMLError) -> PreparedOp {
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let (x, y) = (c.input(0), c.output)
    switch a {
    case .sigmoid:
      try c.checkFixedOutput(scale: 1.0 / 256, zeroPoint: -128)
      let k = try LookupTableInt8.logistic(
        inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.lookupTable(k, input: x, output: y))
    case .tanh:
      try c.checkFixedOutput(scale: 1.0 / 128, zeroPoint: 0)
      let k = try LookupTableInt8.tanh(
        inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.lookupTable(k, input: x, output: y))
    case .hardSwish:
      let k = try HardSwishInt8(
        inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.hardSwish(k, input: x, output: y))
    case .relu, .relu6, .reluN1To1:
      let k = try ReluInt8(
        a, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.relu(k, input: x, output: y))
    case .none:
      throw GMLError(.unsupportedOp, "no int8 kernel for this op in this build")
    }
  }

  static func int8LeakyRelu(_ alpha: Float, _ c: OpContext) throws(GMLError) -> PreparedOp {
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let k = try LeakyReluInt8(
      alpha: alpha, inputScale: input.scale, inputZeroPoint: input.zeroPoint,
      outputScale: output.scale, outputZeroPoint: output.zeroPoint)
    return .int8(.leakyRelu(k, input: c.input(0), output: c.output))
  }

  /// SOFTMAX along the last axis (TFLite's int8 kernel has no other).
  static func int8Softmax(_ p: Softmax, _ c: OpContext) throws(GMLError) -> PreparedOp {
    guard p.inner == 1 else {
      throw GMLError(.unsupportedOp, "int8 SOFTMAX runs along the last axis only")
    }
    try c.checkFixedOutput(scale: 1.0 / 256, zeroPoint: -128)
    let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
    let k = try SoftmaxInt8(
      input: c.shape(c.input(0)), inputScale: input.scale, outputScale: output.scale,
      outputZeroPoint: output.zeroPoint, beta: p.beta)
    return .int8(.softmax(k, input: c.input(0), output: c.output))
  }
}
