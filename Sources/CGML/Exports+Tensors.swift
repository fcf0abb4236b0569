// CGML/Exports+Tensors.swift — the const queries: input and output counts and infos, arena size.
import CGMLHeader
import GMLRuntime

/// See `gml.h`.
@_cdecl("gml_interpreter_input_count") @implementation
public func gml_interpreter_input_count(_ interpreter: OpaquePointer?) -> Int {
  session(interpreter)?.pointee.inputs.count ?? 0
}

/// See `gml.h`.
@_cdecl("gml_interpreter_output_count") @implementation
public func gml_interpreter_output_count(_ interpreter: OpaquePointer?) -> Int {
  session(interpreter)?.pointee.outputs.count ?? 0
}

/// Copies the info made at create; does not touch the last error. See `gml.h`.
@_cdecl("gml_interpreter_input_info") @implementation
public func gml_interpreter_input_info(
  _ interpreter: OpaquePointer?, _ index: Int, _ outInfo: UnsafeMutablePointer<gml_tensor_info>?
) -> gml_status {
  guard let s = session(interpreter), let outInfo,
    let info = try? s.pointee.inputs.info(at: index, .input(index))
  else { return GML_ERROR_INVALID_ARGUMENT }
  outInfo.pointee = info
  return GML_OK
}

/// Copies the info made at create; does not touch the last error. See `gml.h`.
@_cdecl("gml_interpreter_output_info") @implementation
public func gml_interpreter_output_info(
  _ interpreter: OpaquePointer?, _ index: Int, _ outInfo: UnsafeMutablePointer<gml_tensor_info>?
) -> gml_status {
  guard let s = session(interpreter), let outInfo,
    let info = try? s.pointee.outputs.info(at: index, .output(index))
  else { return GML_ERROR_INVALID_ARGUMENT }
  outInfo.pointee = info
  return GML_OK
}

/// See `gml.h`.
@_cdecl("gml_interpreter_arena_size") @implementation
public func gml_interpreter_arena_size(_ interpreter: OpaquePointer?) -> Int {
  session(interpreter)?.pointee.interpreter.arenaSize ?? 0
}
