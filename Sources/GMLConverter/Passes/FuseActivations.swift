// GMLConverter/Passes/FuseActivations.swift — fuses Relu, Relu6, Sigmoid, Tanh, HardSwish into the op before them.
import GMLFormat

/// Moves an activation node into the op that produces its input, when that
/// op can carry a fused activation (Conv2D, DepthwiseConv2D, Dense, Add,
/// Sub, Mul), has none yet, and nothing else reads its output. The
/// runtime applies a fused activation to each output value exactly as the
/// separate op would, so the result is unchanged.
///
/// LeakyRelu has no fused form and stays a node. Pools and Concat could
/// carry one in `.gml` but the IR gives them no activation field, so they
/// are left alone.
enum FuseActivations {
  /// - Returns: how many activation nodes were fused.
  @discardableResult
  static func run(_ graph: inout Graph) -> Int {
    var fused = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard let activation = fusable(node.op), node.inputs.count == 1,
        let p = graph.producerIndex(node.inputs[0]),
        graph.nodes[p].op.fusedActivation == ActivationFunction.none,
        graph.readerCount(node.inputs[0]) == 1
      else {
        i += 1
        continue
      }
      graph.nodes[p].op = graph.nodes[p].op.withActivation(activation)
      graph.absorb(consumerAt: i, intoProducerAt: p)
      fused += 1
    }
    return fused
  }

  /// The fused form of an activation op.
  static func fusable(_ op: Op) -> ActivationFunction? {
    switch op {
    case .relu: return .relu
    case .relu6: return .relu6
    case .sigmoid: return .sigmoid
    case .tanh: return .tanh
    case .hardSwish: return .hardSwish
    default: return nil
    }
  }
}
