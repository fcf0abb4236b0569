// GMLRuntime/OpResolver.swift — maps each operator to its kernel and checks it: the prepare phase per op.
import GMLCore
import GMLFormat
import GMLKernels

/// Resolves an operator to a kernel and prepares it: operand counts,
/// element types, options, and the output shape the kernel computes
/// against the one the file declares.
///
/// A `switch` over `OpCode`, not a table of closures (swiftc 6.3.1 crashes
/// on arrays of typed-throws closures; a switch is also what Embedded
/// builds strip best).
enum OpResolver {
  /// Prepares operator `index` of a graph.
  ///
  /// - Parameters:
  ///   - op: the operator.
  ///   - index: its position, for error locations.
  ///   - tensors: every tensor's type and shape.
  /// - Returns: the prepared kernel.
  /// - Throws: `GMLError` at `.op(index)`: `unsupportedOp` (no kernel),
  ///   `unsupportedType` (operand types without a kernel), `malformed`
  ///   (operand counts, options of another op), `invalidQuantization`,
  ///   `shapeMismatch`, `invalidArgument`.
  static func prepare(
    _ op: Operator, index: Int, tensors: [TensorInfo], shapeSink: ShapeSink? = nil
  ) throws(GMLError) -> PreparedOp {
    do throws(GMLError) {
      var c = try OpContext(op, index: index, tensors: tensors)
      c.shapeSink = shapeSink
      return try prepare(c)
    } catch {
      if error.location != .none { throw error }
      throw GMLError(error.kind, at: .op(index), error.detail)
    }
  }

  private static func prepare(_ c: OpContext) throws(GMLError) -> PreparedOp {
    guard c.opcode.isBuilt else {
      throw GMLError(.unsupportedOp, "not among the operators this program was built with")
    }
    switch c.opcode {
    case .add, .sub, .mul, .div: return try prepareElementwise(c)
    case .maximum: return try prepareBinary(c, .maximum)
    case .minimum: return try prepareBinary(c, .minimum)
    case .squaredDifference: return try prepareBinary(c, .squaredDifference)
    case .pow: return try prepareBinary(c, .pow)
    case .conv2D: return try prepareConv2D(c)
    case .transposeConv: return try prepareTransposeConv(c)
    case .depthwiseConv2D: return try prepareDepthwiseConv2D(c)
    case .fullyConnected: return try prepareFullyConnected(c)
    case .maxPool2D, .averagePool2D: return try preparePool2D(c)
    case .relu: return try prepareActivation(c, .relu)
    case .relu6: return try prepareActivation(c, .relu6)
    case .reluN1To1: return try prepareActivation(c, .reluN1To1)
    case .logistic: return try prepareActivation(c, .sigmoid)
    case .tanh: return try prepareActivation(c, .tanh)
    case .hardSwish: return try prepareActivation(c, .hardSwish)
    case .elu: return try prepareUnary(c, .elu)
    case .exp: return try prepareUnary(c, .exp)
    case .log: return try prepareUnary(c, .log)
    case .sqrt: return try prepareUnary(c, .sqrt)
    case .rsqrt: return try prepareUnary(c, .rsqrt)
    case .abs: return try prepareUnary(c, .abs)
    case .neg: return try prepareUnary(c, .neg)
    case .gelu: return try prepareGelu(c)
    case .batchMatmul: return try prepareBatchMatMul(c)
    case .leakyRelu: return try prepareLeakyRelu(c)
    case .prelu: return try preparePrelu(c)
    case .softmax: return try prepareSoftmax(c)
    case .logSoftmax: return try prepareLogSoftmax(c)
    case .layerNorm: return try prepareLayerNorm(c)
    case .unidirectionalSequenceLstm: return try prepareSequenceLSTM(c)
    case .gru: return try prepareGRU(c)
    case .mean: return try prepareMean(c, .mean)
    case .sum: return try prepareMean(c, .sum)
    case .reduceMax: return try prepareMean(c, .max)
    case .reshape: return try prepareReshape(c)
    case .concatenation: return try prepareConcatenation(c)
    case .pad: return try preparePad(c)
    case .transpose: return try prepareTranspose(c)
    case .tile, .stridedSlice: return try prepareStridedCopy(c)
    case .gather: return try prepareGather(c)
    case .resizeBilinear, .resizeNearestNeighbor: return try prepareResize(c)
    case .quantize, .dequantize: return try prepareQuantize(c)
    }
  }

  private static func prepareElementwise(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2, outputs: 1)
    var activation = ActivationFunction.none
    switch c.options {
    case .none: break
    case .elementwise(let a): activation = a
    default: throw c.wrongOptions()
    }
    let operation: Elementwise.Operation =
      c.opcode == .add ? .add : c.opcode == .sub ? .sub : c.opcode == .mul ? .mul : .div
    let p = try Elementwise(
      operation, lhs: c.shape(c.input(0)), rhs: c.shape(c.input(1)),
      activation: Activation(activation))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8Elementwise(operation, p, c) }
    return .elementwise(p, lhs: c.input(0), rhs: c.input(1), output: c.output)
  }

  /// The `BinaryFunction` ops: two operands broadcast.
  private static func prepareBinary(_ c: OpContext, _ f: BinaryFunction) throws(GMLError)
    -> PreparedOp
  {
    try c.expect(inputs: 2, outputs: 1)
    guard c.options == .none else { throw c.wrongOptions() }
    let p = try BinaryFunctionOp(f, lhs: c.shape(c.input(0)), rhs: c.shape(c.input(1)))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 {
      let (lhs, rhs) = (try c.activation(c.input(0)), try c.activation(c.input(1)))
      let output = try c.activation(c.output)
      let k = try BinaryFunctionOpInt8(
        p, lhsScale: lhs.scale, lhsZeroPoint: lhs.zeroPoint, rhsScale: rhs.scale,
        rhsZeroPoint: rhs.zeroPoint, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
      return .int8(.binary(k, lhs: c.input(0), rhs: c.input(1), output: c.output))
    }
    return .binary(p, lhs: c.input(0), rhs: c.input(1), output: c.output)
  }

  private static func prepareActivation(_ c: OpContext, _ a: Activation) throws(GMLError)
    -> PreparedOp
  {
    try c.expect(inputs: 1, outputs: 1)
    guard c.options == .none else { throw c.wrongOptions() }
    try c.checkOutput(c.shape(c.input(0)))
    if c.arithmetic == .int8 { return try int8Activation(a, c) }
    return .activation(a, input: c.input(0), output: c.output)
  }

  /// The `UnaryFunction` ops.
  private static func prepareUnary(_ c: OpContext, _ f: UnaryFunction) throws(GMLError)
    -> PreparedOp
  {
    try c.expect(inputs: 1, outputs: 1)
    guard c.options == .none else { throw c.wrongOptions() }
    try c.checkOutput(c.shape(c.input(0)))
    if c.arithmetic == .int8 {
      let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
      let k = try LookupTableInt8(
        f, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.lookupTable(k, input: c.input(0), output: c.output))
    }
    return .unary(f, input: c.input(0), output: c.output)
  }

  private static func prepareGelu(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    var gelu = Gelu(approximate: false)
    switch c.options {
    case .none: break
    case .gelu(let approximate): gelu = Gelu(approximate: approximate)
    default: throw c.wrongOptions()
    }
    try c.checkOutput(c.shape(c.input(0)))
    if c.arithmetic == .int8 {
      let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
      let k = try LookupTableInt8(
        gelu, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.lookupTable(k, input: c.input(0), output: c.output))
    }
    return .gelu(gelu, input: c.input(0), output: c.output)
  }

  private static func prepareBatchMatMul(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2, outputs: 1)
    var (adjointLhs, adjointRhs) = (false, false)
    switch c.options {
    case .none: break
    case .batchMatMul(let l, let r): (adjointLhs, adjointRhs) = (l, r)
    default: throw c.wrongOptions()
    }
    let p = try BatchMatMul(
      lhs: c.shape(c.input(0)), rhs: c.shape(c.input(1)), adjointLhs: adjointLhs,
      adjointRhs: adjointRhs)
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 {
      let (lhs, rhs) = (try c.activation(c.input(0)), try c.activation(c.input(1)))
      let output = try c.activation(c.output)
      let k = try BatchMatMulInt8(
        p, lhsScale: lhs.scale, lhsZeroPoint: lhs.zeroPoint, rhsScale: rhs.scale,
        rhsZeroPoint: rhs.zeroPoint, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
      return .int8(.batchMatMul(k, lhs: c.input(0), rhs: c.input(1), output: c.output))
    }
    return .batchMatMul(p, lhs: c.input(0), rhs: c.input(1), output: c.output)
  }

  private static func prepareLeakyRelu(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    var alpha: Float = 0.2
    switch c.options {
    case .none: break
    case .leakyRelu(let a): alpha = a
    default: throw c.wrongOptions()
    }
    try c.checkOutput(c.shape(c.input(0)))
    if c.arithmetic == .int8 { return try int8LeakyRelu(alpha, c) }
    return .leakyRelu(LeakyRelu(alpha: alpha), input: c.input(0), output: c.output)
  }

  private static func preparePrelu(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2, outputs: 1)
    guard c.options == .none else { throw c.wrongOptions() }
    let p = try Prelu(input: c.shape(c.input(0)), alpha: c.shape(c.input(1)))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 {
      let (input, alpha) = (try c.activation(c.input(0)), try c.activation(c.input(1)))
      let output = try c.activation(c.output)
      let k = try PreluInt8(
        p, inputScale: input.scale, inputZeroPoint: input.zeroPoint, alphaScale: alpha.scale,
        alphaZeroPoint: alpha.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.prelu(k, input: c.input(0), alpha: c.input(1), output: c.output))
    }
    return .prelu(p, input: c.input(0), alpha: c.input(1), output: c.output)
  }

  private static func prepareLogSoftmax(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    guard c.options == .none else { throw c.wrongOptions() }
    let p = try LogSoftmax(input: c.shape(c.input(0)))
    try c.checkOutput(c.shape(c.input(0)))
    if c.arithmetic == .int8 {
      let (input, output) = (try c.activation(c.input(0)), try c.activation(c.output))
      let k = try LogSoftmaxInt8(
        p, inputScale: input.scale, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
      return .int8(.logSoftmax(k, input: c.input(0), output: c.output))
    }
    return .logSoftmax(p, input: c.input(0), output: c.output)
  }

  private static func prepareLayerNorm(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 3, outputs: 1)
    guard case .layerNorm(let epsilon) = c.options else { throw c.wrongOptions() }
    let shape = c.shape(c.input(0))
    let p = try LayerNorm(input: shape, epsilon: epsilon)
    for k in 1...2 where try c.shape(c.input(k)).elementCount() != p.depth {
      throw GMLError(
        .shapeMismatch,
        k == 1
          ? "LAYER_NORM gamma must have one element per element of the input's last axis"
          : "LAYER_NORM beta must have one element per element of the input's last axis")
    }
    try c.checkOutput(shape)
    let (x, gamma, beta) = (c.input(0), c.input(1), c.input(2))
    if c.arithmetic == .int8 {
      let (input, output) = (try c.activation(x), try c.activation(c.output))
      let k = try LayerNormInt8(
        p, inputScale: input.scale, inputZeroPoint: input.zeroPoint, outputScale: output.scale,
        outputZeroPoint: output.zeroPoint)
      return .int8(.layerNorm(k, input: x, gamma: gamma, beta: beta, output: c.output))
    }
    return .layerNorm(p, input: x, gamma: gamma, beta: beta, output: c.output)
  }

  private static func prepareSoftmax(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    var (beta, axis): (Float, Int32) = (1, -1)
    switch c.options {
    case .none: break
    case .softmax(let b, let a): (beta, axis) = (b, a)
    default: throw c.wrongOptions()
    }
    let p = try Softmax(input: c.shape(c.input(0)), beta: beta, axis: Int(axis))
    try c.checkOutput(c.shape(c.input(0)))
    if c.arithmetic == .int8 { return try int8Softmax(p, c) }
    return .softmax(p, input: c.input(0), output: c.output)
  }
}

extension Activation {
  /// The kernels' activation for the schema's.
  public init(_ a: ActivationFunction) {
    switch a {
    case .none: self = .none
    case .relu: self = .relu
    case .relu6: self = .relu6
    case .reluN1To1: self = .reluN1To1
    case .tanh: self = .tanh
    case .sigmoid: self = .sigmoid
    case .hardSwish: self = .hardSwish
    }
  }
}
