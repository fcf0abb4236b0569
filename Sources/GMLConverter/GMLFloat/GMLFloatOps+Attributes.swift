// GMLConverter/GMLFloat/GMLFloatOps+Attributes.swift — attribute groups: convolution, pooling, shapes, paddings, resizes.
import GMLCore
import GMLKernels

extension GMLFloatOps {
  /// Conv2D and DepthwiseConv2D: strides, padding, dilations, depth multiplier, activation.
  static func convAttributes(_ a: GMLFloatAttributes, depthwise: Bool) throws(ConversionError)
    -> ConvAttributes
  {
    let strides = try a.pair("strides", default: (1, 1))
    let padding = try a.padding()
    let dilations = try a.pair("dilations", default: (1, 1))
    var multiplier = 1
    if depthwise, let field = try a.cursor.optionalField("depth_multiplier") {
      multiplier = try field.int(in: 1...Int(Int32.max))
    }
    return ConvAttributes(
      window: Window(strideH: strides.0, strideW: strides.1, padding: padding),
      dilationH: dilations.0, dilationW: dilations.1, depthMultiplier: multiplier,
      activation: try a.activation())
  }

  /// MaxPool2D and AvgPool2D: pool_size (required), strides (= pool_size), padding.
  static func poolAttributes(_ a: GMLFloatAttributes) throws(ConversionError) -> PoolAttributes {
    let size = try a.pair("pool_size", default: nil)
    let strides = try a.pair("strides", default: size)
    return PoolAttributes(
      poolH: size.0, poolW: size.1,
      window: Window(strideH: strides.0, strideW: strides.1, padding: try a.padding()))
  }

  /// Reshape's `shape`: positive sizes and at most one -1.
  static func reshape(_ a: GMLFloatAttributes) throws(ConversionError) -> [Int] {
    guard let field = try a.cursor.optionalField("shape") else { throw a.missing("shape") }
    let items = try field.elements()
    guard !items.isEmpty, items.count <= Shape.maxRank else {
      throw field.error("expected 1 to \(Shape.maxRank) sizes, got \(items.count)")
    }
    var shape: [Int] = []
    for item in items {
      let d = try item.int()
      guard d > 0 || d == -1 else {
        throw item.error("sizes must be positive or -1 (inferred), got \(d)")
      }
      if d == -1 && shape.contains(-1) { throw item.error("only one size may be -1") }
      shape.append(d)
    }
    guard (try? Shape(shape.map { max($0, 1) }).elementCount()) != nil else {
      throw field.error("shape \(Shape(shape)) has too many elements")
    }
    return shape
  }

  /// Pad's `paddings`: one `[before, after]` pair of non-negative integers per dimension.
  static func paddings(_ a: GMLFloatAttributes) throws(ConversionError) -> [[Int]] {
    guard let field = try a.cursor.optionalField("paddings") else { throw a.missing("paddings") }
    let rows = try field.elements()
    guard !rows.isEmpty, rows.count <= Shape.maxRank else {
      throw field.error("expected 1 to \(Shape.maxRank) [before, after] pairs, got \(rows.count)")
    }
    var result: [[Int]] = []
    for row in rows { result.append(try row.intArray(count: 2, in: 0...Int(Int32.max))) }
    return result
  }

  /// A required list of 1 to `Shape.maxRank` integers in `range` (Tile's
  /// `multiples`, StridedSlice's `begin`, `end` and `strides`).
  static func integers(_ a: GMLFloatAttributes, _ key: String, in range: ClosedRange<Int>)
    throws(ConversionError) -> [Int]
  {
    guard let field = try a.cursor.optionalField(key) else { throw a.missing(key) }
    let values = try field.intArray(in: range)
    guard !values.isEmpty, values.count <= Shape.maxRank else {
      throw field.error("expected 1 to \(Shape.maxRank) integers, got \(values.count)")
    }
    return values
  }

  /// Transpose's `perm`: a permutation of `0..<n`.
  static func permutation(_ a: GMLFloatAttributes) throws(ConversionError) -> [Int] {
    guard let field = try a.cursor.optionalField("perm") else { throw a.missing("perm") }
    let perm = try field.intArray(in: 0...(Shape.maxRank - 1))
    guard !perm.isEmpty, perm.sorted() == Array(0..<perm.count) else {
      throw field.error("expected a permutation of 0..<n (each axis once), got \(perm)")
    }
    return perm
  }

  /// ResizeBilinear's and ResizeNearestNeighbor's: `size` `[height, width]`
  /// (each 1 to 2^20 − 1), the two flags (false by default, never both).
  static func resizeAttributes(_ a: GMLFloatAttributes, _ method: Resize.Method)
    throws(ConversionError) -> ResizeAttributes
  {
    guard let field = try a.cursor.optionalField("size") else { throw a.missing("size") }
    let size = try field.intArray(count: 2, in: 1...((1 << 20) - 1))
    let (alignCorners, halfPixelCenters) = (
      try a.bool("align_corners"), try a.bool("half_pixel_centers")
    )
    guard !(alignCorners && halfPixelCenters) else {
      throw a.cursor.error("align_corners and half_pixel_centers cannot both be true")
    }
    return ResizeAttributes(
      method: method, height: size[0], width: size[1], alignCorners: alignCorners,
      halfPixelCenters: halfPixelCenters)
  }
}
