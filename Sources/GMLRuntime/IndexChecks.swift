// GMLRuntime/IndexChecks.swift — the GATHER indices a caller supplies, checked against their tables before each invoke.
import GMLCore
import GMLFormat
import GMLKernels

/// GATHER reads the table at each index, so an index outside the table
/// must not reach the kernel. Constant indices are checked once, at
/// prepare; indices that are graph inputs at every `invoke`, before any
/// operator runs. Indices computed by another operator are refused (no
/// operator gml runs makes int32 values).
struct IndexChecks {
  /// One GATHER whose indices are a graph input: its parameters, the
  /// indices' tensor and the operator's index for the error.
  private struct Entry {
    let gather: Gather
    let indices: Int
    let op: Int
  }

  private let entries: [Entry]

  /// Finds every GATHER among `ops` and checks or records its indices.
  /// - Parameters:
  ///   - ops: the prepared operators.
  ///   - graph: their subgraph (its inputs).
  ///   - storage: each tensor's place (constants' bytes).
  /// - Throws: `invalidArgument` at the op for a constant index outside
  ///   the table; `unsupportedOp` at the op for indices that are neither
  ///   a constant nor a graph input.
  init(_ ops: [PreparedOp], _ graph: Subgraph, _ storage: [TensorStorage]) throws(GMLError) {
    var entries: [Entry] = []
    for (i, op) in ops.enumerated() {
      let gather: Gather
      let indices: Int
      switch op {
      case .gather(let p, _, let t, _), .int8(.gather(let p, _, let t, _)):
        (gather, indices) = (p, t)
      default: continue
      }
      if case .constant(let bytes) = storage[indices] {
        let values = UnsafeBufferPointer(
          start: bytes.baseAddress?.assumingMemoryBound(to: Int32.self),
          count: bytes.count / MemoryLayout<Int32>.stride)
        if gather.firstIndexOutside(values) != nil {
          throw GMLError(.invalidArgument, at: .op(i), "a GATHER index lies outside the table")
        }
      } else if graph.inputs.contains(indices) {
        entries.append(Entry(gather: gather, indices: indices, op: i))
      } else {
        throw GMLError(
          .unsupportedOp, at: .op(i), "GATHER indices must be a constant or a graph input")
      }
    }
    self.entries = entries
  }

  /// Checks the graph inputs' indices in `memory`.
  /// - Throws: `invalidArgument` at the indices' tensor for the first
  ///   index outside its table (the byte offset is not told: the tensor
  ///   names the input).
  func check(_ memory: TensorMemory) throws(GMLError) {
    for e in entries where e.gather.firstIndexOutside(memory.int32s(e.indices)) != nil {
      throw GMLError(
        .invalidArgument, at: .tensor(e.indices),
        "an index in this graph input lies outside its GATHER table")
    }
  }
}
