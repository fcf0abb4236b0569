// GMLCommandLine/InputFile.swift — checks that a path names a readable file, saying plainly why not.
import Foundation

/// The check every command makes before reading a file it was given.
enum InputFile {
  /// Throws unless `path` is an existing, readable regular file.
  /// - Throws: `CommandError` naming the path: no such file, is a
  ///   directory, or not readable.
  static func check(_ path: String) throws(CommandError) {
    var isDirectory: ObjCBool = false
    guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    else { throw CommandError(file: path.isEmpty ? "''" : path, "no such file") }
    if isDirectory.boolValue { throw CommandError(file: path, "is a directory, not a file") }
    if !FileManager.default.isReadableFile(atPath: path) {
      throw CommandError(file: path, "permission denied")
    }
  }
}
