// CGML/Failure.swift — a failed call described for C: status, kind, location and message, written into a gml_error.
import CGMLHeader
import GMLCore

/// Why a call failed, as `gml_error` tells it.
///
/// Failures found by the runtime carry its `GMLError` text unchanged
/// (`truncated at byte 12: vector runs past the end`); those found here,
/// at the boundary, use the same form (`invalid argument at input 0: ...`).
/// A file's path, when there is one, comes first (`model.gml: ...`).
struct Failure: Error {
  /// The failures found at the C boundary rather than by the runtime.
  enum Kind {
    case invalidArgument
    /// The caller's arena (`gml_options.arena`) is smaller than the model
    /// needs: an invalid argument of kind `GML_ERROR_KIND_ARENA_TOO_SMALL`.
    case arenaTooSmall
    /// The model needs a larger arena than `gml_options.max_arena_size`:
    /// an invalid model of kind `GML_ERROR_KIND_LIMIT_EXCEEDED`.
    case arenaLimit
    case io
  }

  /// Where a failure was found: the runtime's locations and the API's
  /// input and output indices.
  enum Place {
    case none
    case byteOffset(Int)
    case tensor(Int)
    case op(Int)
    case buffer(Int)
    case input(Int)
    case output(Int)
  }

  var status: gml_status
  var kind: gml_error_kind
  var place: Place
  /// UTF-8, without the terminating NUL.
  var message: [UInt8]

  /// A failure found at the boundary: `kind at place: detail`.
  /// - Parameters:
  ///   - kind: what went wrong; sets the status.
  ///   - place: the input or output at fault, if any.
  ///   - file: a path to put first, if any.
  ///   - detail: what was expected, with the numbers.
  init(_ kind: Kind, at place: Place = .none, file: UnsafePointer<CChar>? = nil, detail: String) {
    let name: StaticString
    switch kind {
    case .invalidArgument:
      (status, self.kind, name) = (
        GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_INVALID_ARGUMENT, "invalid argument"
      )
    case .arenaTooSmall:
      (status, self.kind, name) = (
        GML_ERROR_INVALID_ARGUMENT, GML_ERROR_KIND_ARENA_TOO_SMALL, "arena too small"
      )
    case .arenaLimit:
      (status, self.kind, name) = (
        GML_ERROR_INVALID_MODEL, GML_ERROR_KIND_LIMIT_EXCEEDED, "limit exceeded"
      )
    case .io: (status, self.kind, name) = (GML_ERROR_IO, GML_ERROR_KIND_IO, "i/o error")
    }
    self.place = place
    message = Failure.prefix(file)
    name.withUTF8Buffer { message.append(contentsOf: $0) }
    let where_ = place.description
    if !where_.isEmpty { message.append(contentsOf: " at \(where_)".utf8) }
    message.append(contentsOf: ": \(detail)".utf8)
  }

  /// A failure the runtime reported, with its text unchanged.
  /// - Parameters:
  ///   - error: the runtime's error.
  ///   - loading: whether it came from verifying or preparing a model, where
  ///     every error but an unsupported feature is the model's fault.
  ///   - file: a path to put first, if any.
  init(_ error: GMLError, loading: Bool, file: UnsafePointer<CChar>? = nil) {
    kind = Failure.kind(of: error.kind)
    switch error.kind {
    case .unsupportedVersion, .unsupportedType, .unsupportedOp: status = GML_ERROR_UNSUPPORTED
    case .io: status = GML_ERROR_IO
    case .invalidArgument where !loading: status = GML_ERROR_INVALID_ARGUMENT
    default: status = GML_ERROR_INVALID_MODEL
    }
    switch error.location {
    case .none: place = .none
    case .byteOffset(let o): place = .byteOffset(o)
    case .tensor(let t): place = .tensor(t)
    case .op(let o): place = .op(o)
    case .buffer(let b): place = .buffer(b)
    }
    message = Failure.prefix(file) + Array(error.description.utf8)
  }

  /// `path: ` as bytes, or nothing.
  static func prefix(_ file: UnsafePointer<CChar>?) -> [UInt8] {
    guard var p = file else { return [] }
    var bytes: [UInt8] = []
    while p.pointee != 0 {
      bytes.append(UInt8(bitPattern: p.pointee))
      p += 1
    }
    return bytes + Array(": ".utf8)
  }

  /// The C kind of a runtime error kind.
  static func kind(of kind: GMLError.Kind) -> gml_error_kind {
    switch kind {
    case .truncated: return GML_ERROR_KIND_TRUNCATED
    case .outOfBounds: return GML_ERROR_KIND_OUT_OF_BOUNDS
    case .misaligned: return GML_ERROR_KIND_MISALIGNED
    case .malformed: return GML_ERROR_KIND_MALFORMED
    case .limitExceeded: return GML_ERROR_KIND_LIMIT_EXCEEDED
    case .wrongIdentifier: return GML_ERROR_KIND_WRONG_IDENTIFIER
    case .unsupportedVersion: return GML_ERROR_KIND_UNSUPPORTED_VERSION
    case .unsupportedType: return GML_ERROR_KIND_UNSUPPORTED_TYPE
    case .unsupportedOp: return GML_ERROR_KIND_UNSUPPORTED_OP
    case .shapeMismatch: return GML_ERROR_KIND_SHAPE_MISMATCH
    case .invalidQuantization: return GML_ERROR_KIND_INVALID_QUANTIZATION
    case .arenaTooSmall: return GML_ERROR_KIND_ARENA_TOO_SMALL
    case .invalidArgument: return GML_ERROR_KIND_INVALID_ARGUMENT
    case .io: return GML_ERROR_KIND_IO
    }
  }

  /// Fills `error` with this failure, the message cut at a character
  /// boundary to fit; nothing for NULL.
  func write(to error: UnsafeMutablePointer<gml_error>?) {
    guard let error else { return }
    var e = gml_error()
    e.status = status
    e.kind = kind
    (e.location_kind, e.location) = place.c
    let text = message
    withUnsafeMutableBytes(of: &e.message) { raw in
      var n = min(text.count, raw.count - 1)
      // Step back over UTF-8 continuation bytes (10xxxxxx).
      while n > 0, n < text.count, text[n] & 0xC0 == 0x80 { n -= 1 }
      for i in 0..<n { raw[i] = text[i] }
      raw[n] = 0
    }
    error.pointee = e
  }

  /// Sets `error` to "no error": `GML_OK`, no kind, no location, "".
  static func clear(_ error: UnsafeMutablePointer<gml_error>?) {
    error?.pointee = gml_error()
  }
}

extension Failure.Place {
  /// The place as `gml_error` stores it.
  var c: (gml_location_kind, Int64) {
    switch self {
    case .none: return (GML_LOCATION_NONE, 0)
    case .byteOffset(let o): return (GML_LOCATION_BYTE_OFFSET, Int64(o))
    case .tensor(let t): return (GML_LOCATION_TENSOR, Int64(t))
    case .op(let o): return (GML_LOCATION_OPERATOR, Int64(o))
    case .buffer(let b): return (GML_LOCATION_BUFFER, Int64(b))
    case .input(let i): return (GML_LOCATION_INPUT, Int64(i))
    case .output(let i): return (GML_LOCATION_OUTPUT, Int64(i))
    }
  }

  /// `input 0`, `output 1` (the runtime's own places are in its text).
  var description: String {
    switch self {
    case .input(let i): return "input \(i)"
    case .output(let i): return "output \(i)"
    case .none, .byteOffset, .tensor, .op, .buffer: return ""
    }
  }
}
