// GMLConverter/GMLFloat/GMLFloatWeights.swift — where constants' bytes come from: .bin, .npz, the model's own archive.
import Foundation

/// The weight data a document's `"weights"` names.
enum WeightSource {
  /// No `"weights"`: every constant must be inline.
  case none
  /// A raw little-endian `.bin`; `name` is `"weights"` as written.
  case raw(bytes: [UInt8], name: String)
  /// A `.npz`/`.gmz` of `.npy` arrays (a sidecar, or the model's own archive).
  case archive(ZipArchive)
}

extension GMLFloatDocument {
  /// Reads what `"weights"` names, relative to the JSON file's folder.
  func weightSource() throws(ConversionError) -> WeightSource {
    let field = try root.optionalField("weights")
    if let archive {
      let own = jsonPath.split(separator: "/").last.map(String.init) ?? jsonPath
      if let field, try field.string() != own {
        throw field.error(
          "a model inside an archive reads its arrays from that archive; leave out "
            + "\"weights\" or set it to \"\(own)\"")
      }
      return .archive(archive)
    }
    guard let field else { return .none }
    let name = try field.nonEmptyString("a relative file name")
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    if name.hasPrefix("/") || parts.contains("..") {
      throw field.error(
        "weights path \"\(name)\" must stay beside the model: no absolute path, no '..'")
    }
    let folder = (jsonPath as NSString).deletingLastPathComponent
    let path = folder.isEmpty ? name : "\(folder)/\(name)"
    let lower = name.lowercased()
    let isArchive = lower.hasSuffix(".npz") || lower.hasSuffix(".gmz")
    guard isArchive || lower.hasSuffix(".bin") else {
      throw field.error(
        "weights file \"\(name)\" must be a raw .bin or a .npz/.gmz archive of .npy arrays")
    }
    let bytes: [UInt8]
    do {
      if !limits.allowsLinkedWeightsOutsideFolder {
        try Self.checkInside(path, folder: folder)
      }
      bytes = try GMLFloatLoader.readFile(path, limits: limits)
    } catch {
      throw field.error("weights file \"\(name)\" (\(path)): \(error.message)")
    }
    if isArchive { return .archive(try ZipArchive(bytes: bytes, file: path, limits: limits.zip)) }
    return .raw(bytes: bytes, name: name)
  }

  /// Refuses a weights file that symbolic links lead out of `folder` (the
  /// model's folder; empty for the current one). A missing file passes:
  /// reading it says so.
  /// - Throws: `ConversionError` naming `path` and where it leads.
  static func checkInside(_ path: String, folder: String) throws(ConversionError) {
    guard let target = realPath(path), let home = realPath(folder.isEmpty ? "." : folder) else {
      return
    }
    if !target.hasPrefix(home == "/" ? "/" : home + "/") {
      throw ConversionError(
        file: path,
        "is a link to \(target), outside the model's folder \(home); copy the file beside the "
          + "model (or set GMLFloatLimits.allowsLinkedWeightsOutsideFolder)")
    }
  }

  /// `path` with every symbolic link resolved, or nil when it does not exist.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
