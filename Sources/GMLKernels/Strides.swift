// GMLKernels/Strides.swift — row-major strides and flat-index decomposition shared by the shape ops.
import GMLCore

/// Row-major (C order) strides: the element distance between neighbours
/// along each dimension.
public enum Strides {
  /// The strides of a dense tensor of `shape`.
  /// - Parameter shape: the dimensions, outermost first.
  /// - Returns: one stride per dimension; the last is 1.
  public static func of(_ shape: Shape) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.rank)
    var s = 1
    for d in stride(from: shape.rank - 1, through: 0, by: -1) {
      strides[d] = s
      s *= shape.dims[d]
    }
    return strides
  }

  /// The product of `dims[range]` (1 for an empty range).
  static func product(_ dims: [Int], _ range: Range<Int>) -> Int {
    var n = 1
    for d in range { n *= dims[d] }
    return n
  }

  /// The offset of flat index `index` of a tensor of `dims` in a tensor
  /// whose dimension `d` has stride `strides[d]`. O(rank); no allocation.
  @inline(__always)
  static func offset(of index: Int, dims: [Int], strides: [Int]) -> Int {
    var rest = index
    var offset = 0
    var d = dims.count - 1
    while d >= 0 {
      let extent = dims[d]
      offset += (rest % extent) * strides[d]
      rest /= extent
      d -= 1
    }
    return offset
  }

  /// Calls `body(i, offset(of: i, dims:, strides:))` for every flat index
  /// `i` of a tensor of `dims`, in order: a run along the last axis at a
  /// time, the outer axes counted like an odometer (no division per
  /// element). No allocation.
  @inline(__always)
  static func forEachOffset(dims: [Int], strides: [Int], _ body: (Int, Int) -> Void) {
    let rank = dims.count
    guard rank > 0 else { return body(0, 0) }
    let (inner, step) = (dims[rank - 1], strides[rank - 1])
    let count = product(dims, 0..<rank)
    guard count > 0 else { return }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: rank) { digits in
      digits.initialize(repeating: 0)
      var (i, start) = (0, 0)
      while i < count {
        var offset = start
        for _ in 0..<inner {
          body(i, offset)
          i += 1
          offset += step
        }
        var d = rank - 2
        while d >= 0 {
          digits[d] += 1
          start += strides[d]
          if digits[d] < dims[d] { break }
          start -= strides[d] * dims[d]
          digits[d] = 0
          d -= 1
        }
      }
    }
  }
}
