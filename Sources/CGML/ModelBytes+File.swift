// CGML/ModelBytes+File.swift — reading a whole .gml file into gml's own aligned memory with libc's stdio.
import GMLFlatBuffers

extension ModelBytes {
  /// The whole file at `path`, in memory gml owns.
  ///
  /// Sizes the file with `fseek`/`ftell` (so `path` must be a regular
  /// file, not a pipe), then reads it with one `fread`. A size above the
  /// verifier's limit (2 GiB; a directory reports far more) is refused
  /// before anything is allocated.
  ///
  /// - Parameter path: a NUL-terminated path, as `fopen` takes it.
  /// - Throws: `GML_ERROR_IO` naming the step that failed; the message
  ///   starts with `path`.
  static func read(file path: UnsafePointer<CChar>) throws(Failure) -> ModelBytes {
    guard let file = libcOpen(path, "rb") else {
      throw Failure(
        .io, file: path, detail: "cannot open the file (missing or not readable)")
    }
    defer { _ = libcClose(file) }
    guard libcSeek(file, 0, libcSeekEnd) == 0 else {
      throw Failure(.io, file: path, detail: "cannot seek to the end of the file")
    }
    let size = libcTell(file)
    guard size >= 0, size <= VerifierLimits().maxSize, libcSeek(file, 0, libcSeekSet) == 0 else {
      throw Failure(
        .io, file: path,
        detail: "not a regular file of at most \(VerifierLimits().maxSize) bytes (a directory?)")
    }
    let bytes = ModelBytes(allocating: size)
    if size > 0, let base = bytes.writable?.baseAddress {
      let read = libcRead(base, 1, size, file)
      guard read == size else {
        throw Failure(
          .io, file: path, detail: "read \(read) of the file's \(size) bytes")
      }
    }
    return bytes
  }
}
