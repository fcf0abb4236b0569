// GMLFormat/Subgraph.swift — views of a graph, its tensors and quantization parameters.
import GMLCore
import GMLFlatBuffers

/// A graph of a verified model: tensors, operators in execution order,
/// inputs and outputs (tensor indices; a graph input is named by its tensor).
public struct Subgraph {
  let view: BufferView
  let table: Table

  public var name: String { view.string(table, slot: Slot.Subgraph.name) ?? "" }

  public var tensorCount: Int { view.vectorCount(table, slot: Slot.Subgraph.tensors) }

  /// - Precondition: `index < tensorCount`.
  public func tensorAt(_ index: Int) -> Tensor {
    precondition(index >= 0 && index < tensorCount, "Subgraph.tensorAt: index out of range")
    return Tensor(
      view: view, table: view.vectorTable(table, slot: Slot.Subgraph.tensors, at: index))
  }

  public var operatorCount: Int { view.vectorCount(table, slot: Slot.Subgraph.operators) }

  /// - Precondition: `index < operatorCount`.
  public func operatorAt(_ index: Int) -> Operator {
    precondition(index >= 0 && index < operatorCount, "Subgraph.operatorAt: index out of range")
    return Operator(
      view: view, table: view.vectorTable(table, slot: Slot.Subgraph.operators, at: index))
  }

  /// Tensor indices of the graph inputs, in order (checked at load).
  public var inputs: [Int] { int32s(view, table, Slot.Subgraph.inputs) }

  /// Tensor indices of the graph outputs, in order (checked at load).
  public var outputs: [Int] { int32s(view, table, Slot.Subgraph.outputs) }

  /// The precomputed arena layout, when the file has one.
  public var memoryPlan: MemoryPlanDefinition? {
    guard let p = view.table(table, slot: Slot.Subgraph.memoryPlan) else { return nil }
    return MemoryPlanDefinition(
      arenaSize: view.scalar(p, slot: Slot.MemoryPlan.arenaSize, default: 0),
      alignment: view.scalar(p, slot: Slot.MemoryPlan.alignment, default: 16),
      offsets: elements(view, p, Slot.MemoryPlan.offsets, Int64.self),
      inputsReused: view.scalar(p, slot: Slot.MemoryPlan.inputsReused, default: false))
  }
}

/// A tensor of a verified model.
public struct Tensor {
  let view: BufferView
  let table: Table

  public var name: String { view.string(table, slot: Slot.Tensor.name) ?? "" }

  /// The static shape (dimensions checked ≥ 0 and rank ≤ `Shape.maxRank` at load).
  public var shape: Shape { Shape(int32s(view, table, Slot.Tensor.shape)) }

  /// The element type (checked known at load).
  public var type: ElementType {
    let raw: Int8 = view.scalar(table, slot: Slot.Tensor.type, default: 0)
    return ElementType(rawValue: UInt8(bitPattern: raw)) ?? .float32
  }

  /// Index of the constant buffer; 0 for an activation.
  public var buffer: Int { Int(view.scalar(table, slot: Slot.Tensor.buffer, default: UInt32(0))) }

  /// Quantization parameters, when the tensor has them.
  public var quantization: QuantizationDefinition? {
    guard let q = view.table(table, slot: Slot.Tensor.quantization) else { return nil }
    return QuantizationDefinition(
      scales: elements(view, q, Slot.Quantization.scale, Float.self),
      zeroPoints: elements(view, q, Slot.Quantization.zeroPoint, Int64.self),
      axis: view.scalar(q, slot: Slot.Quantization.quantizedDimension, default: 0),
      min: elements(view, q, Slot.Quantization.min, Float.self),
      max: elements(view, q, Slot.Quantization.max, Float.self))
  }
}

/// The elements of a verified scalar vector field (empty when absent).
func elements<T: FlatScalar>(_ view: BufferView, _ table: Table, _ slot: Int, _: T.Type) -> [T] {
  let n = view.vectorCount(table, slot: slot)
  var out: [T] = []
  out.reserveCapacity(n)
  for i in 0..<n { out.append(view.vectorElement(table, slot: slot, at: i, T.self)) }
  return out
}

/// An Int32 vector field widened to Int.
func int32s(_ view: BufferView, _ table: Table, _ slot: Int) -> [Int] {
  elements(view, table, slot, Int32.self).map { Int($0) }
}
