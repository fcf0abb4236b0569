// GMLConverter/TFLite/TFLiteSlicing.swift — TFLite's SLICE and STRIDED_SLICE on data resolved to explicit begin, end and strides.

/// A box of a tensor in `.gml`'s explicit form: per dimension,
/// 0 ≤ begin ≤ end ≤ size and a step ≥ 1.
struct TFLiteSlice: Equatable {
  var begin: [Int]
  var end: [Int]
  var strides: [Int]
  /// The dimensions `shrink_axis_mask` removes from the output.
  var shrunk: [Int]

  /// STRIDED_SLICE of an input of `shape`: masks and negative indices
  /// resolved as TFLite's `StridedSlice` does (`strided_slice_logic.h`),
  /// bounds clamped to the input.
  /// - Throws: `TFLiteUnsupported` for negative or zero strides, an ellipsis
  ///   or new-axis mask, or vectors of another length than the rank.
  init(
    shape: [Int], begin: [Int], end: [Int], strides: [Int], beginMask: Int, endMask: Int,
    ellipsisMask: Int, newAxisMask: Int, shrinkAxisMask: Int, offset: Bool
  ) throws(TFLiteUnsupported) {
    let rank = shape.count
    guard begin.count == rank, end.count == rank, strides.count == rank else {
      throw TFLiteUnsupported("with begin, end or strides not one per input dimension")
    }
    guard ellipsisMask == 0, newAxisMask == 0 else {
      throw TFLiteUnsupported("with an ellipsis or new-axis mask")
    }
    guard strides.allSatisfy({ $0 >= 1 }) else {
      throw TFLiteUnsupported("with a stride below 1 (reversing)")
    }
    func clamped(_ v: Int, _ d: Int) -> Int { min(max(v < 0 ? v + shape[d] : v, 0), shape[d]) }
    self.strides = strides
    self.begin = []
    self.end = []
    shrunk = []
    for d in 0..<rank {
      let b = beginMask & (1 << d) != 0 ? 0 : clamped(begin[d], d)
      var e = endMask & (1 << d) != 0 ? shape[d] : clamped(offset ? begin[d] + end[d] : end[d], d)
      if shrinkAxisMask & (1 << d) != 0 {
        e = min(b + 1, shape[d])
        shrunk.append(d)
      }
      self.begin.append(b)
      self.end.append(max(e, b))
    }
  }

  /// SLICE of an input of `shape`: `size[d]` elements from `begin[d]`
  /// (−1: to the end).
  /// - Throws: `TFLiteUnsupported` for vectors of another length than the
  ///   rank or a box outside the input.
  init(shape: [Int], begin: [Int], size: [Int]) throws(TFLiteUnsupported) {
    guard begin.count == shape.count, size.count == shape.count else {
      throw TFLiteUnsupported("with begin or size not one per input dimension")
    }
    self.begin = begin
    end = []
    for d in 0..<shape.count {
      let e = size[d] == -1 ? shape[d] : begin[d] + size[d]
      guard begin[d] >= 0, e >= begin[d], e <= shape[d] else {
        throw TFLiteUnsupported("with a box outside the input")
      }
      end.append(e)
    }
    strides = Array(repeating: 1, count: shape.count)
    shrunk = []
  }
}

extension TFLiteSlice {
  /// The box of a SLICE or STRIDED_SLICE `op` on an input of `shape`, its
  /// constant operands (begin, end or size, strides) read by `constant`
  /// (input slot, role).
  init(
    _ op: TFLiteOperator, options: TFLiteOptions, shape: [Int],
    constant: (Int, String) throws(TFLiteUnsupported) -> [Int]
  ) throws(TFLiteUnsupported) {
    if op.builtinCode == TFLiteBuiltin.slice {
      try self.init(shape: shape, begin: try constant(1, "begin"), size: try constant(2, "size"))
      return
    }
    var masks = (begin: 0, end: 0, ellipsis: 0, newAxis: 0, shrink: 0, offset: false)
    if case .stridedSlice(let b, let e, let el, let n, let s, let o) = options {
      masks = (b, e, el, n, s, o)
    }
    try self.init(
      shape: shape, begin: try constant(1, "begin"), end: try constant(2, "end"),
      strides: try constant(3, "strides"), beginMask: masks.begin, endMask: masks.end,
      ellipsisMask: masks.ellipsis, newAxisMask: masks.newAxis, shrinkAxisMask: masks.shrink,
      offset: masks.offset)
  }
}
