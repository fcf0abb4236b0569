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
}
