// GMLCommandLine/NPYFile.swift — .npy files read and written for commands, errors naming the file.
import GMLConverter
import GMLCore
import GMLNumPy

/// `.npy` files on disk.
enum NPYFile {
  /// Reads and parses the `.npy` file at `path`.
  /// - Throws: `CommandError` naming the file and the byte where parsing failed.
  static func read(_ path: String) throws(CommandError) -> NumPyArray {
    try InputFile.check(path)
    do {
      return try NPY.read(try OutputFile.read(path))
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
