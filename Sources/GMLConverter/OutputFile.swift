// GMLConverter/OutputFile.swift — whole-file reads and atomic writes (temporary file, then rename).
import Foundation
import GMLCore

/// Reading and writing whole files the way every gml tool does.
public enum OutputFile {
  /// Writes `bytes` to `path` through a temporary file in the same folder
  /// and a rename, so `path` holds either its old content or all of the new.
  /// - Throws: `GMLError(.io)`; the temporary file is removed on failure.
  public static func write(_ bytes: [UInt8], to path: String) throws(GMLError) {
    let url = URL(fileURLWithPath: path)
    let temp = url.deletingLastPathComponent()
      .appendingPathComponent(
        ".\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
    do {
      try Data(bytes).write(to: temp)
      if rename(temp.path, url.path) != 0 {
        throw GMLError(.io, "could not rename the temporary file into place")
      }
    } catch let error as GMLError {
      try? FileManager.default.removeItem(at: temp)
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temp)
      throw GMLError(.io, "could not write the output file")
    }
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
