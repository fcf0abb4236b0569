// GMLConverter/TFLite/TFLiteIndexWrap.swift — drops the negative-index wrap Keras writes before a GATHER on token ids.
import GMLCore

/// Keras 3's Embedding (`keras.ops.take`) counts a negative id from the
/// table's end, and TFLiteConverter writes that as three integer operators
/// before the GATHER:
///
///     wrapped = SELECT(LESS(ids, 0), ADD(ids, rows), ids)
///
/// gml's GATHER refuses a negative index at `invoke` (an id outside the
/// vocabulary is a caller's error, which Keras' own layer documents), so
/// the three are dropped and the GATHER reads `ids`: the same values for
/// every id in `0..<rows`. Recognised only when the pattern is exactly
/// that (zero and `rows` constants, `rows` the table's size along the
/// GATHER's axis) and nothing else reads its tensors.
enum TFLiteIndexWrap {
  /// Rewrites each wrap found among `remaining`.
  /// - Parameters:
  ///   - model: the model; a GATHER reading a wrap reads `ids` instead.
  ///   - remaining: the operators still to map, in order.
  /// - Returns: `remaining` without the wraps' operators.
  static func run(_ model: inout TFLiteModel, _ remaining: [Int]) -> [Int] {
    var dropped: Set<Int> = []
    for g in remaining where model.operators[g].builtinCode == TFLiteBuiltin.gather {
      let gather = model.operators[g]
      guard gather.inputs.count == 2, gather.inputs[0] >= 0, gather.inputs[1] >= 0,
        case .gather(let axis, 0) = TFLiteImporter.options(gather),
        let (ids, ops) = wrap(of: gather.inputs[1], model, remaining)
      else { continue }
      let table = model.tensors[gather.inputs[0]].shape
      let a = axis < 0 ? axis + table.count : axis
      guard a >= 0, a < table.count, ops.rows == table[a] else { continue }
      model.operators[g].inputs[1] = ids
      dropped.formUnion([ops.select, ops.less, ops.add])
    }
    return remaining.filter { !dropped.contains($0) }
  }

  /// The operators of a wrap writing `t`, and the ids it wraps.
  private static func wrap(of t: Int, _ model: TFLiteModel, _ remaining: [Int])
    -> (ids: Int, ops: (select: Int, less: Int, add: Int, rows: Int64))?
  {
    func producer(_ t: Int) -> Int? {
      remaining.first { model.operators[$0].outputs == [t] }
    }
    func readers(_ t: Int) -> Int {
      model.operators.reduce(model.outputs.contains(t) ? 1 : 0) { n, op in
        n + op.inputs.filter { $0 == t }.count
      }
    }
    func scalar(_ t: Int) -> Int64? {
      guard t >= 0, let c = TFLiteIntConstant(model.tensors[t]), c.values.count == 1 else {
        return nil
      }
      return c.values[0]
    }
    guard let s = producer(t), readers(t) == 1,
      [TFLiteBuiltin.select, TFLiteBuiltin.selectV2].contains(model.operators[s].builtinCode),
      model.operators[s].inputs.count == 3
    else { return nil }
    let (condition, added, ids) = (
      model.operators[s].inputs[0], model.operators[s].inputs[1], model.operators[s].inputs[2]
    )
    guard let l = producer(condition), let a = producer(added), readers(condition) == 1,
      readers(added) == 1, model.operators[l].builtinCode == TFLiteBuiltin.less,
      model.operators[l].inputs.count == 2, model.operators[l].inputs[0] == ids,
      scalar(model.operators[l].inputs[1]) == 0,
      model.operators[a].builtinCode == TFLiteBuiltin.add, model.operators[a].inputs.count == 2,
      model.tensors[ids].type == .int32
    else { return nil }
    let addends = model.operators[a].inputs
    guard
      let rows = addends[0] == ids
        ? scalar(addends[1]) : addends[1] == ids ? scalar(addends[0]) : nil
    else { return nil }
    return (ids, (s, l, a, rows))
  }
}
