// GMLConverter/TFLite/TFLiteShapeFolding.swift — folds static shape computations (SHAPE, STRIDED_SLICE, PACK, ...) to constants.
import GMLCore

/// Evaluates the integer operators whose inputs are known at conversion
/// time and stores their outputs as constants.
///
/// Keras exports a Reshape with a dynamic batch as a chain such as
/// `SHAPE → STRIDED_SLICE → PACK → RESHAPE`. gml runs static shapes (the
/// file's `shape`, where a dynamic batch is 1), so the chain is a constant:
/// this pass computes it, and RESHAPE then reads a constant shape. Float16
/// constants behind a DEQUANTIZE (TensorFlow's float16 models) become
/// float32 constants the same way.
///
/// Folded: SHAPE (of any tensor with a static shape), and on integer
/// constants STRIDED_SLICE, SLICE, PACK, CONCATENATION, GATHER,
/// CAST, RESHAPE, SQUEEZE, EXPAND_DIMS, REDUCE_PROD, ADD, SUB, MUL,
/// FLOOR_DIV, the comparisons (LESS, EQUAL, ...) and LOGICAL_AND, _OR and
/// _NOT (a WHILE loop's condition); FILL of constant dimensions with a constant value of any
/// type (a recurrent layer's zero initial state, float32 or int8: the value
/// keeps its quantization). An operator that writes a graph output is never
/// folded.
enum TFLiteShapeFolding {
  /// Folds what can be folded.
  /// - Parameter model: the model; folded outputs get their data and shape.
  /// - Returns: the indices of the operators that remain, in order.
  static func run(_ model: inout TFLiteModel) -> [Int] {
    var remaining: [Int] = []
    for (index, op) in model.operators.enumerated() {
      if op.outputs.contains(where: { model.outputs.contains($0) }) || !fold(op, &model.tensors) {
        remaining.append(index)
      }
    }
    return remaining
  }

  /// Folds `op` if it can be folded: its outputs get their data and shape.
  /// - Returns: whether it was folded.
  static func fold(_ op: TFLiteOperator, _ tensors: inout [TFLiteTensor]) -> Bool {
    if op.customCode != nil { return false }
    if let widened = widenedFloat16(op, tensors) {
      tensors[op.outputs[0]].data = widened
    } else if let (shape, bytes) = filled(op, tensors) {
      tensors[op.outputs[0]].data = bytes
      tensors[op.outputs[0]].shape = shape
    } else {
      return store(evaluate(op, tensors), op, &tensors)
    }
    return true
  }

  /// Writes `results` into `op`'s outputs; false (and nothing written)
  /// when there are none or an output cannot hold them.
  static func store(
    _ results: [TFLiteIntConstant]?, _ op: TFLiteOperator, _ tensors: inout [TFLiteTensor]
  ) -> Bool {
    guard let results, results.count == op.outputs.count else { return false }
    var encoded: [[UInt8]] = []
    for (result, o) in zip(results, op.outputs) {
      guard o >= 0, let type = tensors[o].type, type == .int32 || type == .int64 || type == .bool,
        let bytes = result.bytes(as: type)
      else { return false }
      encoded.append(bytes)
    }
    for (k, o) in op.outputs.enumerated() {
      tensors[o].data = encoded[k]
      tensors[o].shape = results[k].shape
    }
    return true
  }

  /// For DEQUANTIZE of a float16 constant into a float32 tensor: the
  /// float32 bytes.
  static func widenedFloat16(_ op: TFLiteOperator, _ tensors: [TFLiteTensor]) -> [UInt8]? {
    guard op.builtinCode == TFLiteBuiltin.dequantize, op.inputs.count == 1, op.outputs.count == 1,
      op.inputs[0] >= 0, let data = tensors[op.inputs[0]].data,
      tensors[op.inputs[0]].type == .float16, tensors[op.outputs[0]].type == .float32,
      data.count % 2 == 0
    else { return nil }
    return LittleEndian.encode(
      LittleEndian.decode(data, as: UInt16.self).map(Float16Conversion.float(fromHalf:)))
  }

  /// The largest FILL folded, in elements (a larger one stays an operator,
  /// which the importer then refuses).
  static let maxFilledElements = 1 << 20

  /// For FILL of constant dimensions with a constant one-element value of
  /// the output's type: the output's shape and bytes.
  static func filled(_ op: TFLiteOperator, _ tensors: [TFLiteTensor]) -> ([Int], [UInt8])? {
    guard op.builtinCode == TFLiteBuiltin.fill, op.inputs.count == 2, op.outputs.count == 1,
      op.inputs.allSatisfy({ $0 >= 0 }), op.outputs[0] >= 0,
      let dims = TFLiteIntConstant(tensors[op.inputs[0]]), dims.shape.count == 1,
      let value = tensors[op.inputs[1]].data,
      tensors[op.inputs[1]].typeCode == tensors[op.outputs[0]].typeCode,
      TFLiteIntConstant.elementCount(tensors[op.inputs[1]].shape) == 1,
      (1...8).contains(value.count)
    else { return nil }
    let shape = dims.values.map { Int($0) }
    guard let count = TFLiteIntConstant.elementCount(shape), count <= maxFilledElements else {
      return nil
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count * value.count)
    for _ in 0..<count { bytes += value }
    return (shape, bytes)
  }

  /// The outputs of `op` when it is foldable and its inputs are known.
  static func evaluate(_ op: TFLiteOperator, _ tensors: [TFLiteTensor]) -> [TFLiteIntConstant]? {
    let code = op.builtinCode
    if code == TFLiteBuiltin.shape {
      guard op.inputs.count == 1, op.inputs[0] >= 0,
        TFLiteIntConstant.elementCount(tensors[op.inputs[0]].shape) != nil
      else { return nil }
      return [TFLiteIntConstant(vector: tensors[op.inputs[0]].shape.map { Int64($0) })]
    }
    var inputs: [TFLiteIntConstant] = []
    for i in op.inputs where i >= 0 {
      guard let c = TFLiteIntConstant(tensors[i]) else { return nil }
      inputs.append(c)
    }
    guard let first = inputs.first else { return nil }
    switch code {
    case TFLiteBuiltin.stridedSlice:
      guard inputs.count == 4,
        case .stridedSlice(let b, let e, let el, let na, let sh, let off) =
          op.options, el == 0, na == 0
      else { return nil }
      let masks = TFLiteIntOps.SliceMasks(begin: b, end: e, shrink: sh, offset: off)
      return TFLiteIntOps.stridedSlice(
        first, begin: inputs[1].ints, end: inputs[2].ints, strides: inputs[3].ints, masks
      ).map { [$0] }
    case TFLiteBuiltin.slice:
      guard inputs.count == 3 else { return nil }
      return TFLiteIntOps.slice(first, begin: inputs[1].ints, size: inputs[2].ints).map { [$0] }
    case TFLiteBuiltin.pack:
      guard case .pack(_, let axis) = op.options else { return nil }
      return TFLiteIntOps.pack(inputs, axis: axis).map { [$0] }
    case TFLiteBuiltin.concatenation:
      guard case .concatenation(let axis, 0) = op.options else { return nil }
      return TFLiteIntOps.concatenate(inputs, axis: axis).map { [$0] }
    case TFLiteBuiltin.gather:
      guard inputs.count == 2, case .gather(let axis, 0) = op.options else { return nil }
      return TFLiteIntOps.gather(first, indices: inputs[1], axis: axis).map { [$0] }
    case TFLiteBuiltin.cast:
      return [first]
    case TFLiteBuiltin.logicalNot:
      return [TFLiteIntConstant(shape: first.shape, values: first.values.map { $0 == 0 ? 1 : 0 })]
    case TFLiteBuiltin.reshape, TFLiteBuiltin.squeeze, TFLiteBuiltin.expandDims:
      let shape = tensors[op.outputs.first ?? 0].shape
      guard op.outputs.count == 1, TFLiteIntConstant.elementCount(shape) == first.values.count
      else { return nil }
      return [TFLiteIntConstant(shape: shape, values: first.values)]
    case TFLiteBuiltin.reduceProd:
      guard inputs.count == 2, case .reducer(let keepDims) = op.options else { return nil }
      return TFLiteIntOps.reduceProduct(first, axes: inputs[1].ints, keepDims: keepDims).map {
        [$0]
      }
    case TFLiteBuiltin.add, TFLiteBuiltin.sub, TFLiteBuiltin.mul, TFLiteBuiltin.floorDiv,
      TFLiteBuiltin.less, TFLiteBuiltin.lessEqual, TFLiteBuiltin.greater,
      TFLiteBuiltin.greaterEqual, TFLiteBuiltin.equal, TFLiteBuiltin.notEqual,
      TFLiteBuiltin.logicalAnd, TFLiteBuiltin.logicalOr:
      guard inputs.count == 2 else { return nil }
      if case .arithmetic(let activation) = op.options, activation != 0 { return nil }
      return TFLiteIntOps.binary(code, first, inputs[1]).map { [$0] }
    default:
      return nil
    }
  }
}
