// GMLConverter/TFLite/TFLiteIntConstant.swift — integer constants of a .tflite graph: shapes, axes, paddings.

/// An integer tensor known at conversion time: the value of an int32 or
/// int64 constant, or of a shape computation folded by `TFLiteShapeFolding`.
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

  /// The value of `tensor` when it is an int32 or int64 constant whose byte
  /// count matches its shape; nil otherwise.
  init?(_ tensor: TFLiteTensor) {
    guard let data = tensor.data, let count = TFLiteIntConstant.elementCount(tensor.shape) else {
      return nil
    }
    switch tensor.type {
    case .int32?:
      guard data.count == count * 4 else { return nil }
      values = (0..<count).map { i in
        var bits: UInt32 = 0
        for b in 0..<4 { bits |= UInt32(data[i * 4 + b]) << (8 * b) }
        return Int64(Int32(bitPattern: bits))
      }
    case .int64?:
      guard data.count == count * 8 else { return nil }
      values = (0..<count).map { i in
        var bits: UInt64 = 0
        for b in 0..<8 { bits |= UInt64(data[i * 8 + b]) << (8 * b) }
        return Int64(bitPattern: bits)
      }
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

  /// The values as little-endian bytes of `type` (int32 or int64), or nil
  /// when a value does not fit an int32.
  func bytes(as type: TFLiteTensorType) -> [UInt8]? {
    var out: [UInt8] = []
    if type == .int64 {
      for v in values {
        let bits = UInt64(bitPattern: v)
        for b in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * b))) }
      }
      return out
    }
    for v in values {
      guard let narrow = Int32(exactly: v) else { return nil }
      let bits = UInt32(bitPattern: narrow)
      for b in 0..<4 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * b))) }
    }
    return out
  }

  /// The values as `Int`s.
  var ints: [Int] { values.map { Int(truncatingIfNeeded: $0) } }
}
