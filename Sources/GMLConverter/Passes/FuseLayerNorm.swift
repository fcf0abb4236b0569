// GMLConverter/Passes/FuseLayerNorm.swift — Keras' LayerNormalization pattern (Mean, SquaredDifference, Rsqrt, ...) fused into one LayerNorm.
import GMLFormat
import GMLKernels

/// Replaces the eleven nodes Keras' LayerNormalization over the last axis
/// becomes (in a float `.tflite` file and through gml's exporter) by one
/// LayerNorm node:
///
///     m = Mean(x, last, keep)          v = Mean(SquaredDifference(x, m), last, keep)
///     s = Rsqrt(v + epsilon) · gamma   (the Mul absent without `scale`)
///     y = x · s + (Neg(m) · s + beta)  (the inner Add absent without `center`)
///
/// Operands of Add and Mul may come in either order; gamma, beta and
/// epsilon must be constants (gamma and beta one value per element of the
/// row, or one value), and no tensor inside the pattern may be read by
/// anything else or be a graph output. What is left unmatched stays as it
/// is. One op instead of eleven: in int8 one rounding instead of seven
/// (`LayerNormInt8`).
enum FuseLayerNorm {
  /// - Returns: how many patterns were fused.
  @discardableResult
  static func run(_ graph: inout Graph) -> Int {
    var fused = 0
    var i = 0
    while i < graph.nodes.count {
      guard let match = Match(variance: i, graph) else {
        i += 1
        continue
      }
      match.apply(&graph)
      fused += 1
      // The LayerNorm took the place of the pattern's first node; every
      // node before it is as it was.
      i = (match.nodes.min() ?? i) + 1
    }
    return fused
  }

  /// One matched pattern: its nodes and operands.
  struct Match {
    var x: String
    var output: String
    var epsilon: Float
    var gamma: [Float]
    var beta: [Float]
    /// Every node of the pattern, the last one (the output's) included.
    var nodes: [Int]
    var last: Int

    /// The pattern whose variance Mean is node `v`, or nil.
    init?(variance v: Int, _ graph: Graph) {
      let g = PatternGraph(graph)
      guard let sd = g.producer(of: graph.nodes[v], .squaredDifference),
        let rank = g.lastAxisMean(graph.nodes[v]),
        let (x, mean) = g.meanOperand(of: sd, rank: rank),
        let (add, eps) = g.soleReader(graph.nodes[v].outputs[0], isAdd: true),
        let eps, eps.count == 1, eps[0].isFinite, eps[0] >= 0,
        let rsqrt = g.soleReaderIndex(graph.nodes[add].outputs[0]),
        graph.nodes[rsqrt].op == .unary(.rsqrt)
      else { return nil }
      let depth = graph.shape(x).last ?? 0
      var nodes = [v, sd, mean, add, rsqrt]
      var s = graph.nodes[rsqrt].outputs[0]
      var gamma = [Float](repeating: 1, count: depth)
      if let (mul, perRow) = g.perRowOperand(after: s, isAdd: false, depth: depth) {
        gamma = perRow
        nodes.append(mul)
        s = graph.nodes[mul].outputs[0]
      }
      // s is read by x · s and by Neg(m) · s.
      let readers = g.readers(s)
      guard readers.count == 2,
        let xs = readers.first(where: { g.isMul(graph.nodes[$0], of: x, and: s) }),
        let ms = readers.first(where: { $0 != xs }),
        let neg = g.negation(of: graph.nodes[mean].outputs[0], readBy: graph.nodes[ms], s),
        g.readers(graph.nodes[mean].outputs[0]).sorted() == [sd, neg].sorted(),
        g.soleReaderIndex(graph.nodes[neg].outputs[0]) == ms
      else { return nil }
      nodes += [xs, neg, ms]
      var offset = graph.nodes[ms].outputs[0]
      var beta = [Float](repeating: 0, count: depth)
      if let (add, perRow) = g.perRowOperand(after: offset, isAdd: true, depth: depth) {
        beta = perRow
        nodes.append(add)
        offset = graph.nodes[add].outputs[0]
      }
      guard let y = g.soleReaderIndex(offset),
        g.isAdd(graph.nodes[y], of: graph.nodes[xs].outputs[0], and: offset),
        g.soleReaderIndex(graph.nodes[xs].outputs[0]) == y, depth <= LayerNorm.maxDepth
      else { return nil }
      nodes.append(y)
      let inside = nodes.dropLast().flatMap { graph.nodes[$0].outputs }
      guard !inside.contains(where: { graph.outputs.contains($0) }) else { return nil }
      (self.x, self.output, self.epsilon) = (x, graph.nodes[y].outputs[0], eps[0])
      (self.gamma, self.beta, self.nodes, self.last) = (gamma, beta, nodes, y)
    }

    /// Replaces the pattern's nodes by one LayerNorm where its first node was.
    func apply(_ graph: inout Graph) {
      let template = graph.nodes[last]
      let depth = gamma.count
      let gammaName = graph.addConstant(template.name + "/gamma", shape: [depth], values: gamma)
      let betaName = graph.addConstant(template.name + "/beta", shape: [depth], values: beta)
      let node = Node(
        name: template.name, op: .layerNorm(epsilon: epsilon), inputs: [x, gammaName, betaName],
        outputs: [output], place: template.place)
      let first = nodes.min() ?? last
      var constants: Set<String> = []
      for n in nodes {
        if n != last { for o in graph.nodes[n].outputs { graph.tensors[o] = nil } }
        constants.formUnion(graph.nodes[n].inputs.filter { graph.constant($0) != nil })
      }
      graph.nodes[first] = node
      for n in nodes.filter({ $0 != first }).sorted(by: >) { graph.nodes.remove(at: n) }
      for c in constants where graph.readerCount(c) == 0 { graph.tensors[c] = nil }
    }
  }
}
