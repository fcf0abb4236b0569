// GMLConverter/Passes/FoldBatchNorm.swift — folds BatchNorm into the preceding conv/dense, or lowers it to Mul + Add.
import GMLFormat

/// Removes every BatchNorm node (`.gml` has no such op).
///
/// With `fold`, a BatchNorm reading a Conv2D, DepthwiseConv2D or Dense whose
/// output nothing else reads and that has no fused activation is folded
/// into that op: per output channel c, with
/// `scale[c] = gamma[c] / sqrt(variance[c] + epsilon)`,
/// the weights of channel c are multiplied by `scale[c]` and the bias
/// becomes `bias[c]·scale[c] + beta[c] − mean[c]·scale[c]` (a zero bias is
/// created when absent). The channel is filter dim 0 for Conv2D,
/// Conv2DTranspose and Dense
/// and the last filter dim for DepthwiseConv2D. Folded weights are new
/// constants, so weights shared with another op are left as they were.
///
/// Every other BatchNorm becomes `Mul(x, scale)` then `Add(·, shift)` with
/// constant per-channel vectors, `shift = beta − mean·scale`.
enum FoldBatchNorm {
  /// - Parameters:
  ///   - graph: a graph whose shapes are inferred.
  ///   - fold: whether to fold into producers; false lowers every BatchNorm.
  /// - Returns: how many BatchNorms were folded and how many lowered.
  @discardableResult
  static func run(_ graph: inout Graph, fold: Bool = true) throws(ConversionError) -> (
    folded: Int, lowered: Int
  ) {
    var folded = 0
    var lowered = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard case .batchNorm(let epsilon) = node.op else {
        i += 1
        continue
      }
      let (scale, shift) = try parameters(node, epsilon: epsilon, graph)
      if fold, let p = foldableProducer(of: node.inputs[0], graph) {
        foldInto(p, scale: scale, shift: shift, &graph)
        graph.absorb(consumerAt: i, intoProducerAt: p)
        folded += 1
      } else {
        lower(at: i, scale: scale, shift: shift, &graph)
        lowered += 1
        i += 2
      }
    }
    return (folded, lowered)
  }

  /// The per-channel `scale` and `shift` of a BatchNorm.
  static func parameters(_ node: Node, epsilon: Float, _ graph: Graph) throws(ConversionError)
    -> ([Float], [Float])
  {
    guard node.inputs.count == 5, let gamma = graph.constant(node.inputs[1]),
      let beta = graph.constant(node.inputs[2]), let mean = graph.constant(node.inputs[3]),
      let variance = graph.constant(node.inputs[4])
    else { throw graph.error(node, "gamma, beta, mean and variance must be constant tensors") }
    // Computed in Double and rounded once, so folding adds no error of its own.
    let scale = gamma.indices.map { c in
      Double(gamma[c]) / (Double(variance[c]) + Double(epsilon)).squareRoot()
    }
    let shift = beta.indices.map { c in Float(Double(beta[c]) - Double(mean[c]) * scale[c]) }
    return (scale.map { Float($0) }, shift)
  }

  /// The index of the op producing `x` that a per-channel affine step on
  /// `x` (a BatchNorm, `FoldAffine`'s Add, Sub or Mul) can fold into.
  static func foldableProducer(of x: String, _ graph: Graph) -> Int? {
    guard let p = graph.producerIndex(x), graph.readerCount(x) == 1 else { return nil }
    let producer = graph.nodes[p]
    guard producer.op.fusedActivation == ActivationFunction.none,
      producer.inputs.dropFirst().allSatisfy({ graph.constant($0) != nil })
    else { return nil }
    switch producer.op {
    case .conv2D, .depthwiseConv2D, .transposeConv, .dense: return p
    default: return nil
    }
  }

  /// Scales the weights of the op at `p` per output channel and folds `shift` into its bias.
  static func foldInto(_ p: Int, scale: [Float], shift: [Float], _ graph: inout Graph) {
    let producer = graph.nodes[p]
    let filterName = producer.inputs[1]
    guard let filter = graph.tensors[filterName], var w = filter.data else { return }
    let channels = scale.count
    if case .depthwiseConv2D = producer.op {
      for k in w.indices { w[k] *= scale[k % channels] }
    } else {
      let perChannel = w.count / channels
      for k in w.indices { w[k] *= scale[k / perChannel] }
    }
    var bias = producer.inputs.count == 3 ? graph.constant(producer.inputs[2]) ?? [] : []
    if bias.count != channels { bias = [Float](repeating: 0, count: channels) }
    for c in 0..<channels { bias[c] = bias[c] * scale[c] + shift[c] }
    let newFilter = graph.addConstant(filterName + ".bn_folded", shape: filter.shape, values: w)
    let biasBase = producer.inputs.count == 3 ? producer.inputs[2] : producer.name + ".bias"
    let newBias = graph.addConstant(biasBase + ".bn_folded", shape: [channels], values: bias)
    graph.nodes[p].inputs = [producer.inputs[0], newFilter, newBias]
  }

  /// Replaces the BatchNorm at `i` by `Mul(x, scale)` and `Add(·, shift)`.
  static func lower(at i: Int, scale: [Float], shift: [Float], _ graph: inout Graph) {
    let node = graph.nodes[i]
    let x = node.inputs[0]
    let channels = [scale.count]
    let scaleName = graph.addConstant(node.name + ".scale", shape: channels, values: scale)
    let shiftName = graph.addConstant(node.name + ".shift", shape: channels, values: shift)
    let scaled = graph.addActivation(node.name + ".scaled", shape: graph.shape(x))
    graph.nodes[i] = Node(
      name: node.name + ".mul", op: .mul(activation: .none), inputs: [x, scaleName],
      outputs: [scaled], place: node.place)
    graph.nodes.insert(
      Node(
        name: node.name, op: .add(activation: .none), inputs: [scaled, shiftName],
        outputs: node.outputs, place: node.place),
      at: i + 1)
  }
}
