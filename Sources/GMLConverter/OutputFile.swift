// GMLConverter/OutputFile.swift — whole-file reads and atomic writes (temporary file, then rename).
import Foundation
import GMLCore

/// Reading and writing whole files the way every gml tool does.
public enum OutputFile {
  /// Writes `bytes` to `path` through a temporary file in the same folder,
  /// flushed to the disk (`fsync`), and a rename, so `path` holds either
  /// its old content or all of the new, even after a crash or power cut.
  /// - Throws: `GMLError(.io)`; the temporary file is removed on failure.
  public static func write(_ bytes: [UInt8], to path: String) throws(GMLError) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let temp =
      "\(folder)/.\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
    guard writeFlushed(bytes, to: temp) else {
      unlink(temp)
      throw GMLError(.io, "could not write the output file")
    }
    guard rename(temp, path) == 0 else {
      unlink(temp)
      throw GMLError(.io, "could not rename the temporary file into place")
    }
    // The rename itself reaches the disk with the folder's entry.
    let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if folderFD >= 0 {
      _ = fsync(folderFD)
      close(folderFD)
    }
  }

  /// Creates `path` (which must not exist), writes all of `bytes` and
  /// flushes them to the disk.
  /// - Returns: whether every step succeeded.
  private static func writeFlushed(_ bytes: [UInt8], to path: String) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { return false }
    let written = bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count, let start = raw.baseAddress {
        let n = Foundation.write(fd, start + offset, raw.count - offset)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        offset += n
      }
      return true
    }
    let flushed = written && fsync(fd) == 0
    return close(fd) == 0 && flushed
  }

  /// The whole content of the file at `path`.
  /// - Throws: `GMLError(.io)` when it cannot be read.
  public static func read(_ path: String) throws(GMLError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw GMLError(.io, "cannot read the file")
    }
    return [UInt8](data)
  }

  /// `read` for a file the user named (a model, data, labels), refused
  /// above `maxBytes` before anything is read: the error names the file.
  /// - Throws: `ConversionError` when the file cannot be read or is too large.
  static func readModel(_ path: String, maxBytes: Int = Int.max) throws(ConversionError)
    -> [UInt8]
  {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= maxBytes else {
      throw ConversionError(file: path, "file of \(size) bytes is above the limit of \(maxBytes)")
    }
    do {
      return try read(path)
    } catch {
      throw ConversionError(file: path, "cannot read the file (missing, a folder, or unreadable)")
    }
  }
}
