// GMLConverterTests/GMLFloatFixtureTests.swift — every bundled gml-float model (Fixtures/, samples/digits/) loads.
import Foundation
import GMLConverter
import XCTest

final class GMLFloatFixtureTests: XCTestCase {
  private let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

  /// Every model file under `folder`: `.json` documents that declare
  /// `"format": "gml-float"` (others are reports), `.json.gz`, `.gmz`, and
  /// the `.npz` archives that hold a `model.json` (others are weight sidecars).
  private func models(under folder: URL) throws -> [String] {
    let folder = folder.resolvingSymlinksInPath()
    let files =
      FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
    return try files.sorted().filter { name in
      let lower = name.lowercased()
      if lower.hasSuffix(".json") {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return text.contains("\"gml-float\"")
      }
      if lower.hasSuffix(".json.gz") || lower.hasSuffix(".gmz") { return true }
      guard lower.hasSuffix(".npz") else { return false }
      let path = folder.appendingPathComponent(name).path
      let archive = try ZipArchive(
        bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
      return archive.entry(named: "model.json") != nil
    }.map { folder.appendingPathComponent($0).path }
  }

  private func assertLoads(_ paths: [String]) {
    for path in paths {
      XCTAssertNoThrow(
        try {
          let graph = try GMLFloatLoader.load(path: path)
          XCTAssertFalse(graph.nodes.isEmpty, path)
          XCTAssertTrue(graph.nodes.allSatisfy { $0.outputs.count == 1 }, path)
          XCTAssertTrue(graph.tensors.values.contains { $0.isConstant }, path)
        }(), path)
    }
  }

  func testConverterFixturesLoad() throws {
    let paths = try models(under: testsFolder.appendingPathComponent("Fixtures"))
    XCTAssertGreaterThanOrEqual(paths.count, 8, "\(paths)")
    assertLoads(paths)
  }

  func testDigitsSampleLoads() throws {
    let digits = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("samples/digits")
    let paths = try models(under: digits)
    XCTAssertEqual(paths.map { URL(fileURLWithPath: $0).lastPathComponent }, ["model.json"])
    assertLoads(paths)
  }

  /// The archive forms of `dense_only` load to the same graph as its `.bin` form.
  func testDenseOnlyFormsAgree() throws {
    let fixtures = testsFolder.appendingPathComponent("Fixtures")
    let reference = try GMLFloatLoader.load(
      path: fixtures.appendingPathComponent("dense_only/model.json").path)
    for name in [
      "dense_only.gmz", "dense_only_stored.npz", "dense_only_inline.json", "dense_only.json.gz",
    ] {
      var graph = try GMLFloatLoader.load(
        path: fixtures.appendingPathComponent("archives/\(name)").path)
      XCTAssertEqual(graph.tensors, reference.tensors, name)
      XCTAssertEqual(graph.inputs, reference.inputs, name)
      XCTAssertEqual(graph.outputs, reference.outputs, name)
      if name.contains("inline") {
        graph.nodes.reverse()
        for i in graph.nodes.indices { graph.nodes[i].place = "nodes[\(i)]" }
      }
      XCTAssertEqual(graph.nodes, reference.nodes, name)
    }
  }
}
