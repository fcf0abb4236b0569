// GMLConverter/GMLFloat/GMLFloatLoader.swift — reads a gml-float model in any of its file forms into a Graph.
import Foundation
import GMLCore

/// Loads gml-float v1 models (`docs/gml-float.md`) into a `Graph`.
///
/// The form is chosen by the file name:
/// - `model.json` or `model.json.gz`: the document; its `"weights"` names a
///   raw `.bin` (tensors give `offset` and `length`) or a `.npz`/`.gmz`
///   archive (tensors give `"array": "name"`, read from entry `name.npy`),
///   relative to the document's folder; or it has no `"weights"` and every
///   constant is inline (`"data": [...]`).
/// - `model.npz` or `model.gmz`: one archive holding a `model.json` entry
///   and the arrays. Its `"weights"` is left out (or names the archive
///   itself); `"array"` then refers to entries of the same archive.
///
/// Every rule of the spec is checked, and each failure names the file, the
/// JSON path (`nodes[3].attrs.strides`) or archive entry, and what was
/// expected. The graph keeps the nodes in file order (`place` is
/// `nodes[i]`); `TopologicalSort` then orders them and reports cycles,
/// tensors produced twice and names never defined.
public enum GMLFloatLoader {
  /// Loads the model at `path`.
  /// - Parameters:
  ///   - path: a `.json`, `.json.gz`, `.npz` or `.gmz` file.
  ///   - limits: file, JSON, archive and tensor size bounds.
  /// - Returns: the graph, with `sourceFile` set to `path` as given.
  /// - Throws: `ConversionError` naming the file and the place of the first
  ///   problem found.
  public static func load(path: String, limits: GMLFloatLimits = GMLFloatLimits())
    throws(ConversionError) -> Graph
  {
    let lower = path.lowercased()
    if lower.hasSuffix(".npz") || lower.hasSuffix(".gmz") {
      return try loadArchive(path: path, limits: limits)
    }
    var bytes: [UInt8]
    if lower.hasSuffix(".json.gz") {
      bytes = try gunzip(try readFile(path, limits: limits), file: path, limits: limits)
    } else if lower.hasSuffix(".json") {
      bytes = try readFile(path, limits: limits, maxBytes: limits.json.maxBytes)
    } else {
      throw ConversionError(
        file: path, "unknown gml-float file type; expected .json, .json.gz, .npz or .gmz")
    }
    let document = try JSONParser.parse(bytes, file: path, limits: limits.json)
    bytes = []
    return try GMLFloatDocument(
      root: JSONCursor(document, file: path), sourceFile: path, jsonPath: path, limits: limits,
      archive: nil
    ).graph()
  }

  /// The single-archive form: `model.json` and the arrays in one zip.
  static func loadArchive(path: String, limits: GMLFloatLimits) throws(ConversionError) -> Graph {
    let archive = try ZipArchive(
      bytes: try readFile(path, limits: limits), file: path, limits: limits.zip)
    guard let entry = archive.entry(named: "model.json") else {
      throw ConversionError(
        file: path,
        "archive has no \"model.json\" entry; a single-file model holds the "
          + "document as model.json beside its .npy arrays")
    }
    guard entry.uncompressedSize <= limits.json.maxBytes else {
      throw ConversionError(
        file: path, place: "model.json",
        "JSON document of \(entry.uncompressedSize) bytes is above the limit of "
          + "\(limits.json.maxBytes)")
    }
    let jsonFile = "\(path)(model.json)"
    let document = try JSONParser.parse(
      try archive.data(of: entry), file: jsonFile, limits: limits.json)
    return try GMLFloatDocument(
      root: JSONCursor(document, file: jsonFile), sourceFile: path, jsonPath: path,
      limits: limits, archive: archive
    ).graph()
  }

  /// The whole file at `path`, refused above `maxBytes` (by default
  /// `limits.maxFileBytes`) before it is read.
  static func readFile(_ path: String, limits: GMLFloatLimits, maxBytes: Int? = nil)
    throws(ConversionError) -> [UInt8]
  {
    let maxBytes = min(maxBytes ?? limits.maxFileBytes, limits.maxFileBytes)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConversionError(file: path, "no such file")
    }
    guard !isDirectory.boolValue else {
      throw ConversionError(file: path, "is a directory; expected a file")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= maxBytes else {
      throw ConversionError(file: path, "file of \(size) bytes is above the limit of \(maxBytes)")
    }
    do {
      return try OutputFile.read(path)
    } catch {
      throw ConversionError(file: path, "cannot read the file")
    }
  }

  /// The JSON inside a gzip file.
  static func gunzip(_ bytes: [UInt8], file: String, limits: GMLFloatLimits)
    throws(ConversionError) -> [UInt8]
  {
    do {
      return try Inflate(maxBytes: limits.json.maxBytes, maxRatio: limits.zip.maxRatio)
        .decompress(bytes, framing: .gzip)
    } catch {
      throw ConversionError(file: file, "gzip data: \(error)")
    }
  }
}
