// GMLConverterTests/GMLFloatDTypeTests.swift — float16, int32 and int64 constants widened to Float in every source.
import GMLConverter
import XCTest

final class GMLFloatDTypeTests: XCTestCase {
  private var folder: ModelFolder!

  override func setUpWithError() throws { folder = try ModelFolder() }
  override func tearDown() { folder.remove() }

  /// The values of constant `w` from `entry`, beside `weights`.
  private func values(_ entry: String, weights: String? = nil) throws -> [Float]? {
    let doc = """
      {"format": "gml-float", "version": 1, \(weights.map { "\"weights\": \"\($0)\"," } ?? "")
       "inputs": [{"name": "x", "shape": [4]}], "outputs": ["y"],
       "tensors": {"w": \(entry)},
       "nodes": [{"name": "n", "op": "Add", "inputs": ["x", "w"], "outputs": ["y"]}]}
      """
    let graph = try GMLFloatLoader.load(path: try folder.write("m.json", doc))
    return graph.tensors["w"]?.data
  }

  // 1, -2, 65504 (largest), 2^-24 (smallest subnormal)
  private let halfBits: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00]
  private let halfValues: [Float] = [1, -2, 65504, 0x1p-24]

  func testFloat16() throws {
    try folder.write("w.bin", halfBits)
    XCTAssertEqual(
      try values(
        "{\"shape\": [4], \"dtype\": \"float16\", \"offset\": 0, \"length\": 8}", weights: "w.bin"),
      halfValues)
    try folder.write(
      "w.npz",
      ZipTestWriter.archive([
        ZipTestEntry("w.npy", npyFile(descr: "<f2", shape: [4], payload: halfBits))
      ]))
    XCTAssertEqual(
      try values("{\"shape\": [4], \"dtype\": \"float16\", \"array\": \"w\"}", weights: "w.npz"),
      halfValues)
    // Inline float16 numbers are rounded to float16 (ties to even).
    XCTAssertEqual(
      try values("{\"shape\": [4], \"dtype\": \"float16\", \"data\": [0.1, 2049, 65519, -1e-8]}"),
      [0.0999755859375, 2048, 65504, -0.0])
  }

  func testInt32AndInt64() throws {
    let ints: [Int64] = [1, -7, 16_777_216, -2_147_483_648]
    try folder.write(
      "w32.bin", ints.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })
    try folder.write(
      "w64.bin", ints.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })
    let expected = ints.map { Float($0) }
    XCTAssertEqual(
      try values(
        "{\"shape\": [4], \"dtype\": \"int32\", \"offset\": 0, \"length\": 16}", weights: "w32.bin"),
      expected)
    XCTAssertEqual(
      try values(
        "{\"shape\": [4], \"dtype\": \"int64\", \"offset\": 0, \"length\": 32}", weights: "w64.bin"),
      expected)
    XCTAssertEqual(
      try values(
        "{\"shape\": [4], \"dtype\": \"int64\", \"data\": [1, -7, 16777216, -2147483648]}"),
      expected)
    let npy = npyFile(
      descr: "<i8", shape: [4],
      payload: ints.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })
    try folder.write("w.npz", ZipTestWriter.archive([ZipTestEntry("w.npy", npy, deflate: true)]))
    XCTAssertEqual(
      try values("{\"shape\": [4], \"dtype\": \"int64\", \"array\": \"w\"}", weights: "w.npz"),
      expected)
  }

  func testFloat32RoundsDecimalText() throws {
    XCTAssertEqual(
      try values(
        "{\"shape\": [4], \"dtype\": \"float32\", \"data\": [0.1, -0, 1e-50, 3.4028235e38]}"),
      [0.1, -0.0, 0, .greatestFiniteMagnitude])
  }
}
