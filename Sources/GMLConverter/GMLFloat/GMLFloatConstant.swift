// GMLConverter/GMLFloat/GMLFloatConstant.swift — one entry of "tensors": dtype, shape, exactly one data source.
import GMLCore
import GMLNumPy

/// One constant of a gml-float document, read from its one data source:
/// `offset` + `length` in a raw `.bin`, `array` in an archive, or inline
/// `data`. Values are widened to `Float`: float16 exactly, int32 and int64
/// only when the `Float` holds the integer exactly.
struct GMLFloatConstant {
  static let keys = ["shape", "dtype", "offset", "length", "array", "data"]
  static let dtypes: [ElementType] = [.float32, .float16, .int32, .int64]

  let name: String
  let entry: JSONCursor
  let weights: WeightSource
  let limits: GMLFloatLimits
  /// How many more elements the constants may have (`maxConstantElements`
  /// less those read before this one).
  let budget: Int

  func tensor() throws(ConversionError) -> GraphTensor {
    try entry.checkKeys(Self.keys, what: "a tensor")
    let shapeField = try entry.field("shape")
    let shape = try GMLFloatDocument.shape(shapeField, limits: limits)
    let count = shape.reduce(1, *)
    guard count <= budget else {
      throw shapeField.error(
        "the constants up to this one have more than \(limits.maxConstantElements) elements "
          + "in all (GMLFloatLimits.maxConstantElements)")
    }
    let type = try dtype()
    let offset = try entry.optionalField("offset")
    let length = try entry.optionalField("length")
    let array = try entry.optionalField("array")
    let data = try entry.optionalField("data")
    let sources = [offset ?? length, array, data].compactMap { $0 }
    guard sources.count == 1 else {
      let message =
        sources.isEmpty
        ? "no data: expected one of \"offset\" with \"length\", \"array\", or \"data\""
        : "more than one data source: give only one of \"offset\"/\"length\", \"array\", \"data\""
      throw entry.error(message)
    }
    let values: [Float]
    if let data {
      values = try inline(data, count: count, type: type)
    } else if let array {
      values = try npy(array, shape: shape, type: type)
    } else {
      values = try raw(
        offset: try entry.field("offset"), length: try entry.field("length"), count: count,
        type: type)
    }
    return GraphTensor(name: name, shape: shape, type: type, data: values)
  }

  /// `"dtype"`: float32 (the default), float16, int32 or int64.
  func dtype() throws(ConversionError) -> ElementType {
    guard let field = try entry.optionalField("dtype") else { return .float32 }
    let text = try field.string()
    guard let type = ElementType(name: text), Self.dtypes.contains(type) else {
      throw field.error(
        "unsupported dtype \"\(text)\"; expected \"float32\", \"float16\", \"int32\" or \"int64\"")
    }
    return type
  }

  /// Inline `"data"`: exactly `count` numbers, each fitting `type`.
  func inline(_ field: JSONCursor, count: Int, type: ElementType) throws(ConversionError)
    -> [Float]
  {
    guard case .array(let items) = field.node else { throw field.mismatch("an array") }
    guard items.count == count else {
      throw field.error("expected \(count) numbers (the shape's element count), got \(items.count)")
    }
    var values: [Float] = []
    values.reserveCapacity(count)
    for (index, node) in items.enumerated() {
      // Fast path for the common case; anything else goes through the
      // checked reads below, which name the element in their errors.
      if type == .float32, case .number(let n) = node, Float(n.double).isFinite {
        values.append(Float(n.double))
        continue
      }
      let item = JSONCursor(node, file: field.file, path: "\(field.path)[\(index)]")
      switch type {
      case .int32, .int64:
        let range = type == .int32 ? Int(Int32.min)...Int(Int32.max) : Int.min...Int.max
        let v = try item.int(in: range)
        guard let f = Float(exactly: v) else {
          throw item.error("\(type.name) value \(v) is not exactly representable as float32")
        }
        values.append(f)
      case .float16:
        let f = HalfFloat.rounded(try item.float())
        guard f.isFinite else { throw item.error("number is out of the float16 range") }
        values.append(f)
      default:
        values.append(try item.float())
      }
    }
    return values
  }

  /// `"offset"` and `"length"` in the raw `.bin`.
  func raw(offset: JSONCursor, length: JSONCursor, count: Int, type: ElementType)
    throws(ConversionError) -> [Float]
  {
    guard case .raw(let bytes, let file) = weights else {
      throw offset.error(
        "\"offset\"/\"length\" address a raw .bin; set \"weights\" to a .bin file"
          + (isArchive ? " or use \"array\" for .npz weights" : ""))
    }
    let start = try offset.int(in: 0...Int.max)
    let size = try length.int(in: 0...Int.max)
    let (expected, overflow) = count.multipliedReportingOverflow(by: type.byteSize)
    guard !overflow, size == expected else {
      throw length.error(
        "length \(size) does not match the shape and dtype: \(count) \(type.name) elements "
          + "take \(expected) bytes")
    }
    guard start <= bytes.count, size <= bytes.count - start else {
      throw offset.error(
        "offset \(start) + length \(size) runs past the end of \(file) (\(bytes.count) bytes)")
    }
    return try decode(Array(bytes[start..<start + size]), type: type, at: entry)
  }

  var isArchive: Bool {
    if case .archive = weights { return true }
    return false
  }
}
