// GMLConverter/Passes/TopologicalSort.swift — orders nodes so every tensor is produced before it is read.

/// Puts the nodes in execution order and checks that every name is defined
/// exactly once.
///
/// Kahn's algorithm, always taking the ready node that came first in the
/// source, so an already ordered graph keeps its order. Cost O(n·e) for n
/// nodes and e edges, fine for the few thousand nodes of an edge model.
enum TopologicalSort {
  /// Sorts `graph.nodes`; also gives nodes without a place their source
  /// position (`nodes[3]`).
  /// - Throws: `ConversionError` naming the node for a tensor produced
  ///   twice, a graph input or constant that a node also produces, a name
  ///   read but never defined, or a cycle (listing the nodes in it).
  static func run(_ graph: inout Graph) throws(ConversionError) {
    for i in graph.nodes.indices where graph.nodes[i].place.isEmpty {
      graph.nodes[i].place = "nodes[\(i)]"
    }
    let producer = try producers(graph)
    for node in graph.nodes {
      for name in node.inputs where producer[name] == nil && !isSource(name, graph) {
        throw graph.error(node, "input '\(name)' is not a graph input, constant or node output")
      }
    }
    for (i, name) in graph.outputs.enumerated()
    where producer[name] == nil && !isSource(name, graph) {
      throw ConversionError(
        file: graph.sourceFile, place: "outputs[\(i)]",
        "graph output '\(name)' is not a graph input, constant or node output")
    }
    // Kahn: count each node's inputs that other nodes produce.
    var waiting = graph.nodes.map { node in node.inputs.filter { producer[$0] != nil }.count }
    var readers: [String: [Int]] = [:]
    for (i, node) in graph.nodes.enumerated() {
      for name in node.inputs where producer[name] != nil { readers[name, default: []].append(i) }
    }
    var ready = waiting.indices.filter { waiting[$0] == 0 }
    var order: [Int] = []
    while !ready.isEmpty {
      let i = ready.removeFirst()
      order.append(i)
      for name in graph.nodes[i].outputs {
        for r in readers[name] ?? [] {
          waiting[r] -= 1
          if waiting[r] == 0 {
            ready.insert(r, at: ready.firstIndex { $0 > r } ?? ready.endIndex)
          }
        }
      }
    }
    if order.count < graph.nodes.count {
      throw cycleError(
        graph, producer: producer, stuck: Set(waiting.indices.filter { waiting[$0] > 0 }))
    }
    graph.nodes = order.map { graph.nodes[$0] }
  }

  /// Whether `name` is defined outside the nodes: a graph input or a constant.
  static func isSource(_ name: String, _ graph: Graph) -> Bool {
    graph.inputs.contains(name) || graph.tensors[name]?.isConstant == true
  }

  /// The producing node of each node output.
  static func producers(_ graph: Graph) throws(ConversionError) -> [String: Int] {
    var producer: [String: Int] = [:]
    for (i, node) in graph.nodes.enumerated() {
      for name in node.outputs {
        if let first = producer[name] {
          let other = graph.nodes[first]
          throw graph.error(
            node, "output '\(name)' is already produced by \(other.place) '\(other.name)'")
        }
        if graph.inputs.contains(name) {
          throw graph.error(
            node, "output '\(name)' is a graph input; a graph input cannot be produced")
        }
        if graph.tensors[name]?.isConstant == true {
          throw graph.error(node, "output '\(name)' is a constant; a constant cannot be produced")
        }
        producer[name] = i
      }
    }
    return producer
  }

  /// An error listing one cycle among the `stuck` nodes, found by walking
  /// back from one of them through producers until a node repeats.
  static func cycleError(_ graph: Graph, producer: [String: Int], stuck: Set<Int>)
    -> ConversionError
  {
    var path: [Int] = []
    var current = stuck.min() ?? 0
    while !path.contains(current) {
      path.append(current)
      let next = graph.nodes[current].inputs.compactMap { producer[$0] }.first {
        stuck.contains($0)
      }
      guard let next else { break }
      current = next
    }
    var cycle = Array(path[(path.firstIndex(of: current) ?? 0)...].reversed())
    if let start = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) {
      cycle = Array(cycle[start...] + cycle[..<start])  // start at the earliest node
    }
    let names = cycle.map { "\(graph.nodes[$0].place) '\(graph.nodes[$0].name)'" }
    let first = graph.nodes[cycle.first ?? 0]
    return ConversionError(
      file: graph.sourceFile, place: first.place,
      "the graph has a cycle: " + names.joined(separator: " -> ") + " -> back to the first")
  }
}
