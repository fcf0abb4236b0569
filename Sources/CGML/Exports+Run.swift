// CGML/Exports+Run.swift — copying inputs in, invoking, copying outputs out; each records the last error.
import CGMLHeader
import GMLCore
import GMLRuntime

/// Copies `size` bytes into graph input `index`. See `gml.h`.
@_cdecl("gml_interpreter_set_input") @implementation
public func gml_interpreter_set_input(
  _ interpreter: OpaquePointer?, _ index: Int, _ data: UnsafeRawPointer?, _ size: Int
) -> gml_status {
  guard let s = session(interpreter) else { return GML_ERROR_INVALID_ARGUMENT }
  do throws(Failure) {
    let info = try s.pointee.inputs.info(at: index, .input(index))
    try checkData(data != nil, size, info, .input(index), role: "the input")
    do throws(GMLError) {
      try s.pointee.interpreter.copyInput(
        UnsafeRawBufferPointer(start: data, count: size), at: index)
    } catch {
      throw Failure(error, loading: false)
    }
    return s.pointee.record(nil)
  } catch {
    return s.pointee.record(error)
  }
}

/// Runs the model once. See `gml.h`.
@_cdecl("gml_interpreter_invoke") @implementation
public func gml_interpreter_invoke(_ interpreter: OpaquePointer?) -> gml_status {
  guard let s = session(interpreter) else { return GML_ERROR_INVALID_ARGUMENT }
  do throws(GMLError) {
    try s.pointee.interpreter.invoke()
    return s.pointee.record(nil)
  } catch {
    return s.pointee.record(Failure(error, loading: false))
  }
}

/// Copies graph output `index` into `data`. See `gml.h`.
@_cdecl("gml_interpreter_get_output") @implementation
public func gml_interpreter_get_output(
  _ interpreter: OpaquePointer?, _ index: Int, _ data: UnsafeMutableRawPointer?, _ size: Int
) -> gml_status {
  guard let s = session(interpreter) else { return GML_ERROR_INVALID_ARGUMENT }
  do throws(Failure) {
    let info = try s.pointee.outputs.info(at: index, .output(index))
    try checkData(data != nil, size, info, .output(index), role: "the output")
    s.pointee.interpreter.copyOutput(
      at: index, into: UnsafeMutableRawBufferPointer(start: data, count: size))
    return s.pointee.record(nil)
  } catch {
    return s.pointee.record(error)
  }
}

/// Checks a caller's buffer for tensor `info`: present unless empty, and
/// exactly the tensor's byte size.
/// - Throws: `invalidArgument` at `place`, naming both sizes and the
///   tensor's type and shape.
func checkData(
  _ present: Bool, _ size: Int, _ info: gml_tensor_info, _ place: Failure.Place,
  role: StaticString
) throws(Failure) {
  guard size == info.byte_size else {
    throw Failure(
      .invalidArgument, at: place,
      detail: "\(size) bytes given; \(role) holds \(info.byte_size) bytes (\(describe(info)))")
  }
  guard present || size == 0 else {
    throw Failure(.invalidArgument, at: place, detail: "data is NULL")
  }
}

/// `float32 [1, 8, 8, 1]`.
func describe(_ info: gml_tensor_info) -> String {
  var text = String(cString: gml_type_string(info.type)) + " ["
  withUnsafeBytes(of: info.dims) { raw in
    for k in 0..<Int(info.rank) {
      if k > 0 { text += ", " }
      text += "\(raw.load(fromByteOffset: k * 8, as: Int64.self))"
    }
  }
  return text + "]"
}
