// GMLConverter/GMLFloat/GMLFloatConstant+Decode.swift — .npy entries and little-endian bytes widened to Float.
import GMLCore
import GMLNumPy

extension GMLFloatConstant {
  /// `"array"`: entry `name.npy` of the archive, with the tensor's shape and dtype.
  func npy(_ field: JSONCursor, shape: [Int], type: ElementType) throws(ConversionError)
    -> [Float]
  {
    guard case .archive(let archive) = weights else {
      throw field.error("\"array\" needs .npz weights; set \"weights\" to a .npz file")
    }
    let entryName = try field.nonEmptyString("an array name") + ".npy"
    guard archive.entry(named: entryName) != nil else {
      throw field.error("no entry \"\(entryName)\" in \(archive.file)")
    }
    let bytes = try archive.data(entryName)
    let array: NumPyArray
    do {
      array = try NPY.read(bytes)
    } catch {
      throw ConversionError(file: archive.file, place: entryName, "not a valid .npy: \(error)")
    }
    guard array.shape.dims == shape else {
      throw field.error(
        "array \"\(entryName)\" has shape \(array.shape) but the tensor's shape is \(Shape(shape))")
    }
    guard array.type == type else {
      throw field.error(
        "array \"\(entryName)\" is \(array.type.name) but the tensor's dtype is \(type.name)"
          + (entry.node["dtype"] == nil ? " (the default); add \"dtype\"" : ""))
    }
    return try decode(array.bytes, type: type, at: field)
  }

  /// Little-endian `bytes` of `type` as `Float`s; integers must be exact
  /// and floats finite (a NaN or infinity would quantize to garbage).
  func decode(_ bytes: [UInt8], type: ElementType, at place: JSONCursor) throws(ConversionError)
    -> [Float]
  {
    let size = type.byteSize
    var values: [Float] = []
    values.reserveCapacity(bytes.count / size)
    var i = 0
    while i + size <= bytes.count {
      var bits: UInt64 = 0
      for k in 0..<size { bits |= UInt64(bytes[i + k]) << (8 * k) }
      switch type {
      case .int32, .int64:
        let v = type == .int32 ? Int64(Int32(truncatingIfNeeded: bits)) : Int64(bitPattern: bits)
        guard let f = Float(exactly: v) else {
          throw place.error(
            "\(type.name) value \(v) at element \(i / size) is not exactly representable "
              + "as float32")
        }
        values.append(f)
      default:
        let f =
          type == .float16
          ? HalfFloat.float(UInt16(truncatingIfNeeded: bits))
          : Float(bitPattern: UInt32(truncatingIfNeeded: bits))
        guard f.isFinite else {
          throw place.error("element \(i / size) is \(f); constants must be finite numbers")
        }
        values.append(f)
      }
      i += size
    }
    return values
  }
}
