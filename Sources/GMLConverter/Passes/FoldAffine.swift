// GMLConverter/Passes/FoldAffine.swift — folds Add, Sub and Mul by per-channel constants into the conv or dense before them.
import GMLFormat

/// Folds `y = x · a + b` into the op producing `x`, as `FoldBatchNorm`
/// folds a BatchNorm: an Add, Sub or Mul whose one operand is a Conv2D,
/// DepthwiseConv2D, Conv2DTranspose or Dense output (read by nothing else,
/// no fused activation, constant weights) and whose other is a constant of
/// one value or one per output channel (shape `[1]`, `[C]` or `[1, …, 1,
/// C]`). The op's fused activation moves to the producer.
///
/// Keras models write such affine steps with `keras.ops` after a
/// convolution: MobileNetV3's hard-sigmoid `relu6(conv(x) + 3) / 6` becomes
/// the convolution with 3 in its bias and ReLU6 fused (as TFLiteConverter
/// makes it), one op and one int8 rounding fewer.
enum FoldAffine {
  /// - Returns: how many Add, Sub and Mul nodes were folded.
  @discardableResult
  static func run(_ graph: inout Graph) -> Int {
    var folded = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard let (p, scale, shift) = foldable(node, graph) else {
        i += 1
        continue
      }
      let activation = node.op.fusedActivation ?? .none
      FoldBatchNorm.foldInto(p, scale: scale, shift: shift, &graph)
      graph.nodes[p].op = graph.nodes[p].op.withActivation(activation)
      graph.absorb(consumerAt: i, intoProducerAt: p)
      folded += 1
    }
    return folded
  }

  /// The producer `node` folds into and the per-channel scale and shift
  /// that replace it, or nil.
  static func foldable(_ node: Node, _ graph: Graph) -> (Int, [Float], [Float])? {
    guard node.inputs.count == 2 else { return nil }
    let (a, b) = (node.inputs[0], node.inputs[1])
    let (x, c, xFirst) = graph.constant(b) != nil ? (a, b, true) : (b, a, false)
    guard let values = graph.constant(c), graph.constant(x) == nil,
      let p = FoldBatchNorm.foldableProducer(of: x, graph),
      graph.shape(node.outputs[0]) == graph.shape(x), let channels = graph.shape(x).last,
      let per = perChannel(values, shape: graph.shape(c), channels: channels)
    else { return nil }
    let ones = [Float](repeating: 1, count: channels)
    let zeros = [Float](repeating: 0, count: channels)
    switch node.op {
    case .add: return (p, ones, per)
    case .sub: return xFirst ? (p, ones, per.map { -$0 }) : (p, ones.map { -$0 }, per)
    case .mul: return (p, per, zeros)
    default: return nil
    }
  }

  /// `values` as one value per channel: a single value repeated, or `C`
  /// values of a `[C]` or `[1, …, 1, C]` constant; nil otherwise.
  static func perChannel(_ values: [Float], shape: [Int], channels: Int) -> [Float]? {
    if values.count == 1 { return [Float](repeating: values[0], count: channels) }
    guard values.count == channels, shape.last == channels, shape.dropLast().allSatisfy({ $0 == 1 })
    else { return nil }
    return values
  }
}
