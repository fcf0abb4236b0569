// gml-schema/main.swift — regenerates GMLFormat's Swift mirror of schema/gml.fbs (run from the repository's root).
import Foundation
import GMLSchema

/// `swift run gml-schema [--check]`: writes `Sources/GMLFormat/Generated/`
/// from `schema/gml.fbs`; with `--check`, writes nothing and fails if a
/// file differs from what the schema makes.
let arguments = CommandLine.arguments.dropFirst()
let check = arguments.contains("--check")
if let unknown = arguments.first(where: { $0 != "--check" }) {
  FileHandle.standardError.write(Data("usage: gml-schema [--check]; unknown: \(unknown)\n".utf8))
  exit(2)
}
do {
  let schema = try Schema(parsing: String(contentsOfFile: "schema/gml.fbs", encoding: .utf8))
  let files = try SwiftMirror(schema: schema).files()
  let stale = files.filter { file in
    (try? String(contentsOfFile: file.path, encoding: .utf8)) != file.text
  }
  if check {
    for file in stale { print("out of date: \(file.path) (run `swift run gml-schema`)") }
    exit(stale.isEmpty ? 0 : 1)
  }
  try FileManager.default.createDirectory(
    atPath: SwiftMirror.directory, withIntermediateDirectories: true)
  for file in stale {
    try file.text.write(toFile: file.path, atomically: true, encoding: .utf8)
    print("wrote \(file.path)")
  }
} catch {
  FileHandle.standardError.write(Data("gml-schema: \(error)\n".utf8))
  exit(1)
}
