// GMLConverter/Passes/FusePad.swift — folds a zero Pad of height and width into the convolutions that read it.

/// Folds an explicit Pad into the Conv2D / DepthwiseConv2D ops reading its
/// output, as explicit padding, where the result is exactly the same:
///
/// - the Pad is NHWC, pads only H and W (batch and channel pads are 0), and
///   pads with 0.0 — the value convolution padding implies;
/// - every reader is a convolution reading it as x, and it is no graph output.
///
/// VALID + pad becomes explicit `pad`; explicit `e` + pad becomes `e + pad`;
/// SAME + pad becomes explicit `pad + SAME(padded input)`, the amounts SAME
/// would have added to the padded input. Pools are never fused: max pool
/// pads with −∞, so zero padding is only the same for inputs ≥ 0, and
/// average pool leaves padding out of its count.
enum FusePad {
  /// - Returns: how many Pad nodes were folded away.
  @discardableResult
  static func run(_ graph: inout Graph) -> Int {
    var fused = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard let pads = spatialPads(node), let output = node.outputs.first,
        !graph.outputs.contains(output)
      else {
        i += 1
        continue
      }
      let readers = graph.nodes.indices.filter { graph.nodes[$0].inputs.contains(output) }
      let padded = graph.shape(output)
      guard !readers.isEmpty, padded.count == 4,
        readers.allSatisfy({ isConvReading(output, graph.nodes[$0]) })
      else {
        i += 1
        continue
      }
      for r in readers {
        graph.nodes[r].op = fusedOp(graph.nodes[r], pads: pads, padded: padded, graph)
        graph.nodes[r].inputs[0] = node.inputs[0]
      }
      graph.tensors[output] = nil
      graph.nodes.remove(at: i)
      fused += 1
    }
    return fused
  }

  /// `(top, bottom, left, right)` of a zero Pad of H and W only, else nil.
  static func spatialPads(_ node: Node) -> (Int, Int, Int, Int)? {
    guard case .pad(let p, let value) = node.op, value == 0, node.inputs.count == 1, p.count == 4,
      p.allSatisfy({ $0.count == 2 }), p[0] == [0, 0], p[3] == [0, 0]
    else { return nil }
    return (p[1][0], p[1][1], p[2][0], p[2][1])
  }

  /// Whether `node` is a convolution reading `name` as x and nowhere else.
  static func isConvReading(_ name: String, _ node: Node) -> Bool {
    switch node.op {
    case .conv2D, .depthwiseConv2D:
      return node.inputs.first == name && !node.inputs.dropFirst().contains(name)
    default: return false
    }
  }

  /// The convolution with `pads` added to its own padding.
  static func fusedOp(_ node: Node, pads: (Int, Int, Int, Int), padded: [Int], _ graph: Graph)
    -> Op
  {
    switch node.op {
    case .conv2D(var a):
      a.window.padding = combined(a, pads: pads, padded: padded, node, graph)
      return .conv2D(a)
    case .depthwiseConv2D(var a):
      a.window.padding = combined(a, pads: pads, padded: padded, node, graph)
      return .depthwiseConv2D(a)
    default: return node.op
    }
  }

  /// Explicit padding equal to `pads` followed by the op's own padding.
  static func combined(
    _ a: ConvAttributes, pads: (Int, Int, Int, Int), padded: [Int], _ node: Node, _ graph: Graph
  ) -> PaddingSpec {
    var own = (0, 0, 0, 0)
    switch a.window.padding {
    case .valid: break
    case .explicit(let t, let b, let l, let r): own = (t, b, l, r)
    case .same:
      let f = graph.shape(node.inputs[1])
      let kh = (f[1] - 1) * a.dilationH + 1
      let kw = (f[2] - 1) * a.dilationW + 1
      let h = samePadding(padded[1], kh, a.window.strideH)
      let w = samePadding(padded[2], kw, a.window.strideW)
      own = (h.0, h.1, w.0, w.1)
    }
    return .explicit(
      top: pads.0 + own.0, bottom: pads.1 + own.1, left: pads.2 + own.2, right: pads.3 + own.3)
  }
}
