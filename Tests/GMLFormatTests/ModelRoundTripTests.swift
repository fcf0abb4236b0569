// GMLFormatTests/ModelRoundTripTests.swift — write, verify, read back: the same values, buffers aligned in place.
import GMLCore
import GMLFlatBuffers
import XCTest

@testable import GMLFormat

final class ModelRoundTripTests: XCTestCase {
  func testEveryFeatureRoundTrips() throws {
    let definition = ModelSamples.everyFeature()
    let bytes = ModelWriter.write(definition)
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      XCTAssertEqual(model.definition(), ModelSamples.canonical(definition))
    }
  }

  func testMinimalRoundTrips() throws {
    let bytes = ModelWriter.write(ModelSamples.minimal())
    XCTAssertEqual(Array(bytes[4..<8]), Array("GML1".utf8))
    try bytes.withUnsafeBytes { raw in
      XCTAssertEqual(try Model(verifying: raw).definition(), ModelSamples.minimal())
    }
  }

  func testConstantBuffersAreAlignedInPlace() throws {
    let definition = ModelSamples.everyFeature()
    let bytes = ModelWriter.write(definition)
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      XCTAssertEqual(model.bufferCount, definition.buffers.count)
      for i in 1..<model.bufferCount {
        let buffer = model.bufferAt(i)
        let want = ModelWriter.alignment(forBufferOf: definition.buffers[i].count)
        XCTAssertEqual(buffer.fileOffset % want, 0, "buffer \(i) at \(buffer.fileOffset)")
        XCTAssertEqual(Array(buffer.bytes), definition.buffers[i])
        // In place: the view points into the file, not at a copy.
        XCTAssertEqual(buffer.bytes.baseAddress, raw.baseAddress.map { $0 + buffer.fileOffset })
      }
    }
  }

  /// The builder's first buffer holds the whole file, so writing never
  /// grows (copies) it.
  func testSizeEstimateCoversTheFile() {
    for definition in [ModelSamples.everyFeature(), ModelSamples.minimal()] {
      XCTAssertGreaterThanOrEqual(
        ModelWriter.estimatedSize(of: definition), ModelWriter.write(definition).count)
    }
  }

  func testWriterIsDeterministic() {
    XCTAssertEqual(
      ModelWriter.write(ModelSamples.everyFeature()), ModelWriter.write(ModelSamples.everyFeature())
    )
  }
}
