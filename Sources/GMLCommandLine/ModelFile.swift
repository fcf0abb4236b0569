// GMLCommandLine/ModelFile.swift — reads and verifies a .gml file for a command, keeping its bytes alive.
import Foundation
import GMLCore
import GMLFormat

/// A `.gml` file read from disk (memory-mapped when the system allows) and
/// verified; the model's views are valid inside `withModel`.
struct ModelFile {
  let path: String
  let data: Data

  /// Reads `path`.
  /// - Throws: `CommandError` naming the file when it cannot be read.
  init(_ path: String) throws(CommandError) {
    try InputFile.check(path)
    self.path = path
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    } catch {
      throw CommandError(file: path, "cannot read the file")
    }
  }

  /// Verifies the file and calls `body` with the model.
  /// - Throws: `CommandError` naming the file and the place a check failed,
  ///   or what `body` throws.
  func withModel<R>(_ body: (Model) throws -> R) throws -> R {
    try data.withUnsafeBytes { raw in
      let model: Model
      do throws(GMLError) {
        model = try Model(verifying: raw)
      } catch {
        throw CommandError(file: path, error)
      }
      return try body(model)
    }
  }

}
