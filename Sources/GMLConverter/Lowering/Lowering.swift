// GMLConverter/Lowering/Lowering.swift — turns a sorted, shape-inferred Graph into a float32 ModelDefinition.
import GMLCore
import GMLFormat
import GMLRuntime

/// Writes a `Graph` as the plain values of a `.gml` model.
///
/// Tensors are numbered graph inputs first, then in node order (each node's
/// inputs, then its outputs, at first sight); constants are float32
/// little-endian buffers, `buffers[0]` staying empty, except Gather's
/// indices: int32, as an int32 graph input is. Absent optional
/// inputs (a bias) are -1. The memory plan is `GMLRuntime.ArenaPlanner`'s,
/// the one the interpreter would compute itself.
public enum Lowering {
  /// Lowers `graph`.
  /// - Parameters:
  ///   - graph: nodes sorted, shapes inferred, and no BatchNorm, Dropout or
  ///     Identity left (the passes remove them).
  ///   - metadata: the model's metadata, if any.
  ///   - planMemory: whether to store the arena plan in the subgraph.
  /// - Returns: the model, one subgraph named after the graph.
  /// - Throws: `ConversionError` at a node the format cannot hold, or for a
  ///   tensor too large for the arena.
  public static func lower(
    _ graph: Graph, metadata: MetadataDefinition? = nil, planMemory: Bool = true
  ) throws(ConversionError) -> ModelDefinition {
    var table = TensorTable(graph: graph)
    for node in graph.nodes where node.inputs.count == 2 {
      if case .gather = node.op { table.int32Names.insert(node.inputs[1]) }
    }
    for name in graph.inputs { try table.index(name) }
    var operators: [OperatorDefinition] = []
    for node in graph.nodes {
      var inputs: [Int32] = []
      for name in node.inputs { inputs.append(try table.index(name)) }
      var outputs: [Int32] = []
      for name in node.outputs { outputs.append(try table.index(name)) }
      let (opcode, options) = try lowered(node, graph)
      if hasOptionalBias(opcode) && inputs.count == 2 { inputs.append(-1) }
      operators.append(
        OperatorDefinition(
          opcode: opcode, inputs: inputs, outputs: outputs, options: options, name: node.name))
    }
    var graphInputs: [Int32] = []
    for name in graph.inputs { graphInputs.append(try table.index(name)) }
    var graphOutputs: [Int32] = []
    for name in graph.outputs { graphOutputs.append(try table.index(name)) }
    var model = ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          name: graph.name.isEmpty ? "main" : graph.name, tensors: table.tensors,
          inputs: graphInputs, outputs: graphOutputs, operators: operators)
      ],
      buffers: table.buffers, metadata: metadata)
    if planMemory { model.subgraphs[0].memoryPlan = try plan(model, graph) }
    return model
  }

  /// Ops whose third input (the bias) may be absent.
  static func hasOptionalBias(_ opcode: OpCode) -> Bool {
    opcode == .conv2D || opcode == .depthwiseConv2D || opcode == .fullyConnected
  }

  /// ArenaPlanner's plan of the (written and verified) model.
  static func plan(_ model: ModelDefinition, _ graph: Graph) throws(ConversionError)
    -> MemoryPlanDefinition
  {
    try plan(model, file: graph.sourceFile)
  }

  /// ArenaPlanner's plan of the (written and verified) model, the graph
  /// inputs' bytes kept or reused once read (`keepingInputs`); errors name
  /// `file`.
  public static func plan(_ model: ModelDefinition, file: String, keepingInputs: Bool = true)
    throws(ConversionError) -> MemoryPlanDefinition
  {
    let p = try WrittenModel(model, file: file).withVerified { (verified) throws(GMLError) in
      try ArenaPlanner().plan(verified.subgraphAt(0), keepingInputs: keepingInputs)
    }
    return MemoryPlanDefinition(
      arenaSize: UInt64(p.arenaSize), alignment: 16, offsets: p.offsets.map { Int64($0) },
      inputsReused: !keepingInputs)
  }
}

/// The tensors and buffers of the model being built, by graph name.
struct TensorTable {
  let graph: Graph
  var tensors: [TensorDefinition] = []
  var buffers: [[UInt8]] = [[]]
  var indices: [String: Int32] = [:]
  /// The tensors written as int32: Gather's indices.
  var int32Names: Set<String> = []

  init(graph: Graph) { self.graph = graph }

  /// The index of `name`, adding it (and its constant data) on first sight.
  @discardableResult
  mutating func index(_ name: String) throws(ConversionError) -> Int32 {
    if let i = indices[name] { return i }
    guard let t = graph.tensors[name] else {
      throw ConversionError(file: graph.sourceFile, "tensor '\(name)' has no shape")
    }
    guard t.shape.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }) else {
      throw ConversionError(file: graph.sourceFile, "tensor '\(name)' has a dimension over 2^31")
    }
    // An int32 constant elsewhere is a weight stored small: float32 here.
    let integer = int32Names.contains(name) || (t.type == .int32 && !t.isConstant)
    let type: ElementType = integer ? .int32 : .float32
    var buffer: UInt32 = 0
    if let data = t.data {
      buffer = UInt32(buffers.count)
      buffers.append(
        type == .int32 ? LittleEndian.encode(data.map { Int32($0) }) : LittleEndian.encode(data))
    }
    let i = Int32(tensors.count)
    tensors.append(
      TensorDefinition(name: name, shape: t.shape.map { Int32($0) }, type: type, buffer: buffer))
    indices[name] = i
    return i
  }
}
