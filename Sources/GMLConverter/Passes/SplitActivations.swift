// GMLConverter/Passes/SplitActivations.swift — moves fused Sigmoid/Tanh/HardSwish back into nodes of their own, for int8.
import GMLFormat

/// Undoes the fusion of activations that int8 kernels cannot apply as a
/// clamp (Sigmoid, Tanh, HardSwish): the producer writes a new tensor
/// `<output>.pre` without activation, and a new activation node reads it
/// and writes the original output name, so names stay stable for
/// validation. Run before calibration, so `<output>.pre` gets a range of
/// its own (the int8 Logistic/Tanh/HardSwish ops need their input's
/// parameters). Relu, Relu6 and ReluN1To1 stay fused: in int8 they are
/// clamps of the producer's output.
enum SplitActivations {
  /// - Parameters:
  ///   - graph: a sorted, shape-inferred graph.
  ///   - keeping: node names left alone (they stay float).
  /// - Returns: how many activations were split out.
  @discardableResult
  static func run(_ graph: inout Graph, keeping: Set<String> = []) -> Int {
    var split = 0
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      guard !keeping.contains(node.name), let activation = node.op.fusedActivation,
        let op = standalone(activation)
      else {
        i += 1
        continue
      }
      let output = node.outputs[0]
      let pre = graph.addActivation("\(output).pre", shape: graph.shape(output))
      graph.nodes[i].op = node.op.withActivation(.none)
      graph.nodes[i].outputs[0] = pre
      graph.nodes.insert(
        Node(
          name: "\(node.name).\(op.specName.lowercased())", op: op, inputs: [pre],
          outputs: [output], place: node.place),
        at: i + 1)
      split += 1
      i += 2
    }
    return split
  }

  /// The node op of a fused activation int8 cannot clamp, or nil.
  static func standalone(_ activation: ActivationFunction) -> Op? {
    switch activation {
    case .sigmoid: return .sigmoid
    case .tanh: return .tanh
    case .hardSwish: return .hardSwish
    default: return nil
    }
  }
}
