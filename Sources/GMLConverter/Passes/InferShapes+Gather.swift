// GMLConverter/Passes/InferShapes+Gather.swift — Gather's output shape, and where int32 values may flow.
import GMLCore

extension NodeCheck {
  /// Gather: table, indices → the table's shape with dimension `axis`
  /// replaced by the indices' shape. The table is float; the indices are
  /// an int32 graph input or a constant of whole numbers inside the table.
  func gather(axis: Int) throws(ConversionError) -> [Int] {
    try arity(2...2)
    let table = try operand(0, "table", constant: false)
    if table.type == .int32 && !table.isConstant {
      throw fail("the table '\(table.name)' is int32; Gather reads a float table")
    }
    let a = try axisIndex(axis, rank: table.shape.count, "axis")
    let indices = try operand(1, "indices")
    if let values = indices.data {
      if let bad = values.firstIndex(where: {
        $0 != $0.rounded() || $0 < 0 || $0 >= Float(table.shape[a])
      }) {
        throw fail(
          "index \(values[bad]) at element \(bad) of '\(indices.name)' is not a row of the table "
            + "(0..<\(table.shape[a]))")
      }
    } else if indices.type != .int32 {
      throw fail(
        "the indices '\(indices.name)' must be an int32 graph input or a constant, not a "
          + "computed float tensor")
    }
    return Array(table.shape[..<a]) + indices.shape + Array(table.shape[(a + 1)...])
  }

  /// Checks that the node reads an int32 graph input only as Gather's
  /// indices: no other op has an integer kernel.
  func integerInputs() throws(ConversionError) {
    for (k, name) in node.inputs.enumerated() {
      guard let t = graph.tensors[name], t.type == .int32, !t.isConstant else { continue }
      if case .gather = node.op, k == 1 { continue }
      throw fail(
        "input '\(name)' is an int32 graph input; only Gather's indices may be int32 "
          + "(\(node.op.specName) reads float32)")
    }
  }
}
