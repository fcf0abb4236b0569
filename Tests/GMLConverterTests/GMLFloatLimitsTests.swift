// GMLConverterTests/GMLFloatLimitsTests.swift — each GMLFloatLimits bound: refused past it, accepted when raised.
import Foundation
import GMLConverter
import XCTest

final class GMLFloatLimitsTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// Asserts that `path` loads with `raised` but not with `limits`.
  private func assertRefused(
    _ path: String, place: String, _ message: String, limits: GMLFloatLimits,
    raised: GMLFloatLimits, file: StaticString = #filePath, line: UInt = #line
  ) {
    assertLoadError(path, place: place, message, limits: limits, file: file, line: line)
    XCTAssertNoThrow(try GMLFloatLoader.load(path: path, limits: raised), file: file, line: line)
  }

  func testTensorAndNodeCounts() throws {
    let path = try folder.write("m.json", tinyInlineDocument())
    assertRefused(
      path, place: "tensors", "4 tensors, above the limit of 3 (GMLFloatLimits.maxTensors)",
      limits: GMLFloatLimits(maxTensors: 3), raised: GMLFloatLimits(maxTensors: 4))
    assertRefused(
      path, place: "nodes", "5 nodes, above the limit of 4 (GMLFloatLimits.maxNodes)",
      limits: GMLFloatLimits(maxNodes: 4), raised: GMLFloatLimits(maxNodes: 5))
    let inputs = replacing(
      tinyInlineDocument(), "\"inputs\": [{\"name\": \"image\", \"shape\": [1, 4, 4, 1]",
      "\"inputs\": [{\"name\": \"spare\", \"shape\": [1]}, {\"name\": \"image\", \"shape\": [1, 4, 4, 1]"
    )
    assertRefused(
      try folder.write("i.json", inputs), place: "inputs",
      "2 graph inputs, above the limit of 1 (GMLFloatLimits.maxTensors)",
      limits: GMLFloatLimits(maxTensors: 1), raised: GMLFloatLimits(maxTensors: 4))
  }

  /// Constants reading the same bytes again (one `.bin` range, one `.npy`)
  /// each cost memory: the total is bounded, not just each tensor.
  func testConstantElementsInAll() throws {
    try folder.write("w.bin", float32Bytes((0..<64).map(Float.init)))
    let entries = (0..<4).map { "\"w\($0)\": {\"shape\": [64], \"offset\": 0, \"length\": 256}" }
    let doc = """
      {"format": "gml-float", "version": 1, "weights": "w.bin",
       "inputs": [{"name": "x", "shape": [1, 64]}], "outputs": ["x"],
       "tensors": {\(entries.joined(separator: ", "))}, "nodes": []}
      """
    let path = try folder.write("m.json", doc)
    assertRefused(
      path, place: "tensors.w3.shape",
      "the constants up to this one have more than 200 elements in all "
        + "(GMLFloatLimits.maxConstantElements)",
      limits: GMLFloatLimits(maxConstantElements: 200),
      raised: GMLFloatLimits(maxConstantElements: 256))
    XCTAssertEqual(GMLFloatLimits().maxConstantElements, 1 << 29)
  }

  func testWeightsLinkedOutOfTheFolder() throws {
    let outside = try ModelFolder()
    defer { outside.remove() }
    let values = tinyConstants.flatMap(\.values)
    let secret = try outside.write("secret.bin", float32Bytes(values))
    var offset = 0
    let tensors = tinyConstants.map { c in
      defer { offset += c.values.count * 4 }
      return "\"\(c.name)\": {\"shape\": \(c.shape), \"offset\": \(offset), "
        + "\"length\": \(c.values.count * 4)}"
    }
    let doc = tinyDocument(tensors: tensors, weights: "w.bin")
    let path = try folder.write("model/m.json", doc)
    try FileManager.default.createSymbolicLink(
      atPath: folder.path("model/w.bin"), withDestinationPath: secret)
    let resolved = URL(fileURLWithPath: secret).resolvingSymlinksInPath().path
    let home = URL(fileURLWithPath: folder.path("model")).resolvingSymlinksInPath().path
    assertLoadError(
      path, place: "weights",
      "weights file \"w.bin\" (\(folder.path("model/w.bin"))): is a link to \(resolved), outside "
        + "the model's folder \(home); copy the file beside the model (or set "
        + "GMLFloatLimits.allowsLinkedWeightsOutsideFolder)")
    XCTAssertNoThrow(
      try GMLFloatLoader.load(
        path: path, limits: GMLFloatLimits(allowsLinkedWeightsOutsideFolder: true)))

    // A link that stays inside the folder, and a linked model folder, are fine.
    try FileManager.default.removeItem(atPath: folder.path("model/w.bin"))
    try folder.write("model/data/real.bin", float32Bytes(values))
    try FileManager.default.createSymbolicLink(
      atPath: folder.path("model/w.bin"), withDestinationPath: "data/real.bin")
    XCTAssertNoThrow(try GMLFloatLoader.load(path: path))
    try FileManager.default.createSymbolicLink(
      atPath: folder.path("alias"), withDestinationPath: folder.path("model"))
    XCTAssertNoThrow(try GMLFloatLoader.load(path: folder.path("alias/m.json")))
  }
}
