// GMLConverter/TFLite/TFLiteIntConstant.swift — integer constants of a .tflite graph: shapes, axes, paddings.
import GMLCore

/// An integer tensor known at conversion time: the value of an int32,
/// int64 or bool constant (false 0, true 1), or of a shape computation or
/// loop condition folded by `TFLiteShapeFolding`.
struct TFLiteIntConstant: Equatable {
  var shape: [Int]
  /// Row-major values.
  var values: [Int64]

  init(shape: [Int], values: [Int64]) {
    self.shape = shape
    self.values = values
  }

  /// A vector.
  init(vector: [Int64]) {
    self.init(shape: [vector.count], values: vector)
  }

  /// The value of `tensor` when it is an int32, int64 or bool constant
  /// whose byte count matches its shape; nil otherwise.
  init?(_ tensor: TFLiteTensor) {
    guard let data = tensor.data, let count = TFLiteIntConstant.elementCount(tensor.shape) else {
      return nil
    }
    switch tensor.type {
    case .int32?:
      guard data.count == count * 4 else { return nil }
      values = LittleEndian.decode(data, as: Int32.self).map(Int64.init)
    case .int64?:
      guard data.count == count * 8 else { return nil }
      values = LittleEndian.decode(data, as: Int64.self)
    case .bool?:
      guard data.count == count else { return nil }
      values = data.map { $0 == 0 ? 0 : 1 }
    default:
      return nil
    }
    shape = tensor.shape
  }

  /// The element count of `shape`, or nil for a negative dimension or an
  /// overflow.
  static func elementCount(_ shape: [Int]) -> Int? {
    var n = 1
    for d in shape {
      guard d >= 0 else { return nil }
      let (p, overflow) = n.multipliedReportingOverflow(by: d)
      guard !overflow else { return nil }
      n = p
    }
    return n
  }

  /// The values as little-endian bytes of `type` (int32, int64 or bool),
  /// or nil when a value does not fit an int32.
  func bytes(as type: TFLiteTensorType) -> [UInt8]? {
    if type == .int64 { return LittleEndian.encode(values) }
    if type == .bool { return values.map { $0 == 0 ? 0 : 1 } }
    var narrow: [Int32] = []
    for v in values {
      guard let n = Int32(exactly: v) else { return nil }
      narrow.append(n)
    }
    return LittleEndian.encode(narrow)
  }

  /// The values as `Int`s.
  var ints: [Int] { values.map { Int(truncatingIfNeeded: $0) } }
}
