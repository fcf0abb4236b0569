// GMLConverterTests/TFLiteReaderMalformedTensorTests.swift — refused tensors and buffers: indices, sizes, shapes, quantization, offsets, structure.
import GMLFlatBuffers
import XCTest

@testable import GMLConverter

final class TFLiteReaderMalformedTensorTests: XCTestCase {
  private let dense = TFLiteTestModels.dense

  private func write(_ model: TFLiteModel, _ change: (inout TFLiteTestWriter) -> Void = { _ in })
    -> [UInt8]
  {
    var writer = TFLiteTestWriter()
    change(&writer)
    return writer.write(model)
  }

  private func decode(_ bytes: [UInt8]) throws -> TFLiteModel {
    try TFLiteModel(decoding: bytes, file: "m.tflite")
  }

  func testBufferIndex() throws {
    assertTFLiteError(
      write(dense) { $0.bufferIndex[1] = 3 }, place: "subgraphs[0].tensors[1].buffer",
      "buffer index 3 is out of range: the model has 3 buffers")
    // Two tensors may share a buffer; buffer 0 never holds data.
    let shared = try decode(write(dense) { $0.bufferIndex[3] = 2 })
    XCTAssertEqual(shared.tensors[3].data, dense.tensors[2].data)
    var model = dense
    model.tensors[1].data = nil
    let zero = try decode(write(model) { $0.extraBuffers = [[1, 2]] })
    XCTAssertNil(zero.tensors[1].data)
  }

  func testConstantSize() {
    var model = dense
    model.tensors[1].data = float32Bytes((0..<11).map(Float.init))
    assertTFLiteError(
      write(model), place: "subgraphs[0].tensors[1].buffer",
      "constant data has 44 bytes; shape [3, 4] of FLOAT32 needs 48")
    model = dense
    model.tensors[2] = TFLiteTensor(
      name: "bias", shape: [3], typeCode: TFLiteTensorType.int4.rawValue, data: [1, 2, 3])
    assertTFLiteError(
      write(model), place: "subgraphs[0].tensors[2].buffer",
      "constant data has 3 bytes; shape [3] of INT4 needs 2")
  }

  func testShapes() {
    var model = dense
    model.tensors[1].shape = [3, -4]
    assertTFLiteError(
      write(model), place: "subgraphs[0].tensors[1].shape[1]",
      "negative dimension -4 (a dynamic dimension is -1 in shape_signature, not in shape)")
    model = dense
    let big = Int(Int32.max)
    model.tensors[0].shape = [big, big, big]
    assertTFLiteError(
      write(model), place: "subgraphs[0].tensors[0].shape",
      "shape [\(big), \(big), \(big)] has more elements than a 64-bit count holds")
  }

  func testQuantization() throws {
    func check(_ q: TFLiteQuantization, place: String, _ message: String, line: UInt = #line) {
      var model = dense
      model.tensors[1].quantization = q
      assertTFLiteError(write(model), place: place, message, line: line)
    }
    let at = "subgraphs[0].tensors[1].quantization"
    check(
      TFLiteQuantization(scales: [1, 2, 3], zeroPoints: [0, 0]), place: at + ".zero_point",
      "2 zero points for 3 scales; expected as many as scales")
    check(
      TFLiteQuantization(scales: [1]), place: at + ".zero_point",
      "0 zero points for 1 scales; expected as many as scales")
    check(
      TFLiteQuantization(scales: [1], zeroPoints: [0], quantizedDimension: 2),
      place: at + ".quantized_dimension",
      "quantized_dimension 2 is outside the tensor's 2 dimensions")
    check(
      TFLiteQuantization(scales: [1], zeroPoints: [0], quantizedDimension: -1),
      place: at + ".quantized_dimension",
      "quantized_dimension -1 is outside the tensor's 2 dimensions")
    check(
      TFLiteQuantization(scales: [1, 2], zeroPoints: [0, 0], quantizedDimension: 1),
      place: at + ".scale", "2 scales for dimension 1 of size 4; expected 1 or 4")
    // Accepted: per-channel on either axis, zero points without scales
    // (ignored, as LiteRT does), and anything under custom details.
    for q in [
      TFLiteQuantization(scales: [1, 2, 3], zeroPoints: [0, 1, 2]),
      TFLiteQuantization(scales: [1, 2, 3, 4], zeroPoints: [0, 0, 0, 0], quantizedDimension: 1),
      TFLiteQuantization(zeroPoints: [5]),
      TFLiteQuantization(scales: [1, 2], quantizedDimension: 7, hasCustomDetails: true),
    ] {
      var model = dense
      model.tensors[1].quantization = q
      XCTAssertEqual(try decode(write(model)).tensors[1].quantization, q)
    }
  }

  func testBufferOffsets() throws {
    assertTFLiteError(
      write(dense) { $0.bufferOffsets[1] = (offset: 16, size: 48) }, place: "buffers[1]",
      "the buffer has both inline data (48 bytes) and an offset (16); expected one of them")
    // Offset 1 is the exporter's placeholder: the inline data counts.
    XCTAssertEqual(try decode(write(dense) { $0.bufferOffsets[1] = (offset: 1, size: 99) }), dense)
    let external = write(dense) { $0.externalData = true }
    let cut = Array(external.dropLast(4))
    assertTFLiteError(
      cut, place: "buffers[2].offset",
      "12 bytes at offset \(external.count - 12) run past the end of the file (\(cut.count) bytes)")
    var model = dense
    model.tensors[0].data = nil
    let huge = write(model) {
      $0.extraBuffers = [[]]
      $0.bufferIndex[0] = 3
      $0.bufferOffsets[3] = (offset: UInt64.max - 1, size: 10)
    }
    assertTFLiteError(
      huge, place: "buffers[3].offset",
      "10 bytes at offset \(UInt64.max - 1) run past the end of the file (\(huge.count) bytes)")
  }

  /// A structural error names the path being verified.
  func testStructureErrorsNameThePath() throws {
    var bytes = write(dense)
    let lengthAt = bytes.withUnsafeBytes { raw in
      let view = BufferView(raw)
      let g = view.vectorTable(view.rootTable(), slot: TFLiteSchema.Model.subgraphs, at: 0)
      let t = view.vectorTable(g, slot: TFLiteSchema.SubGraph.tensors, at: 2)
      return (view.vectorDataOffset(t, slot: TFLiteSchema.Tensor.shape) ?? 0) - 4
    }
    let good = bytes
    bytes.replaceSubrange(lengthAt..<(lengthAt + 4), with: [0xE8, 0x03, 0, 0])
    assertTFLiteError(
      bytes, place: "subgraphs[0].tensors[2].shape",
      "invalid FlatBuffers structure: truncated at byte \(lengthAt): vector runs past the end of "
        + "the buffer")
    assertTFLiteError(
      good, place: "subgraphs[0].tensors",
      "invalid FlatBuffers structure: limit exceeded at byte \(tensorPosition(good, 0)): tables "
        + "nested deeper than VerifierLimits.maxDepth", limits: VerifierLimits(maxDepth: 2))
    assertTFLiteError(
      good, place: "",
      "invalid FlatBuffers structure: limit exceeded at byte 0: buffer larger than "
        + "VerifierLimits.maxSize", limits: VerifierLimits(maxSize: good.count - 1))
    XCTAssertThrowsError(
      try TFLiteModel(decoding: good, file: "m", limits: VerifierLimits(maxTables: 5)))
    XCTAssertEqual(
      try TFLiteModel(decoding: good, file: "m", limits: VerifierLimits(maxDepth: 4)), dense)
  }

  /// Byte position of tensor `index` of subgraph 0.
  private func tensorPosition(_ bytes: [UInt8], _ index: Int) -> Int {
    bytes.withUnsafeBytes { raw in
      let view = BufferView(raw)
      let g = view.vectorTable(view.rootTable(), slot: TFLiteSchema.Model.subgraphs, at: 0)
      return view.vectorTable(g, slot: TFLiteSchema.SubGraph.tensors, at: index).position
    }
  }
}
