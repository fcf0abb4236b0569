// GMLCore/Shape.swift — static tensor shapes with overflow-checked sizes.

/// A static tensor shape (NHWC for activations).
public struct Shape: Equatable, Sendable, CustomStringConvertible {
  /// The largest rank any gml file or tool accepts.
  public static let maxRank = 8

  /// The extent of each dimension, outermost first.
  public var dims: [Int]

  public init(_ dims: [Int]) { self.dims = dims }

  public var rank: Int { dims.count }

  /// `[1, 28, 28, 1]`.
  public var description: String {
    var s = "["
    for (i, d) in dims.enumerated() {
      if i > 0 { s += ", " }
      s += "\(d)"
    }
    return s + "]"
  }

  /// The number of elements, checked: every dimension is ≥ 0, the rank is at
  /// most `maxRank`, and the product stays at or below `limit`.
  ///
  /// - Parameter limit: the largest element count accepted.
  /// - Returns: the product of the dimensions (1 for a scalar).
  /// - Throws: `limitExceeded` for a rank or product over the limit,
  ///   `shapeMismatch` for a negative dimension.
  public func elementCount(limit: Int = Int(Int32.max)) throws(GMLError) -> Int {
    if dims.count > Shape.maxRank {
      throw GMLError(.limitExceeded, "rank above Shape.maxRank")
    }
    var n = 1
    for d in dims {
      if d < 0 { throw GMLError(.shapeMismatch, "negative dimension") }
      let (p, overflow) = n.multipliedReportingOverflow(by: d)
      if overflow || p > limit { throw GMLError(.limitExceeded, "element count too large") }
      n = p
    }
    return n
  }

  /// The size in bytes of a tensor of this shape and `type`, checked as
  /// `elementCount(limit:)`, with `limit` applying to the byte size.
  /// - Throws: as `elementCount(limit:)`.
  public func byteCount(of type: ElementType, limit: Int = Int(Int32.max)) throws(GMLError) -> Int {
    let n = try elementCount(limit: limit)
    let (b, overflow) = n.multipliedReportingOverflow(by: type.byteSize)
    if overflow || b > limit { throw GMLError(.limitExceeded, "byte size too large") }
    return b
  }
}
