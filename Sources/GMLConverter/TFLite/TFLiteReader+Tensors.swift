// GMLConverter/TFLite/TFLiteReader+Tensors.swift — tensors of a subgraph: shape, type, constant data, quantization.
import GMLFlatBuffers

extension TFLiteReader {
  /// Every tensor of subgraph `g`, with their constants; buffers shared by
  /// several tensors are copied once.
  func tensors(_ g: Table, place: String) throws(ConversionError) -> [TFLiteTensor] {
    let count = view.vectorCount(g, slot: S.SubGraph.tensors)
    var tensors: [TFLiteTensor] = []
    tensors.reserveCapacity(count)
    var cache: [Int: [UInt8]] = [:]
    for i in 0..<count {
      let t = view.vectorTable(g, slot: S.SubGraph.tensors, at: i)
      tensors.append(try tensor(t, place: "\(place).tensors[\(i)]", cache: &cache))
    }
    return tensors
  }

  /// Tensor `t`, its constant read and its sizes and quantization checked.
  func tensor(_ t: Table, place: String, cache: inout [Int: [UInt8]])
    throws(ConversionError) -> TFLiteTensor
  {
    typealias T = S.Tensor
    let shape = ints(t, T.shape)
    for (i, dim) in shape.enumerated() where dim < 0 {
      throw ConversionError(
        file: file, place: "\(place).shape[\(i)]",
        "negative dimension \(dim) (a dynamic dimension is -1 in shape_signature, not in shape)")
    }
    let elementCount = try TFLiteReader.elementCount(shape, file: file, place: place + ".shape")
    let typeCode: Int8 = view.scalar(t, slot: T.type, default: 0)
    let isSparse = view.hasField(t, slot: T.sparsity)
    let data = try bufferData(view.scalar(t, slot: T.buffer, default: UInt32(0)), place, &cache)
    if let data, !isSparse, let type = TFLiteTensorType(rawValue: typeCode),
      let needed = TFLiteReader.byteCount(type, elementCount), needed != data.count
    {
      throw ConversionError(
        file: file, place: place + ".buffer",
        "constant data has \(data.count) bytes; shape \(shape) of \(type.schemaName) needs "
          + "\(needed)")
    }
    var quantization: TFLiteQuantization?
    if let q = view.table(t, slot: T.quantization) {
      quantization = try self.quantization(q, shape: shape, place: place)
    }
    return TFLiteTensor(
      name: view.string(t, slot: T.name) ?? "", shape: shape,
      shapeSignature: view.hasField(t, slot: T.shapeSignature) ? ints(t, T.shapeSignature) : nil,
      typeCode: typeCode, data: data, quantization: quantization,
      isVariable: view.scalar(t, slot: T.isVariable, default: false), isSparse: isSparse)
  }

  /// `QuantizationParameters` table `q`, checked as LiteRT's
  /// `InterpreterBuilder::ParseQuantization` does when there are scales:
  /// as many zero points as scales, `quantized_dimension` inside the
  /// shape, and one scale or one per element of that dimension. Skipped
  /// when a `details` member replaces the affine parameters.
  func quantization(_ q: Table, shape: [Int], place: String)
    throws(ConversionError) -> TFLiteQuantization
  {
    typealias Q = S.Quantization
    let place = place + ".quantization"
    let detailsType: UInt8 = view.scalar(q, slot: Q.detailsType, default: 0)
    let result = TFLiteQuantization(
      scales: floats(q, Q.scale), zeroPoints: int64s(q, Q.zeroPoint),
      quantizedDimension: Int(view.scalar(q, slot: Q.quantizedDimension, default: Int32(0))),
      min: floats(q, Q.min), max: floats(q, Q.max), hasCustomDetails: detailsType != 0)
    let scales = result.scales.count
    if scales == 0 || result.hasCustomDetails { return result }
    if result.zeroPoints.count != scales {
      throw ConversionError(
        file: file, place: place + ".zero_point",
        "\(result.zeroPoints.count) zero points for \(scales) scales; expected as many as scales")
    }
    let axis = result.quantizedDimension
    if axis < 0 || (!shape.isEmpty && axis >= shape.count) {
      throw ConversionError(
        file: file, place: place + ".quantized_dimension",
        "quantized_dimension \(axis) is outside the tensor's \(shape.count) dimensions")
    }
    if scales != 1 && !shape.isEmpty && scales != shape[axis] {
      throw ConversionError(
        file: file, place: place + ".scale",
        "\(scales) scales for dimension \(axis) of size \(shape[axis]); expected 1 or "
          + "\(shape[axis])")
    }
    return result
  }

  /// The product of `shape`, refused when it overflows `Int`.
  static func elementCount(_ shape: [Int], file: String, place: String)
    throws(ConversionError) -> Int
  {
    var count = 1
    for dim in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dim)
      if overflow {
        throw ConversionError(
          file: file, place: place, "shape \(shape) has more elements than a 64-bit count holds")
      }
      count = product
    }
    return count
  }

  /// Bytes `count` elements of `type` take in a buffer, or nil for types
  /// without a fixed size (STRING, RESOURCE, VARIANT); `Int.max` when the
  /// size overflows. INT4 is packed two to a byte, as TFLite stores it.
  static func byteCount(_ type: TFLiteTensorType, _ count: Int) -> Int? {
    let size: Int
    switch type {
    case .string, .resource, .variant: return nil
    case .int4: return count / 2 + count % 2
    case .uint8, .int8, .bool: size = 1
    case .float16, .int16, .uint16, .bfloat16: size = 2
    case .float32, .int32, .uint32: size = 4
    case .int64, .uint64, .float64, .complex64: size = 8
    case .complex128: size = 16
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
    return overflow ? Int.max : bytes
  }

  /// Float vector field `slot` of `t`; empty when absent.
  func floats(_ t: Table, _ slot: Int) -> [Float] {
    (0..<view.vectorCount(t, slot: slot)).map {
      view.vectorElement(t, slot: slot, at: $0, Float.self)
    }
  }

  /// Int64 vector field `slot` of `t`; empty when absent.
  func int64s(_ t: Table, _ slot: Int) -> [Int64] {
    (0..<view.vectorCount(t, slot: slot)).map {
      view.vectorElement(t, slot: slot, at: $0, Int64.self)
    }
  }
}
