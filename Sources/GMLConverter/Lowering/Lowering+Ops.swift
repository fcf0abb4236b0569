// GMLConverter/Lowering/Lowering+Ops.swift — each graph op as a .gml op code and options.
import GMLFormat
import GMLKernels

extension Lowering {
  /// The `.gml` op code of an op family's case, found by its name.
  /// - Throws: naming `node`, when this build's schema has no such code.
  static func opCode<F: OperatorFamily>(_ f: F, _ node: Node, _ graph: Graph)
    throws(ConversionError) -> OpCode
  {
    guard let code = OpCode(schemaName: f.schemaName) else {
      throw graph.error(node, "has no .gml op code in this build")
    }
    return code
  }

  /// The `.gml` op code and options of `node`.
  /// - Throws: `ConversionError` for BatchNorm, Dropout or Identity, which
  ///   the passes must have removed.
  static func lowered(_ node: Node, _ graph: Graph) throws(ConversionError) -> (OpCode, OpOptions) {
    let rank = graph.shape(node.inputs.first ?? "").count
    switch node.op {
    case .conv2D(let a):
      return (
        .conv2D,
        .conv2D(
          Conv2DOptions(
            window: window(a.window), dilationH: Int32(a.dilationH), dilationW: Int32(a.dilationW),
            activation: a.activation))
      )
    case .depthwiseConv2D(let a):
      return (
        .depthwiseConv2D,
        .depthwiseConv2D(
          DepthwiseConv2DOptions(
            window: window(a.window), dilationH: Int32(a.dilationH), dilationW: Int32(a.dilationW),
            depthMultiplier: Int32(a.depthMultiplier), activation: a.activation))
      )
    case .transposeConv(let a):
      return (
        .transposeConv,
        .conv2D(Conv2DOptions(window: window(a.window), activation: a.activation))
      )
    case .dense(let activation):
      return (.fullyConnected, .fullyConnected(activation: activation, keepNumDims: rank != 2))
    case .add(let activation): return (.add, .elementwise(activation: activation))
    case .sub(let activation): return (.sub, .elementwise(activation: activation))
    case .mul(let activation): return (.mul, .elementwise(activation: activation))
    case .div(let activation): return (.div, .elementwise(activation: activation))
    case .relu: return (.relu, .none)
    case .relu6: return (.relu6, .none)
    case .sigmoid: return (.logistic, .none)
    case .tanh: return (.tanh, .none)
    case .hardSwish: return (.hardSwish, .none)
    case .unary(let f): return (try opCode(f, node, graph), .none)
    case .binary(let f): return (try opCode(f, node, graph), .none)
    case .gelu(let approximate): return (.gelu, .gelu(approximate: approximate))
    case .logSoftmax: return (.logSoftmax, .none)
    case .layerNorm(let epsilon): return (.layerNorm, .layerNorm(epsilon: epsilon))
    case .lstm(let a), .gru(let a):
      guard a.returnSequences else {
        throw graph.error(node, "returns its last step; RecurrentLastStep should have sliced it")
      }
      if case .gru = node.op {
        return (.gru, .gru(timeMajor: a.timeMajor, activation: a.activation))
      }
      return (
        .unidirectionalSequenceLstm,
        .sequenceLSTM(
          cellClip: a.cellClip, timeMajor: a.timeMajor, cellScaleLog2: -15,
          activation: a.activation)
      )
    case .matMul(let a, let b): return (.batchMatmul, .batchMatMul(adjointLhs: a, adjointRhs: b))
    case .leakyRelu(let alpha): return (.leakyRelu, .leakyRelu(alpha: alpha))
    case .prelu: return (.prelu, .none)
    case .softmax(let axis, let beta):
      return (.softmax, .softmax(beta: beta, axis: Int32(normalizedAxis(axis, rank: rank) ?? axis)))
    case .pool2D(let f, let a): return (try opCode(f, node, graph), .pool2D(pool(a)))
    case .reduce(let f, let axes, let keepDims):
      let code = try opCode(f, node, graph)
      let normalized = Set(axes.map { normalizedAxis($0, rank: rank) ?? $0 }).sorted()
      return (code, .mean(axes: normalized.map { Int32($0) }, keepDims: keepDims))
    case .reshape, .flatten:
      return (.reshape, .reshape(newShape: graph.shape(node.outputs[0]).map { Int32($0) }))
    case .concat(let axis):
      let a = normalizedAxis(axis, rank: rank) ?? axis
      return (.concatenation, .concatenation(axis: Int32(a), activation: .none))
    case .pad(let paddings, let value):
      return (.pad, .pad(paddings: paddings.flatMap { $0.map { Int32($0) } }, value: value))
    case .transpose(let perm): return (.transpose, .transpose(perm: perm.map { Int32($0) }))
    case .tile(let multiples): return (.tile, .tile(multiples: multiples.map { Int32($0) }))
    case .stridedSlice(let begin, let end, let strides):
      let shape = graph.shape(node.inputs.first ?? "")
      guard let (b, e) = resolvedSlice(begin: begin, end: end, shape: shape) else {
        throw graph.error(node, "has bounds outside its input (shape inference refuses them)")
      }
      return (
        .stridedSlice,
        .stridedSlice(
          begin: b.map { Int32($0) }, end: e.map { Int32($0) }, strides: strides.map { Int32($0) })
      )
    case .gather(let axis):
      return (.gather, .gather(axis: Int32(normalizedAxis(axis, rank: rank) ?? axis)))
    case .resize(let a):
      return (
        a.method == .bilinear ? .resizeBilinear : .resizeNearestNeighbor,
        .resize(alignCorners: a.alignCorners, halfPixelCenters: a.halfPixelCenters)
      )
    case .batchNorm, .dropout, .identity:
      throw graph.error(node, "has no .gml op; the converter's passes should have removed it")
    }
  }

  /// A gml-float window as `.gml` geometry.
  static func window(_ w: Window) -> Window2D {
    switch w.padding {
    case .valid:
      return Window2D(padding: .valid, strideH: Int32(w.strideH), strideW: Int32(w.strideW))
    case .same:
      return Window2D(padding: .same, strideH: Int32(w.strideH), strideW: Int32(w.strideW))
    case .explicit(let t, let b, let l, let r):
      return Window2D(
        padding: .explicit, strideH: Int32(w.strideH), strideW: Int32(w.strideW),
        explicitPadding: [t, b, l, r].map { Int32($0) })
    }
  }

  static func pool(_ a: PoolAttributes) -> Pool2DOptions {
    Pool2DOptions(window: window(a.window), filterH: Int32(a.poolH), filterW: Int32(a.poolW))
  }
}
