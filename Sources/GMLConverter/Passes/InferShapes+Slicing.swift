// GMLConverter/Passes/InferShapes+Slicing.swift — output shapes of Tile and StridedSlice, and StridedSlice's bounds resolved.

/// StridedSlice's `begin` and `end` with negative entries counted from the
/// end of their dimension, or nil when a bound falls outside it or `end`
/// comes before `begin`.
/// - Parameters:
///   - begin: the starts as written.
///   - end: the ends as written.
///   - shape: the input's shape.
func resolvedSlice(begin: [Int], end: [Int], shape: [Int]) -> (begin: [Int], end: [Int])? {
  guard begin.count == shape.count, end.count == shape.count else { return nil }
  var b: [Int] = []
  var e: [Int] = []
  for d in 0..<shape.count {
    let x = begin[d] < 0 ? begin[d] + shape[d] : begin[d]
    let y = end[d] < 0 ? end[d] + shape[d] : end[d]
    guard x >= 0, x <= y, y <= shape[d] else { return nil }
    b.append(x)
    e.append(y)
  }
  return (b, e)
}

extension NodeCheck {
  /// Tile: each dimension times its multiple.
  func tile(_ multiples: [Int]) throws(ConversionError) -> [Int] {
    try arity(1...1)
    let x = try shape(0)
    guard multiples.count == x.count else {
      throw fail("multiples \(multiples) needs one entry per input dimension (\(x.count))")
    }
    return zip(x, multiples).map { $0 * $1 }
  }

  /// StridedSlice: ceil((end − begin) / stride) per dimension.
  func stridedSlice(begin: [Int], end: [Int], strides: [Int]) throws(ConversionError) -> [Int] {
    try arity(1...1)
    let x = try shape(0)
    guard let (b, e) = resolvedSlice(begin: begin, end: end, shape: x), strides.count == x.count
    else {
      throw fail(
        "begin \(begin), end \(end) and strides \(strides) do not select a box of the input "
          + "\(x) (one entry per dimension; negative counts from the end)")
    }
    return (0..<x.count).map { (e[$0] - b[$0] + strides[$0] - 1) / strides[$0] }
  }
}
