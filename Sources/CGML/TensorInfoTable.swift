// CGML/TensorInfoTable.swift — the graph's inputs or outputs as gml_tensor_info values, names as C strings, made once at create.
import CGMLHeader
import GMLCore
import GMLRuntime

/// One `gml_tensor_info` per graph input (or output), their names in one
/// block of NUL-terminated strings; both live until the session goes away.
struct TensorInfoTable: ~Copyable {
  let infos: UnsafeMutableBufferPointer<gml_tensor_info>
  private let names: UnsafeMutableBufferPointer<CChar>

  /// - Parameter tensors: the runtime's facts about each input or output.
  init(_ tensors: [TensorInfo]) {
    var size = 0
    for t in tensors { size += t.name.utf8.count + 1 }
    names = .allocate(capacity: max(size, 1))
    infos = .allocate(capacity: max(tensors.count, 1))
    var at = 0
    for (i, t) in tensors.enumerated() {
      let name = names.baseAddress.map { UnsafePointer($0 + at) }
      for byte in t.name.utf8 {
        names[at] = CChar(bitPattern: byte)
        at += 1
      }
      names[at] = 0
      at += 1
      infos.initializeElement(at: i, to: TensorInfoTable.info(t, name: name))
    }
  }

  var count: Int { infos.count }

  /// The info at `index`.
  /// - Parameters:
  ///   - index: as C passed it.
  ///   - place: `.input(index)` or `.output(index)`, for the error.
  /// - Throws: `invalidArgument` when `index` is out of range.
  func info(at index: Int, _ place: Failure.Place) throws(Failure) -> gml_tensor_info {
    guard index >= 0, index < count else {
      let role = if case .output = place { "output(s)" } else { "input(s)" }
      throw Failure(
        .invalidArgument, at: place, detail: "index out of range: the model has \(count) \(role)")
    }
    return infos[index]
  }

  /// `t` as C sees it.
  static func info(_ t: TensorInfo, name: UnsafePointer<CChar>?) -> gml_tensor_info {
    var c = gml_tensor_info()
    c.name = name
    c.type = cType(t.type)
    c.rank = Int32(t.shape.rank)
    withUnsafeMutableBytes(of: &c.dims) { raw in
      for (k, d) in t.shape.dims.enumerated() where k < Int(GML_MAX_RANK) {
        raw.storeBytes(of: Int64(d), toByteOffset: k * 8, as: Int64.self)
      }
    }
    c.element_count = t.byteCount / t.type.byteSize
    c.byte_size = t.byteCount
    if let q = t.quantization {
      c.scale_count = Int32(q.scales.count)
      if q.isPerAxis {
        c.quantization = GML_QUANTIZATION_PER_AXIS
        c.quantized_dimension = Int32(q.axis)
      } else {
        c.quantization = GML_QUANTIZATION_PER_TENSOR
        c.scale = q.scale
        c.zero_point = q.zeroPoint
      }
    }
    return c
  }

  /// The C value of `type` (the same numbers as schema/gml.fbs).
  static func cType(_ type: ElementType) -> gml_type {
    switch type {
    case .float32: return GML_TYPE_FLOAT32
    case .float16: return GML_TYPE_FLOAT16
    case .int8: return GML_TYPE_INT8
    case .uint8: return GML_TYPE_UINT8
    case .int16: return GML_TYPE_INT16
    case .int32: return GML_TYPE_INT32
    case .int64: return GML_TYPE_INT64
    case .bool: return GML_TYPE_BOOL
    }
  }

  deinit {
    infos.deallocate()
    names.deallocate()
  }
}
