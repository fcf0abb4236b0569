// GMLConverter/Passes/FuseLayerNorm+Pattern.swift — the graph queries FuseLayerNorm matches with: sole readers, Mean over the last axis, Add/Mul operands.
import GMLFormat
import GMLKernels

extension FuseLayerNorm {
  /// Read-only questions about a graph's nodes, for matching.
  struct PatternGraph {
    let graph: Graph

    init(_ graph: Graph) { self.graph = graph }

    /// The nodes reading `name`, each once.
    func readers(_ name: String) -> [Int] {
      graph.nodes.indices.filter { graph.nodes[$0].inputs.contains(name) }
    }

    /// The one node reading `name`, when nothing else (not the graph's
    /// outputs either) reads it, and it reads it once.
    func soleReaderIndex(_ name: String) -> Int? {
      guard graph.readerCount(name) == 1 else { return nil }
      return readers(name).first
    }

    /// The sole reader of `name` when it is an Add (or Mul) without a
    /// fused activation, and the values of its other operand when that is
    /// a constant.
    func soleReader(_ name: String, isAdd: Bool) -> (Int, [Float]?)? {
      guard let r = soleReaderIndex(name) else { return nil }
      let node = graph.nodes[r]
      guard node.op == (isAdd ? .add(activation: .none) : .mul(activation: .none)),
        node.inputs.count == 2
      else { return nil }
      let other = node.inputs[0] == name ? node.inputs[1] : node.inputs[0]
      return (r, graph.constant(other))
    }

    /// The sole reader of `name` when it is an Add (or Mul) by a constant
    /// of one value or one per element of a `depth`-long row, and that
    /// constant per row element.
    func perRowOperand(after name: String, isAdd: Bool, depth: Int) -> (Int, [Float])? {
      guard let (node, values) = soleReader(name, isAdd: isAdd), let values,
        let perRow = FoldAffine.perChannel(values, shape: constantShape(node), channels: depth)
      else { return nil }
      return (node, perRow)
    }

    /// The shape of the constant operand of node `index`.
    func constantShape(_ index: Int) -> [Int] {
      let inputs = graph.nodes[index].inputs
      return graph.shape(inputs.first { graph.constant($0) != nil } ?? "")
    }

    /// The input's rank when `node` is a Mean over the last axis that
    /// keeps it.
    func lastAxisMean(_ node: Node) -> Int? {
      guard case .reduce(.mean, let axes, true) = node.op, let x = node.inputs.first else {
        return nil
      }
      let rank = graph.shape(x).count
      guard rank >= 1, axes == [rank - 1] || axes == [-1] else { return nil }
      return rank
    }

    /// The node producing `node`'s input when it is `function` and
    /// nothing else reads its output.
    func producer(of node: Node, _ function: BinaryFunction) -> Int? {
      guard let input = node.inputs.first, let p = graph.producerIndex(input),
        graph.nodes[p].op == .binary(function), soleReaderIndex(input) != nil
      else { return nil }
      return p
    }

    /// For SquaredDifference node `sd`: the operand x and the Mean of x
    /// over the last axis that is its other operand.
    func meanOperand(of sd: Int, rank: Int) -> (String, Int)? {
      let inputs = graph.nodes[sd].inputs
      guard inputs.count == 2 else { return nil }
      for (x, m) in [(inputs[0], inputs[1]), (inputs[1], inputs[0])] {
        if let p = graph.producerIndex(m), lastAxisMean(graph.nodes[p]) == rank,
          graph.nodes[p].inputs == [x]
        {
          return (x, p)
        }
      }
      return nil
    }

    /// Whether `node` is `a · b` (either order) without an activation.
    func isMul(_ node: Node, of a: String, and b: String) -> Bool {
      node.op == .mul(activation: .none) && node.inputs.sorted() == [a, b].sorted()
    }

    /// Whether `node` is `a + b` (either order) without an activation.
    func isAdd(_ node: Node, of a: String, and b: String) -> Bool {
      node.op == .add(activation: .none) && node.inputs.sorted() == [a, b].sorted()
    }

    /// The Neg node of `mean` when `product` is `Neg(mean) · s`.
    func negation(of mean: String, readBy product: Node, _ s: String) -> Int? {
      guard product.op == .mul(activation: .none), product.inputs.count == 2,
        product.inputs.contains(s)
      else { return nil }
      let other = product.inputs[0] == s ? product.inputs[1] : product.inputs[0]
      guard let n = graph.producerIndex(other), graph.nodes[n].op == .unary(.neg),
        graph.nodes[n].inputs == [mean]
      else { return nil }
      return n
    }
  }
}
