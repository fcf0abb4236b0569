// GMLConverterTests/TFLiteSequenceLSTMTests.swift — a float UNIDIRECTIONAL_SEQUENCE_LSTM imported as an LSTM node; the variants refused, each with its reason.
import GMLFormat
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class TFLiteSequenceLSTMTests: XCTestCase {
  func fixture() throws -> TFLiteModel { try TFLiteManifest.model("fused_lstm", "float") }

  /// Both LSTMs of the fixture (12 steps of 16 cells, clipped at 10, then
  /// of 8) become LSTM nodes with the input, eight weights and four biases;
  /// the outputs match LiteRT in `TFLiteFixtureTests.testFloatModelsMatchLiteRT`.
  func testFusedLSTMsBecomeLSTMNodes() throws {
    let model = try fixture()
    let imported = try TFLiteImporter.importModel(model, file: "fused_lstm_float.tflite")
    XCTAssertEqual(
      imported.sourceOps,
      [
        "UNIDIRECTIONAL_SEQUENCE_LSTM", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE",
        "FULLY_CONNECTED",
      ])
    guard case .float(let graph) = imported.content else { return XCTFail("not float") }
    let lstms = graph.nodes.filter { $0.op.specName == "LSTM" }
    XCTAssertEqual(lstms.count, 2)
    XCTAssertEqual(lstms.map(\.inputs.count), [13, 13])
    XCTAssertEqual(lstms[0].op, .lstm(RecurrentAttributes(activation: .tanh, cellClip: 10)))
    XCTAssertEqual(graph.tensors[lstms[0].inputs[5]]?.shape, [16, 16])
    XCTAssertEqual(graph.tensors[lstms[1].inputs[12]]?.shape, [8])
    XCTAssertEqual(lstms[0].place, "subgraphs[0].operators[0]")
  }

  /// `--quantize int8` of the float fixture makes TFLite's integer LSTM
  /// with TFLiteConverter's weights: each of the eight per tensor, the
  /// same scales and bytes as the int8 fixture (made from the same Keras
  /// model), whatever the calibration data.
  func testInt8WeightsAreTFLiteConverters() throws {
    let imported = try TFLiteImporter.importModel(try fixture(), file: "fused_lstm_float.tflite")
    guard case .float(var graph) = imported.content else { return XCTFail("not float") }
    _ = try Converter.optimize(&graph)
    var rng = SplitMix64(seed: 3)
    let count = try XCTUnwrap(graph.tensors[graph.inputs[0]]).elementCount
    let samples = (0..<8).map { _ in
      [(0..<count).map { _ in Float.random(in: -2...2, using: &rng) }]
    }
    let ranges = try Calibrator.ranges(
      of: graph,
      samples: CalibrationSamples(inputNames: graph.inputs, samples: samples, sourceName: "s"),
      method: .minmax)
    let model = try Quantizer.quantize(
      graph, ranges: ranges, options: QuantizerOptions(), metadata: MetadataDefinition())
    let ours = model.subgraphs[0].operators.filter { $0.opcode == .unidirectionalSequenceLstm }
    let reference = try TFLiteManifest.model("fused_lstm", "int8")
    let theirs = reference.operators.filter {
      $0.builtinCode == TFLiteBuiltin.unidirectionalSequenceLSTM
    }
    XCTAssertEqual(ours.count, 2)
    XCTAssertEqual(theirs.count, 2)
    for (o, t) in zip(ours, theirs) {
      for k in 1...8 {
        let mine = model.subgraphs[0].tensors[Int(o.inputs[k])]
        let tflite = reference.tensors[t.inputs[k]]
        XCTAssertEqual(mine.quantization?.scales, tflite.quantization?.scales, "input \(k)")
        XCTAssertEqual(model.buffers[Int(mine.buffer)], tflite.data, "input \(k)")
      }
    }
  }

  /// Each variant gml does not import is reported with its reason.
  func testVariantsAreRefusedWithTheirReason() throws {
    let model = try fixture()
    let lstm = model.operators[0]
    func refused(_ edit: (inout TFLiteModel) -> Void, _ reason: String, line: UInt = #line) {
      assertLSTMRefused(model, edit, reason, line: line)
    }
    refused({ $0.operators[0].inputs[1] = -1 }, "with coupled input and forget gates")
    refused(
      { $0.operators[0].inputs[9] = lstm.inputs[13] }, "with peephole connections")
    refused({ $0.operators[0].inputs[16] = lstm.inputs[5] }, "with a projection")
    refused(
      { $0.operators[0].inputs += [lstm.inputs[13], -1, -1, -1] }, "with layer normalization")
    refused(
      {
        $0.operators[0].options = .sequenceLSTM(
          activation: 5, cellClip: 10, projClip: 0, timeMajor: false)
      }, "with cell activation SIGN_BIT")
    refused(
      { $0.tensors[lstm.inputs[2]].typeCode = TFLiteTensorType.int8.rawValue },
      "with int8 weights on float32 activations (dynamic range); gml imports float32 and "
        + "full-integer int8 LSTMs")
    refused(
      { $0.tensors[lstm.inputs[19]].data = [UInt8](repeating: 1, count: 64) },
      "with a non-zero initial cell state")
    refused({ $0.operators[0].inputs[18] = -1 }, "with no output state")
    refused({ $0.operators[0].inputs[3] = -1 }, "without its input 3")
    refused(
      { $0.tensors[lstm.inputs[6]].shape = [3, 3] },
      "whose input 6 is not a float32 constant of shape [16, 16]")
  }
}
