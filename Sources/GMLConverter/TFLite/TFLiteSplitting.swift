// GMLConverter/TFLite/TFLiteSplitting.swift — SPLIT, SPLIT_V and UNPACK as one box of the input per output, PACK's axis.

/// SPLIT, SPLIT_V and UNPACK on data: output `k` is a box of the input
/// (`STRIDED_SLICE` with strides 1), along the split axis from the sum of
/// the sizes before it; UNPACK's boxes are one thick and its outputs drop
/// that axis. Both importers write them as one STRIDED_SLICE per output
/// (a copy: int8 values keep their parameters, as TFLite's kernels do).
struct TFLiteSplit {
  /// The TFLite tensor split.
  let input: Int
  /// Per output: the box's `begin` and `end`.
  let boxes: [(begin: [Int], end: [Int])]

  /// - Parameters:
  ///   - op: a SPLIT, SPLIT_V or UNPACK operator.
  ///   - options: its options (UNPACK's axis).
  ///   - model: the model, for the input's shape.
  ///   - constant: reads an integer operand at a slot, naming its role.
  /// - Throws: `TFLiteUnsupported` for a non-constant axis or sizes,
  ///   sizes that do not add up to the axis, or an axis outside the input.
  init(
    _ op: TFLiteOperator, options: TFLiteOptions, model: TFLiteModel,
    constant: (Int, String) throws(TFLiteUnsupported) -> [Int]
  ) throws(TFLiteUnsupported) {
    let dataSlot = op.builtinCode == TFLiteBuiltin.split ? 1 : 0
    guard dataSlot < op.inputs.count, op.inputs[dataSlot] >= 0 else {
      throw TFLiteUnsupported("without its input")
    }
    input = op.inputs[dataSlot]
    let shape = model.tensors[input].shape
    let n = op.outputs.count
    var axis: Int
    var sizes: [Int]
    switch (op.builtinCode, options) {
    case (TFLiteBuiltin.split, _):
      axis = try TFLiteSplit.single(constant(0, "axis"), "axis")
      axis = try TFLiteSplit.normalized(axis, rank: shape.count)
      guard n > 0, shape[axis] % n == 0 else {
        throw TFLiteUnsupported("into \(n) parts of an axis of \(shape[axis])")
      }
      sizes = Array(repeating: shape[axis] / n, count: n)
    case (TFLiteBuiltin.splitV, _):
      axis = try TFLiteSplit.normalized(
        TFLiteSplit.single(constant(2, "axis"), "axis"), rank: shape.count)
      sizes = try constant(1, "size_splits")
      let known = sizes.filter { $0 != -1 }.reduce(0, +)
      if let free = sizes.firstIndex(of: -1), sizes.filter({ $0 == -1 }).count == 1 {
        sizes[free] = shape[axis] - known
      }
    case (TFLiteBuiltin.unpack, .unpack(_, let a)):
      axis = try TFLiteSplit.normalized(a, rank: shape.count)
      sizes = Array(repeating: 1, count: shape[axis])
    default: throw TFLiteUnsupported("with options of another operator")
    }
    guard sizes.count == n, sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[axis]
    else {
      throw TFLiteUnsupported("with sizes \(sizes) for \(n) outputs of an axis of \(shape[axis])")
    }
    var boxes: [(begin: [Int], end: [Int])] = []
    var start = 0
    for size in sizes {
      var (begin, end) = (Array(repeating: 0, count: shape.count), shape)
      (begin[axis], end[axis]) = (start, start + size)
      boxes.append((begin, end))
      start += size
    }
    self.boxes = boxes
  }

  /// The one value of a scalar or one-element constant.
  static func single(_ values: [Int], _ role: String) throws(TFLiteUnsupported) -> Int {
    guard values.count == 1 else {
      throw TFLiteUnsupported("with \(role) of \(values.count) values")
    }
    return values[0]
  }

  /// `axis` counted from 0 (a negative one from the end), checked against `rank`.
  static func normalized(_ axis: Int, rank: Int) throws(TFLiteUnsupported) -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < rank else {
      throw TFLiteUnsupported("with axis \(axis) of a rank-\(rank) input")
    }
    return a
  }

  /// Whether `code` is one of the operators split into boxes.
  static func splits(_ code: Int32) -> Bool {
    code == TFLiteBuiltin.split || code == TFLiteBuiltin.splitV || code == TFLiteBuiltin.unpack
  }
}

/// GATHER on data with constant indices (one or a vector of them, batch
/// dims 0) along an axis: the index runs that step by one, each a box of
/// the input, written as STRIDED_SLICEs and, for more than one, a
/// CONCATENATION along the axis. A single index drops the axis.
struct TFLiteGather {
  let input: Int
  let axis: Int
  /// Per run of consecutive indices: the box's `begin` and `end`.
  let boxes: [(begin: [Int], end: [Int])]

  /// - Throws: `TFLiteUnsupported` for non-constant or out-of-range
  ///   indices, indices of rank 2 or more, or batch dims.
  init(
    _ op: TFLiteOperator, options: TFLiteOptions, model: TFLiteModel,
    constant: (Int, String) throws(TFLiteUnsupported) -> TFLiteIntConstant
  ) throws(TFLiteUnsupported) {
    guard op.inputs.count == 2, op.inputs[0] >= 0, case .gather(let a, let batchDims) = options,
      batchDims == 0
    else { throw TFLiteUnsupported("with batch dims or without its operands") }
    input = op.inputs[0]
    let shape = model.tensors[input].shape
    let axis = try TFLiteSplit.normalized(a, rank: shape.count)
    self.axis = axis
    let indices = try constant(1, "indices")
    guard indices.shape.count <= 1, !indices.values.isEmpty,
      indices.values.allSatisfy({ $0 >= 0 && $0 < shape[axis] })
    else { throw TFLiteUnsupported("with indices \(indices.values) of shape \(indices.shape)") }
    var boxes: [(begin: [Int], end: [Int])] = []
    for index in indices.ints {
      if let last = boxes.last, last.end[axis] == index {
        boxes[boxes.count - 1].end[axis] += 1
      } else {
        var (begin, end) = (Array(repeating: 0, count: shape.count), shape)
        (begin[axis], end[axis]) = (index, index + 1)
        boxes.append((begin, end))
      }
    }
    self.boxes = boxes
  }
}
