// GMLFormatTests/ReferenceImplementationTests.swift — our writer and reader checked against flatc and the C++ Verifier.
import Foundation
import GMLCore
import GMLFormat
import GMLTestSupport
import XCTest

/// Cross-checks with Debian's `flatbuffers-compiler` and `libflatbuffers-dev`.
/// These run, never skip: a missing tool is a failure (`.ci/run` installs them).
final class ReferenceImplementationTests: XCTestCase {
  static let schema = RepositoryPaths.root().appendingPathComponent("schema/gml.fbs").path

  /// Every model the writer produces in these tests.
  static func writtenModels() -> [(String, ModelDefinition)] {
    [
      ("every_feature", ModelSamples.everyFeature()), ("minimal", ModelSamples.minimal()),
      (
        "no_metadata",
        {
          var m = ModelSamples.everyFeature(); m.metadata = nil; return m
        }()
      ),
    ]
  }

  private func tool(_ name: String) throws -> String {
    guard let path = ExternalTool.find(name) else {
      XCTFail("\(name) not found: install it (bash tools/setup.sh)")
      throw XCTSkip("unreachable after XCTFail")
    }
    return path
  }

  /// flatc decodes each file we write to the JSON of what we wrote.
  func testFlatcDecodesWhatWeWrite() throws {
    let flatc = try tool("flatc")
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    for (name, definition) in Self.writtenModels() {
      let path = dir.path("\(name).gml")
      try Data(ModelWriter.write(definition)).write(to: URL(fileURLWithPath: path))
      let result = try ExternalTool.run(
        flatc,
        [
          "--json", "--strict-json", "--defaults-json", "--raw-binary", "-o", dir.url.path,
          Self.schema, "--", path,
        ])
      XCTAssertEqual(result.status, 0, "flatc failed on \(name): \(result.stderr)")
      let json = try Data(contentsOf: URL(fileURLWithPath: dir.path("\(name).json")))
      let decoded = try JSONSerialization.jsonObject(with: json)
      let expected = FlatcJSON.model(ModelSamples.canonical(definition))
      if let difference = FlatcJSON.difference(expected, decoded) {
        XCTFail("\(name): flatc reads something else than we wrote: \(difference)")
      }
    }
  }

  /// Our reader gets the same values from buffers that flatc builds from JSON.
  func testWeReadWhatFlatcBuilds() throws {
    let flatc = try tool("flatc")
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    for (name, definition) in Self.writtenModels() {
      let canonical = ModelSamples.canonical(definition)
      let jsonPath = dir.path("\(name).json")
      try FlatcJSON.text(FlatcJSON.model(canonical))
        .write(toFile: jsonPath, atomically: false, encoding: .utf8)
      let result = try ExternalTool.run(
        flatc, ["--binary", "-o", dir.url.path, Self.schema, jsonPath])
      XCTAssertEqual(result.status, 0, "flatc --binary failed on \(name): \(result.stderr)")
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.path("\(name).gml"))))
      try bytes.withUnsafeBytes { raw in
        let model = try Model(verifying: raw)
        XCTAssertEqual(model.definition(), canonical, "\(name) as built by flatc")
      }
    }
  }

  /// The C++ Verifier, compiled against `flatc --cpp` output, accepts every
  /// file we write.
  func testCppVerifierAcceptsWhatWeWrite() throws {
    let verifier = try buildCppVerifier()
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var paths: [String] = []
    for (name, definition) in Self.writtenModels() {
      let path = dir.path("\(name).gml")
      try Data(ModelWriter.write(definition)).write(to: URL(fileURLWithPath: path))
      paths.append(path)
    }
    let samples = RepositoryPaths.root().appendingPathComponent("samples")
    for file in (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
    where file.hasSuffix(".gml") {
      paths.append(samples.appendingPathComponent(file).path)
    }
    let result = try ExternalTool.run(verifier.path, paths)
    XCTAssertEqual(result.status, 0, "C++ Verifier rejected:\n\(result.stdout)")
    XCTAssertEqual(result.stdout.split(separator: "\n").count, paths.count)
  }

  /// Both verifiers refuse a buffer cut short; ours names the problem.
  func testBothVerifiersRejectTruncation() throws {
    let verifier = try buildCppVerifier()
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let bytes = ModelWriter.write(ModelSamples.everyFeature())
    let cut = Array(bytes[0..<(bytes.count / 2)])
    let path = dir.path("cut.gml")
    try Data(cut).write(to: URL(fileURLWithPath: path))
    XCTAssertEqual(try ExternalTool.run(verifier.path, [path]).status, 1)
    try cut.withUnsafeBytes { raw in XCTAssertThrowsError(try Model(verifying: raw)) }
  }

  /// `flatc --cpp` output plus `CppVerifier/verify_gml.cpp`, built once.
  private func buildCppVerifier() throws -> URL {
    if let built = Self.builtVerifier { return built }
    let flatc = try tool("flatc")
    let gxx = try tool("g++")
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gml-cpp-verifier-\(getpid())")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let gen = try ExternalTool.run(
      flatc, ["--cpp", "--warnings-as-errors", "-o", out.path, Self.schema])
    XCTAssertEqual(gen.status, 0, "flatc --cpp: \(gen.stderr)")
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("CppVerifier/verify_gml.cpp")
    let binary = out.appendingPathComponent("verify_gml")
    let build = try ExternalTool.run(
      gxx,
      ["-std=c++17", "-O1", "-Wall", "-Werror", "-I", out.path, source.path, "-o", binary.path])
    XCTAssertEqual(build.status, 0, "g++: \(build.stderr)")
    Self.builtVerifier = binary
    return binary
  }

  nonisolated(unsafe) private static var builtVerifier: URL?
}
