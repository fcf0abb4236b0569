// GMLRuntime/OpResolver+Window.swift — prepare for the windowed ops: Conv2D, DepthwiseConv2D, pooling, and FullyConnected.
import GMLCore
import GMLFormat
import GMLKernels

extension OpResolver {
  static func prepareConv2D(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2...3, required: 2, outputs: 1)
    var o = Conv2DOptions()
    switch c.options {
    case .none: break
    case .conv2D(let options): o = options
    default: throw c.wrongOptions()
    }
    let input = c.shape(c.input(0))
    let filter = c.shape(c.input(1))
    guard input.rank == 4, filter.rank == 4 else {
      throw GMLError(.shapeMismatch, "Conv2D needs a rank-4 input and filter")
    }
    let padding = try padding2D(
      o.window, input: input, filterH: filter.dims[1], filterW: filter.dims[2],
      dilationH: Int(o.dilationH), dilationW: Int(o.dilationW))
    let p = try Conv2D(
      input: input, filter: filter, bias: c.optionalShape(c.optionalInput(2)),
      strideH: Int(o.window.strideH), strideW: Int(o.window.strideW),
      dilationH: Int(o.dilationH), dilationW: Int(o.dilationW), padding: padding,
      activation: Activation(o.activation))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8Conv2D(p, c) }
    if c.arithmetic == .hybrid { return try hybridConv2D(p, c) }
    return .conv2D(
      p, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output)
  }

  static func prepareDepthwiseConv2D(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2...3, required: 2, outputs: 1)
    var o = DepthwiseConv2DOptions()
    switch c.options {
    case .none: break
    case .depthwiseConv2D(let options): o = options
    default: throw c.wrongOptions()
    }
    let input = c.shape(c.input(0))
    let filter = c.shape(c.input(1))
    guard input.rank == 4, filter.rank == 4 else {
      throw GMLError(.shapeMismatch, "DepthwiseConv2D needs a rank-4 input and filter")
    }
    let padding = try padding2D(
      o.window, input: input, filterH: filter.dims[1], filterW: filter.dims[2],
      dilationH: Int(o.dilationH), dilationW: Int(o.dilationW))
    let p = try DepthwiseConv2D(
      input: input, filter: filter, bias: c.optionalShape(c.optionalInput(2)),
      depthMultiplier: Int(o.depthMultiplier), strideH: Int(o.window.strideH),
      strideW: Int(o.window.strideW), dilationH: Int(o.dilationH), dilationW: Int(o.dilationW),
      padding: padding, activation: Activation(o.activation))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8DepthwiseConv2D(p, c) }
    if c.arithmetic == .hybrid { return try hybridDepthwiseConv2D(p, c) }
    return .depthwiseConv2D(
      p, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output)
  }

  static func preparePool2D(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    var o = Pool2DOptions()
    switch c.options {
    case .none: break
    case .pool2D(let options): o = options
    default: throw c.wrongOptions()
    }
    let input = c.shape(c.input(0))
    guard input.rank == 4 else { throw GMLError(.shapeMismatch, "pooling needs a rank-4 input") }
    let padding = try padding2D(
      o.window, input: input, filterH: Int(o.filterH), filterW: Int(o.filterW), dilationH: 1,
      dilationW: 1)
    let p = try Pool2D(
      input: input, filterH: Int(o.filterH), filterW: Int(o.filterW),
      strideH: Int(o.window.strideH), strideW: Int(o.window.strideW), padding: padding,
      activation: Activation(o.activation))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8Pool2D(p, c) }
    if c.opcode == .maxPool2D { return .maxPool2D(p, input: c.input(0), output: c.output) }
    return .averagePool2D(p, input: c.input(0), output: c.output)
  }

  static func prepareFullyConnected(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2...3, required: 2, outputs: 1)
    var (activation, keepNumDims) = (ActivationFunction.none, false)
    switch c.options {
    case .none: break
    case .fullyConnected(let a, let k): (activation, keepNumDims) = (a, k)
    default: throw c.wrongOptions()
    }
    let p = try FullyConnected(
      input: c.shape(c.input(0)), weights: c.shape(c.input(1)),
      bias: c.optionalShape(c.optionalInput(2)), keepNumDims: keepNumDims,
      activation: Activation(activation))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8FullyConnected(p, c) }
    if c.arithmetic == .hybrid { return try hybridFullyConnected(p, c) }
    return .fullyConnected(
      p, input: c.input(0), weights: c.input(1), bias: c.optionalInput(2), output: c.output)
  }

  /// The explicit padding of a window over an NHWC `input`.
  /// - Throws: `invalidArgument` for strides or dilations below 1, or an
  ///   explicit padding that is not four non-negative numbers.
  static func padding2D(
    _ w: Window2D, input: Shape, filterH: Int, filterW: Int, dilationH: Int, dilationW: Int
  ) throws(GMLError) -> Padding2D {
    if w.strideH < 1 || w.strideW < 1 || dilationH < 1 || dilationW < 1 {
      throw GMLError(.invalidArgument, "strides and dilations must be at least 1")
    }
    switch w.padding {
    case .valid:
      return .zero
    case .same:
      return Padding2D.same(
        inputH: input.dims[1], inputW: input.dims[2], filterH: filterH, filterW: filterW,
        strideH: Int(w.strideH), strideW: Int(w.strideW), dilationH: dilationH,
        dilationW: dilationW)
    case .explicit:
      let e = w.explicitPadding
      guard e.count == 4, e.allSatisfy({ $0 >= 0 }) else {
        throw GMLError(
          .invalidArgument, "explicit padding must be four non-negative [top, bottom, left, right]")
      }
      return Padding2D(top: Int(e[0]), bottom: Int(e[1]), left: Int(e[2]), right: Int(e[3]))
    }
  }
}
