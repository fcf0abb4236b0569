// GMLConverter/TFLite/TFLiteIntOps.swift — integer tensor arithmetic for folding shape chains.

/// The integer operators `TFLiteShapeFolding` evaluates, with TensorFlow's
/// semantics; each returns nil for arguments TensorFlow would refuse.
enum TFLiteIntOps {
  typealias Constant = TFLiteIntConstant

  /// STRIDED_SLICE's masks (ellipsis and new-axis masks are not folded).
  struct SliceMasks {
    var begin: Int
    var end: Int
    var shrink: Int
    /// Whether `end` is relative to `begin`.
    var offset: Bool
  }

  static func stridedSlice(
    _ x: Constant, begin: [Int], end: [Int], strides: [Int], _ masks: SliceMasks
  ) -> Constant? {
    let rank = x.shape.count
    guard begin.count == rank, end.count == rank, strides.count == rank else { return nil }
    var ranges: [[Int]] = []
    var shape: [Int] = []
    for d in 0..<rank {
      let n = x.shape[d]
      let s = strides[d]
      guard s != 0 else { return nil }
      if masks.shrink >> d & 1 == 1 {
        let i = begin[d] < 0 ? begin[d] + n : begin[d]
        guard i >= 0 && i < n else { return nil }
        ranges.append([i])
        continue
      }
      let b = masks.begin >> d & 1 == 1 ? (s > 0 ? 0 : n - 1) : clamped(begin[d], n, s)
      // A file's begin, end and stride may be anything an int64 holds:
      // sums that overflow are refused, a step past the range ends it.
      let (rawEnd, overflow) =
        masks.offset ? begin[d].addingReportingOverflow(end[d]) : (end[d], false)
      guard !overflow else { return nil }
      let e = masks.end >> d & 1 == 1 ? (s > 0 ? n : -1) : clamped(rawEnd, n, s)
      var indices: [Int] = []
      var k = b
      while s > 0 ? k < e : k > e {
        indices.append(k)
        let (next, past) = k.addingReportingOverflow(s)
        if past { break }
        k = next
      }
      ranges.append(indices)
      shape.append(indices.count)
    }
    return Constant(shape: shape, values: gathered(x, ranges))
  }

  /// A begin or end index made non-negative and clamped as TensorFlow does
  /// for the stride's direction.
  static func clamped(_ i: Int, _ n: Int, _ stride: Int) -> Int {
    let j = i < 0 ? i + n : i
    return stride > 0 ? min(max(j, 0), n) : min(max(j, -1), n - 1)
  }

  static func slice(_ x: Constant, begin: [Int], size: [Int]) -> Constant? {
    guard begin.count == x.shape.count, size.count == x.shape.count else { return nil }
    var ranges: [[Int]] = []
    for (d, n) in x.shape.enumerated() {
      guard begin[d] >= 0, begin[d] <= n else { return nil }
      let count = size[d] == -1 ? n - begin[d] : size[d]
      guard count >= 0, count <= n - begin[d] else { return nil }
      ranges.append(Array(begin[d]..<begin[d] + count))
    }
    return Constant(shape: ranges.map(\.count), values: gathered(x, ranges))
  }

  /// The elements of `x` at every combination of `ranges` (one index list
  /// per dimension), row-major.
  static func gathered(_ x: Constant, _ ranges: [[Int]]) -> [Int64] {
    var strides = [Int](repeating: 1, count: x.shape.count)
    for d in stride(from: x.shape.count - 2, through: 0, by: -1) {
      strides[d] = strides[d + 1] * x.shape[d + 1]
    }
    var offsets = [0]
    for (d, indices) in ranges.enumerated() {
      offsets = offsets.flatMap { base in indices.map { base + $0 * strides[d] } }
    }
    return offsets.map { x.values[$0] }
  }

  static func pack(_ inputs: [Constant], axis: Int) -> Constant? {
    guard let first = inputs.first, inputs.allSatisfy({ $0.shape == first.shape }) else {
      return nil
    }
    let rank = first.shape.count + 1
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < rank else { return nil }
    let inner = first.shape[a...].reduce(1, *)
    let outer = first.values.count / max(inner, 1)
    var values: [Int64] = []
    for o in 0..<outer {
      for input in inputs { values += input.values[o * inner..<(o + 1) * inner] }
    }
    var shape = first.shape
    shape.insert(inputs.count, at: a)
    return Constant(shape: shape, values: values)
  }

  static func concatenate(_ inputs: [Constant], axis: Int) -> Constant? {
    guard let first = inputs.first else { return nil }
    let rank = first.shape.count
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < rank else { return nil }
    for input in inputs {
      guard input.shape.count == rank,
        (0..<rank).allSatisfy({ $0 == a || input.shape[$0] == first.shape[$0] })
      else { return nil }
    }
    let outer = first.shape[..<a].reduce(1, *)
    var values: [Int64] = []
    for o in 0..<outer {
      for input in inputs {
        let block = input.shape[a...].reduce(1, *)
        values += input.values[o * block..<(o + 1) * block]
      }
    }
    var shape = first.shape
    shape[a] = inputs.reduce(0) { $0 + $1.shape[a] }
    return Constant(shape: shape, values: values)
  }

  static func gather(_ params: Constant, indices: Constant, axis: Int) -> Constant? {
    let rank = params.shape.count
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0 && a < rank else { return nil }
    let n = params.shape[a]
    let inner = params.shape[(a + 1)...].reduce(1, *)
    let outer = params.shape[..<a].reduce(1, *)
    var values: [Int64] = []
    for o in 0..<outer {
      for index in indices.values {
        guard index >= 0 && index < n else { return nil }
        let start = (o * n + Int(index)) * inner
        values += params.values[start..<start + inner]
      }
    }
    let shape = Array(params.shape[..<a]) + indices.shape + Array(params.shape[(a + 1)...])
    return Constant(shape: shape, values: values)
  }

  static func reduceProduct(_ x: Constant, axes: [Int], keepDims: Bool) -> Constant? {
    let rank = x.shape.count
    var reduced = Set<Int>()
    for axis in axes {
      let a = axis < 0 ? axis + rank : axis
      guard a >= 0 && a < rank else { return nil }
      reduced.insert(a)
    }
    let kept = x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
    var values = [Int64](repeating: 1, count: kept.reduce(1, *))
    for (flat, v) in x.values.enumerated() {
      var rest = flat
      var out = 0
      var scale = 1
      for d in stride(from: rank - 1, through: 0, by: -1) {
        let i = rest % x.shape[d]
        rest /= x.shape[d]
        out += (reduced.contains(d) ? 0 : i) * scale
        scale *= kept[d]
      }
      values[out] = values[out] &* v
    }
    let shape =
      keepDims ? kept : x.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
    return Constant(shape: shape, values: values)
  }

  /// ADD, SUB, MUL, FLOOR_DIV, a comparison (1 for true) or LOGICAL_AND /
  /// LOGICAL_OR of two same-shaped tensors or a tensor and a single value.
  static func binary(_ code: Int32, _ a: Constant, _ b: Constant) -> Constant? {
    let shape: [Int]
    if a.shape == b.shape || b.values.count == 1 {
      shape = a.shape
    } else if a.values.count == 1 {
      shape = b.shape
    } else {
      return nil
    }
    let count = max(a.values.count, b.values.count)
    var values: [Int64] = []
    for i in 0..<count {
      let x = a.values[a.values.count == 1 ? 0 : i]
      let y = b.values[b.values.count == 1 ? 0 : i]
      switch code {
      case TFLiteBuiltin.add: values.append(x &+ y)
      case TFLiteBuiltin.sub: values.append(x &- y)
      case TFLiteBuiltin.mul: values.append(x &* y)
      case TFLiteBuiltin.less: values.append(x < y ? 1 : 0)
      case TFLiteBuiltin.lessEqual: values.append(x <= y ? 1 : 0)
      case TFLiteBuiltin.greater: values.append(x > y ? 1 : 0)
      case TFLiteBuiltin.greaterEqual: values.append(x >= y ? 1 : 0)
      case TFLiteBuiltin.equal: values.append(x == y ? 1 : 0)
      case TFLiteBuiltin.notEqual: values.append(x != y ? 1 : 0)
      case TFLiteBuiltin.logicalAnd: values.append(x != 0 && y != 0 ? 1 : 0)
      case TFLiteBuiltin.logicalOr: values.append(x != 0 || y != 0 ? 1 : 0)
      default:
        guard y != 0, x != .min || y != -1 else { return nil }
        let q = x / y
        values.append(q * y != x && (x < 0) != (y < 0) ? q - 1 : q)
      }
    }
    return Constant(shape: shape, values: values)
  }
}
