// GMLCommandLine/NPYFile.swift — .npy files read and written for commands, errors naming the file.
import Foundation
import GMLConverter
import GMLCore
import GMLNumPy

/// `.npy` files on disk.
enum NPYFile {
  /// Reads and parses the `.npy` file at `path` within `NPYLimits()`; a
  /// file larger than such an array can be is refused before it is read.
  /// - Throws: `CommandError` naming the file and the byte where parsing failed.
  static func read(_ path: String) throws(CommandError) -> NumPyArray {
    try InputFile.check(path)
    let limits = NPYLimits()
    let maxBytes = limits.maxBytes + limits.maxHeaderLength + 12
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= maxBytes else {
      throw CommandError(file: path, "file of \(size) bytes is above the limit of \(maxBytes)")
    }
    do {
      return try NPY.read(try OutputFile.read(path), limits: limits)
    } catch {
      if error.kind == .io { throw CommandError(file: path, "cannot read the file") }
      throw CommandError(file: path, error)
    }
  }

  /// Writes `array` to `path` as numpy's `np.save` would, atomically (a
  /// temporary file, then a rename).
  /// - Throws: `CommandError` naming the file when it cannot be written.
  static func write(_ array: NumPyArray, to path: String) throws(CommandError) {
    do {
      try OutputFile.write(NPY.write(array), to: path)
    } catch {
      throw CommandError(file: path, "cannot write the file")
    }
  }
}
