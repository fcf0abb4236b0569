// GMLConverter/Graph.swift — the converter's float graph IR: named tensors, constants, nodes.
import GMLCore
import GMLFormat

/// A float model between loading and writing: tensors by name, nodes in
/// any order until `TopologicalSort` runs, then in execution order.
///
/// Passes (`Sources/GMLConverter/Passes/`) take a `Graph` and rewrite it in
/// place; each keeps the graph valid: every node input names a graph input,
/// a constant or another node's output, and every node output is unique.
public struct Graph: Equatable, Sendable {
  /// The model's name (from the source file).
  public var name: String
  /// Every tensor: graph inputs, constants and node outputs.
  public var tensors: [String: GraphTensor]
  /// Graph input names, in order.
  public var inputs: [String]
  /// Graph output names, in order.
  public var outputs: [String]
  public var nodes: [Node]
  /// The file the graph was loaded from, for error messages.
  public var sourceFile: String

  public init(
    name: String, tensors: [String: GraphTensor] = [:], inputs: [String] = [],
    outputs: [String] = [], nodes: [Node] = [], sourceFile: String = ""
  ) {
    self.name = name
    self.tensors = tensors
    self.inputs = inputs
    self.outputs = outputs
    self.nodes = nodes
    self.sourceFile = sourceFile
  }

  /// The tensor called `name`.
  /// - Throws: `ConversionError` naming `node` when no such tensor exists.
  public func tensor(_ name: String, for node: Node) throws(ConversionError) -> GraphTensor {
    guard let t = tensors[name] else {
      throw ConversionError(file: sourceFile, place: node.place, "tensor '\(name)' is not defined")
    }
    return t
  }

  /// The constant values of `name`, or nil when it is not a constant.
  public func constant(_ name: String) -> [Float]? { tensors[name]?.data }

  /// How many nodes read `name` (graph outputs count as a reader).
  public func readerCount(_ name: String) -> Int {
    nodes.reduce(outputs.contains(name) ? 1 : 0) { $0 + $1.inputs.filter { $0 == name }.count }
  }

  /// The index of the node that produces `name`, if any.
  public func producerIndex(_ name: String) -> Int? {
    nodes.firstIndex { $0.outputs.contains(name) }
  }
}

/// A tensor of the graph. Constants carry their values as float32 (the
/// loader widens float16 and checks integer constants fit); activations
/// have `data == nil` and a shape once `InferShapes` has run.
public struct GraphTensor: Equatable, Sendable {
  public var name: String
  /// Static shape; empty for a scalar or (activations) before inference.
  public var shape: [Int]
  /// The element type the source declared (constants) or float32.
  public var type: ElementType
  /// Constant values, row-major; nil for activations.
  public var data: [Float]?

  public init(name: String, shape: [Int], type: ElementType = .float32, data: [Float]? = nil) {
    self.name = name
    self.shape = shape
    self.type = type
    self.data = data
  }

  /// Whether the tensor has constant values.
  public var isConstant: Bool { data != nil }

  /// The number of elements of `shape`.
  public var elementCount: Int { shape.reduce(1, *) }
}

/// One operation of the graph.
public struct Node: Equatable, Sendable {
  public var name: String
  public var op: Op
  /// Input tensor names; optional inputs left out are simply absent (a
  /// Conv2D without bias has two inputs).
  public var inputs: [String]
  public var outputs: [String]
  /// Where the node came from, for messages: `nodes[3]`.
  public var place: String

  public init(name: String, op: Op, inputs: [String], outputs: [String], place: String = "") {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.outputs = outputs
    self.place = place
  }
}
