// CGML/Exports+Strings.swift — gml_version, gml_status_string, gml_type_string and gml_interpreter_last_error.
import CGMLHeader
import GMLCore

/// `gmlVersion` as a C string, made once and never freed. Written only by
/// the global's initializer (run once, thread-safe), read-only after.
nonisolated(unsafe) private let versionCString: UnsafeMutablePointer<CChar> = {
  let utf8 = Array(gmlVersion.utf8)
  let text = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
  for (i, byte) in utf8.enumerated() { text[i] = CChar(bitPattern: byte) }
  text[utf8.count] = 0
  return text
}()

/// A C string for a literal that ends in `\0` (so `utf8Start` is
/// NUL-terminated by construction, not by the compiler's habit).
private func cString(_ literal: StaticString) -> UnsafePointer<CChar> {
  UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// See `gml.h`.
@_cdecl("gml_version") @implementation
public func gml_version() -> UnsafePointer<CChar>! {
  UnsafePointer(versionCString)
}

/// See `gml.h`.
@_cdecl("gml_status_string") @implementation
public func gml_status_string(_ status: gml_status) -> UnsafePointer<CChar>! {
  switch status {
  case GML_OK: return cString("ok\0")
  case GML_ERROR_INVALID_ARGUMENT: return cString("invalid argument\0")
  case GML_ERROR_INVALID_MODEL: return cString("invalid model\0")
  case GML_ERROR_UNSUPPORTED: return cString("unsupported\0")
  case GML_ERROR_IO: return cString("i/o error\0")
  default: return cString("unknown status\0")
  }
}

/// See `gml.h`.
@_cdecl("gml_type_string") @implementation
public func gml_type_string(_ type: gml_type) -> UnsafePointer<CChar>! {
  switch type {
  case GML_TYPE_FLOAT32: return cString("float32\0")
  case GML_TYPE_FLOAT16: return cString("float16\0")
  case GML_TYPE_INT8: return cString("int8\0")
  case GML_TYPE_UINT8: return cString("uint8\0")
  case GML_TYPE_INT16: return cString("int16\0")
  case GML_TYPE_INT32: return cString("int32\0")
  case GML_TYPE_INT64: return cString("int64\0")
  case GML_TYPE_BOOL: return cString("bool\0")
  default: return cString("unknown type\0")
  }
}

/// See `gml.h`.
@_cdecl("gml_interpreter_last_error") @implementation
public func gml_interpreter_last_error(_ interpreter: OpaquePointer?) -> UnsafePointer<gml_error>? {
  session(interpreter).map { UnsafePointer($0.pointee.lastError) }
}
