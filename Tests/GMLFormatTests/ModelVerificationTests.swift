// GMLFormatTests/ModelVerificationTests.swift — hostile .gml buffers: each gets a GMLError naming the place, never a crash.
import GMLCore
import GMLFlatBuffers
import GMLFormat
import GMLTestSupport
import XCTest

final class ModelVerificationTests: XCTestCase {
  private func load(_ bytes: [UInt8], limits: VerifierLimits = VerifierLimits()) throws
    -> ModelDefinition
  {
    try bytes.withUnsafeBytes { raw in try Model(verifying: raw, limits: limits).definition() }
  }

  private func assertRejected(
    _ bytes: [UInt8], _ kind: GMLError.Kind, at location: GMLError.Location? = nil,
    limits: VerifierLimits = VerifierLimits(), file: StaticString = #filePath, line: UInt = #line
  ) {
    do {
      _ = try load(bytes, limits: limits)
      XCTFail("accepted; expected \(kind)", file: file, line: line)
    } catch let error as GMLError {
      XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
      if let location {
        XCTAssertEqual(error.location, location, "\(error)", file: file, line: line)
      }
    } catch {
      XCTFail("not a GMLError: \(error)", file: file, line: line)
    }
  }

  func testEveryTruncationIsRejected() {
    let bytes = ModelWriter.write(ModelSamples.everyFeature())
    for n in 0..<bytes.count {
      XCTAssertThrowsError(try load(Array(bytes[0..<n])), "prefix of \(n) bytes accepted")
    }
  }

  func testBitFlipsNeverCrash() {
    let bytes = ModelWriter.write(ModelSamples.everyFeature())
    var rng = SplitMix64(seed: 3)
    var accepted = 0
    for _ in 0..<4000 {
      var copy = bytes
      for _ in 0..<Int(rng.next() % 3 + 1) {
        let i = Int(rng.next() % UInt64(copy.count))
        copy[i] ^= UInt8(1 << (rng.next() % 8))
      }
      if (try? load(copy)) != nil { accepted += 1 }
    }
    // Most flips land in constant data, which stays valid; the point is no crash.
    XCTAssertGreaterThan(accepted, 0)
  }

  func testWrongIdentifier() {
    var bytes = ModelWriter.write(ModelSamples.minimal())
    bytes[4] = UInt8(ascii: "X")
    assertRejected(bytes, .wrongIdentifier)
  }

  func testRootOffsetOutOfRange() {
    var bytes = ModelWriter.write(ModelSamples.minimal())
    bytes[0..<4] = [0x00, 0xFF, 0xFF, 0x7F]
    assertRejected(bytes, .outOfBounds)
  }

  func testNewerFormatVersionIsRefused() {
    var m = ModelSamples.minimal()
    m.formatVersion = gmlFormatVersion + 1
    assertRejected(ModelWriter.write(m), .unsupportedVersion)
    m.formatVersion = 0
    assertRejected(ModelWriter.write(m), .malformed)
  }

  func testConstantSizeMustMatchShape() {
    var m = ModelSamples.minimal()
    m.buffers = [[], [1, 2, 3]]
    m.subgraphs[0].tensors.append(TensorDefinition(name: "w", shape: [4], type: .int8, buffer: 1))
    assertRejected(ModelWriter.write(m), .shapeMismatch, at: .tensor(2))
  }

  func testBufferIndexOutOfRange() {
    var m = ModelSamples.minimal()
    m.subgraphs[0].tensors[1].buffer = 9
    assertRejected(ModelWriter.write(m), .outOfBounds, at: .tensor(1))
  }

  func testHugeShapeIsRefused() {
    var m = ModelSamples.minimal()
    m.subgraphs[0].tensors[1].shape = [Int32.max, Int32.max, 4]
    assertRejected(ModelWriter.write(m), .limitExceeded, at: .tensor(1))
    m.subgraphs[0].tensors[1].shape = [-1]
    assertRejected(ModelWriter.write(m), .shapeMismatch, at: .tensor(1))
  }

  func testOperatorIndicesAreChecked() {
    var m = ModelSamples.minimal()
    m.subgraphs[0].operators[0].inputs = [5]
    assertRejected(ModelWriter.write(m), .outOfBounds, at: .op(0))
    m = ModelSamples.minimal()
    m.subgraphs[0].operators[0].outputs = [-1]
    assertRejected(ModelWriter.write(m), .outOfBounds, at: .op(0))
    m = ModelSamples.minimal()
    m.subgraphs[0].outputs = [2]
    assertRejected(ModelWriter.write(m), .outOfBounds)
  }

  func testFirstBufferMustBeEmpty() {
    var m = ModelSamples.minimal()
    m.buffers = [[1]]
    assertRejected(ModelWriter.write(m), .malformed, at: .buffer(0))
  }

  func testQuantizationCountsMustAgree() {
    var m = ModelSamples.minimal()
    m.subgraphs[0].tensors[0].quantization = QuantizationDefinition(
      scales: [1, 2], zeroPoints: [0])
    assertRejected(ModelWriter.write(m), .invalidQuantization, at: .tensor(0))
  }

  func testMemoryPlanNeedsOneOffsetPerTensor() {
    var m = ModelSamples.minimal()
    m.subgraphs[0].memoryPlan = MemoryPlanDefinition(arenaSize: 32, offsets: [0])
    assertRejected(ModelWriter.write(m), .malformed)
  }

  func testDepthAndTableLimits() {
    let bytes = ModelWriter.write(ModelSamples.everyFeature())
    assertRejected(bytes, .limitExceeded, limits: VerifierLimits(maxDepth: 2))
    assertRejected(bytes, .limitExceeded, limits: VerifierLimits(maxTables: 10))
    assertRejected(bytes, .limitExceeded, limits: VerifierLimits(maxSize: bytes.count - 1))
  }

  func testUnknownOpcodeAndOptionsAreRefused() throws {
    // Hand-built buffers: values no ModelDefinition can express.
    assertRejected(handBuilt(opcode: 999, optionsType: 0), .unsupportedOp, at: .op(0))
    assertRejected(handBuilt(opcode: 6, optionsType: 200), .unsupportedOp)
    assertRejected(
      handBuilt(opcode: 6, optionsType: 0, tensorType: 42), .unsupportedType, at: .tensor(0))
  }

  /// A one-op model written with the Builder directly (slots as in the schema).
  private func handBuilt(opcode: UInt16, optionsType: UInt8, tensorType: Int8 = 0) -> [UInt8] {
    var b = Builder()
    b.startTable()
    let emptyBuffer = b.endTable()
    let buffers = b.createVector(offsets: [emptyBuffer])
    let shape = b.createVector([Int32(1)])
    b.startTable()
    b.add(shape, slot: 1)
    b.add(tensorType, default: 0, slot: 2)
    let tensor = b.endTable()
    let tensors = b.createVector(offsets: [tensor])
    let io = b.createVector([Int32(0)])
    var options: Offset?
    if optionsType != 0 {
      b.startTable()
      options = b.endTable()
    }
    b.startTable()
    b.add(opcode, default: 0, slot: 0)
    b.add(io, slot: 1)
    b.add(io, slot: 2)
    if let options { b.addUnion(type: optionsType, value: options, typeSlot: 3) }
    let op = b.endTable()
    let ops = b.createVector(offsets: [op])
    b.startTable()
    b.add(tensors, slot: 1)
    b.add(io, slot: 2)
    b.add(io, slot: 3)
    b.add(ops, slot: 4)
    let graph = b.endTable()
    let graphs = b.createVector(offsets: [graph])
    b.startTable()
    b.add(UInt32(1), default: 0, slot: 0)
    b.add(graphs, slot: 1)
    b.add(buffers, slot: 2)
    let root = b.endTable()
    return b.finish(root: root, fileIdentifier: "GML1")
  }
}
