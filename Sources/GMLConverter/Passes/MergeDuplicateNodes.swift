// GMLConverter/Passes/MergeDuplicateNodes.swift — one node for each op the graph applies to the same inputs more than once.

/// Merges nodes that compute the same values: the same op, attributes
/// included, on the same inputs. The later node goes and its readers read
/// the earlier one's outputs (gml-float's ops have no side effects, and in
/// execution order the earlier node comes before every reader of the
/// later). Keras models repeat work this way where several branches start
/// from one tensor: NASNetMobile applies its ReLUs and pools to one input
/// per branch (64 of its 112 ReLUs, 12 of its 52 average pools).
/// TFLiteConverter merges them too. A node whose output is a graph output
/// stays, so that the output keeps its name.
enum MergeDuplicateNodes {
  /// - Parameter graph: a graph in execution order.
  /// - Returns: how many nodes were removed.
  @discardableResult
  static func run(_ graph: inout Graph) -> Int {
    var merged = 0
    // Earlier nodes by their inputs; all indices below `i`, so removing
    // node `i` leaves them valid.
    var byInputs: [[String]: [Int]] = [:]
    var i = 0
    while i < graph.nodes.count {
      let node = graph.nodes[i]
      let twin = byInputs[node.inputs]?.first { j in
        graph.nodes[j].op == node.op && graph.nodes[j].outputs.count == node.outputs.count
      }
      if let twin, !node.outputs.contains(where: { graph.outputs.contains($0) }) {
        for (duplicate, kept) in zip(node.outputs, graph.nodes[twin].outputs) {
          graph.replaceUses(of: duplicate, with: kept)
          graph.tensors[duplicate] = nil
        }
        graph.nodes.remove(at: i)
        merged += 1
        continue
      }
      byInputs[node.inputs, default: []].append(i)
      i += 1
    }
    return merged
  }
}
