// GMLRuntime/DataFlow.swift — prepare's check that every tensor is written once, before it is read.
import GMLCore
import GMLFormat

/// Follows the operators in order and checks that each reads only tensors
/// that hold data by then (graph inputs, constants, earlier outputs) and
/// writes only fresh ones: never a constant, a graph input or a tensor an
/// earlier op wrote. This rules out in-place ops, so the planner never has
/// to reason about aliasing and `invoke` can be repeated on the same inputs.
struct DataFlow {
  /// Per tensor: whether it holds data at the current operator.
  private var written: [Bool]
  /// Per tensor: true for constants and graph inputs (never written).
  private let readOnly: [Bool]

  /// - Throws: `malformed` at a graph input that has constant data.
  init(_ graph: Subgraph) throws(GMLError) {
    var readOnly = [Bool](repeating: false, count: graph.tensorCount)
    for t in 0..<graph.tensorCount where graph.tensorAt(t).buffer != 0 { readOnly[t] = true }
    for t in graph.inputs {
      if readOnly[t] {
        throw GMLError(.malformed, at: .tensor(t), "a graph input has constant data")
      }
      readOnly[t] = true
    }
    self.readOnly = readOnly
    written = readOnly
  }

  /// Checks operator `index` and marks its outputs written.
  /// - Throws: `malformed` at `.op(index)`.
  mutating func check(_ op: Operator, index: Int) throws(GMLError) {
    for t in op.inputs where t >= 0 && !written[t] {
      throw GMLError(.malformed, at: .op(index), "op reads a tensor that no earlier op writes")
    }
    for t in op.outputs {
      if readOnly[t] {
        throw GMLError(.malformed, at: .op(index), "op writes a constant or a graph input")
      }
      if written[t] {
        throw GMLError(.malformed, at: .op(index), "op writes a tensor that is already written")
      }
      written[t] = true
    }
  }

  /// Checks, after the last operator, that every graph output holds data.
  /// - Throws: `malformed` at the output tensor that nothing writes.
  func checkOutputs(_ graph: Subgraph) throws(GMLError) {
    for t in graph.outputs where !written[t] {
      throw GMLError(.malformed, at: .tensor(t), "a graph output is never written")
    }
  }
}
