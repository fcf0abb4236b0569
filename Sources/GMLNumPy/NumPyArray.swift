// GMLNumPy/NumPyArray.swift — a dense array as a .npy file holds it: type, shape, raw bytes.
import GMLCore

/// A dense array read from, or to be written to, a `.npy` file.
///
/// The bytes are little-endian and in C (row-major) order whatever the file
/// used; `NPY.read` converts big-endian data. The properties are constants so
/// that `bytes.count` always matches `shape` and `type`.
public struct NumPyArray: Equatable, Sendable {
  /// The element type.
  public let type: ElementType
  /// The shape; `[]` for a scalar.
  public let shape: Shape
  /// The elements, little-endian, C order; `shape` elements × `type.byteSize` bytes.
  public let bytes: [UInt8]

  /// An array over raw little-endian bytes.
  ///
  /// - Parameters:
  ///   - type: the element type.
  ///   - shape: the shape; rank at most `Shape.maxRank`, no negative dimension.
  ///   - bytes: the elements, little-endian, C order.
  /// - Throws: `shapeMismatch` if `bytes.count` is not the shape's byte size,
  ///   and what `Shape.byteCount(of:limit:)` throws for an invalid shape.
  public init(type: ElementType, shape: Shape, bytes: [UInt8]) throws(GMLError) {
    let expected = try shape.byteCount(of: type, limit: Int.max)
    guard bytes.count == expected else {
      throw GMLError(.shapeMismatch, "byte count does not match the shape and element type")
    }
    self.type = type
    self.shape = shape
    self.bytes = bytes
  }

  /// A `float32` array.
  /// - Parameters:
  ///   - values: the elements in C order.
  ///   - shape: the shape; its element count must equal `values.count`.
  /// - Throws: as `init(type:shape:bytes:)`.
  public init(float32 values: [Float], shape: Shape) throws(GMLError) {
    try self.init(
      type: .float32, shape: shape, bytes: LittleEndian.encode(values))
  }

  /// An `int8` array.
  /// - Parameters:
  ///   - values: the elements in C order.
  ///   - shape: the shape; its element count must equal `values.count`.
  /// - Throws: as `init(type:shape:bytes:)`.
  public init(int8 values: [Int8], shape: Shape) throws(GMLError) {
    try self.init(type: .int8, shape: shape, bytes: LittleEndian.encode(values))
  }

  /// A `uint8` array.
  /// - Parameters:
  ///   - values: the elements in C order.
  ///   - shape: the shape; its element count must equal `values.count`.
  /// - Throws: as `init(type:shape:bytes:)`.
  public init(uint8 values: [UInt8], shape: Shape) throws(GMLError) {
    try self.init(type: .uint8, shape: shape, bytes: values)
  }

  /// An `int32` array.
  /// - Parameters:
  ///   - values: the elements in C order.
  ///   - shape: the shape; its element count must equal `values.count`.
  /// - Throws: as `init(type:shape:bytes:)`.
  public init(int32 values: [Int32], shape: Shape) throws(GMLError) {
    try self.init(type: .int32, shape: shape, bytes: LittleEndian.encode(values))
  }

  /// An `int64` array.
  /// - Parameters:
  ///   - values: the elements in C order.
  ///   - shape: the shape; its element count must equal `values.count`.
  /// - Throws: as `init(type:shape:bytes:)`.
  public init(int64 values: [Int64], shape: Shape) throws(GMLError) {
    try self.init(type: .int64, shape: shape, bytes: LittleEndian.encode(values))
  }

  /// The elements as `Float`.
  /// - Returns: the values in C order, or nil unless `type` is `float32`.
  public func float32Values() -> [Float]? {
    type == .float32 ? LittleEndian.floats(bytes) : nil
  }

  /// The elements as `Int8`.
  /// - Returns: the values in C order, or nil unless `type` is `int8`.
  public func int8Values() -> [Int8]? {
    type == .int8 ? LittleEndian.decode(bytes, as: Int8.self) : nil
  }

  /// The elements as `UInt8`.
  /// - Returns: the values in C order, or nil unless `type` is `uint8`.
  public func uint8Values() -> [UInt8]? {
    type == .uint8 ? bytes : nil
  }

  /// The elements as `Int32`.
  /// - Returns: the values in C order, or nil unless `type` is `int32`.
  public func int32Values() -> [Int32]? {
    type == .int32 ? LittleEndian.decode(bytes, as: Int32.self) : nil
  }

  /// The elements as `Int64`.
  /// - Returns: the values in C order, or nil unless `type` is `int64`.
  public func int64Values() -> [Int64]? {
    type == .int64 ? LittleEndian.decode(bytes, as: Int64.self) : nil
  }
}
