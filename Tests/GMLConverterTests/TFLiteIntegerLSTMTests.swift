// GMLConverterTests/TFLiteIntegerLSTMTests.swift — the int8 UNIDIRECTIONAL_SEQUENCE_LSTM imported as gml's op; what it cannot map refused with the reason.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

@testable import GMLConverter

final class TFLiteIntegerLSTMTests: XCTestCase {
  func fixture() throws -> TFLiteModel { try TFLiteManifest.model("fused_lstm", "int8") }

  /// Both LSTMs become one op each: input, eight weights, four biases;
  /// the clip and the cell state's scale in the options. The bytes match
  /// LiteRT's in `TFLiteFixtureTests.testInt8ModelsMatchLiteRTByteForByte`.
  func testFusedLSTMsBecomeTheOp() throws {
    let model = try fixture()
    let imported = try TFLiteImporter.importModel(model, file: "fused_lstm_int8.tflite")
    guard case .int8(let definition) = imported.content else { return XCTFail("not int8") }
    let graph = definition.subgraphs[0]
    XCTAssertEqual(model.operators[0].intermediates.count, 5)
    let lstms = graph.operators.filter { $0.opcode == .unidirectionalSequenceLstm }
    XCTAssertEqual(lstms.count, 2)
    for (lstm, source) in zip(lstms, model.operators.prefix(2)) {
      XCTAssertEqual(lstm.inputs.count, 13)
      let cellScale = try XCTUnwrap(model.tensors[source.inputs[19]].quantization?.scales.first)
      XCTAssertEqual(
        lstm.options,
        .sequenceLSTM(
          cellClip: 10, timeMajor: false, cellScaleLog2: Int8(cellScale.exponent),
          activation: .tanh))
      XCTAssertEqual(graph.tensors[Int(lstm.inputs[9])].type, .int32)
      XCTAssertEqual(graph.tensors[Int(lstm.inputs[1])].type, .int8)
    }
  }

  /// Each int8 variant the op cannot express is reported with its reason.
  func testVariantsAreRefusedWithTheirReason() throws {
    let model = try fixture()
    let lstm = model.operators[0]
    func refused(_ edit: (inout TFLiteModel) -> Void, _ reason: String, line: UInt = #line) {
      assertLSTMRefused(model, edit, reason, line: line)
    }
    refused({ $0.operators[0].inputs[9] = lstm.inputs[13] }, "with peephole connections")
    refused({ $0.operators[0].inputs[7] = -1 }, "without its input 7")
    refused({ $0.operators[0].inputs[14] = -1 }, "without its input 14")
    refused(
      { $0.operators[0].inputs[19] = -1 }, "without its cell state (TFLite's inputs 18 and 19)")
    refused(
      { $0.operators[0].inputs[18] = -1 }, "without its output state (TFLite's inputs 18 and 19)")
    refused(
      {
        $0.operators[0].options = .sequenceLSTM(
          activation: 1, cellClip: 10, projClip: 0, timeMajor: false)
      }, "int8 with cell activation RELU (TFLite's integer kernel computes TANH)")
    refused(
      { $0.tensors[lstm.inputs[19]].quantization?.scales = [0.0003] },
      "whose cell state is not int16 with a power-of-two scale from 2^-15 to 2^-9")
    refused(
      { $0.tensors[lstm.inputs[19]].quantization?.scales = [1.0 / 256] },
      "whose cell state is not int16 with a power-of-two scale from 2^-15 to 2^-9")
    refused(
      { $0.tensors[lstm.inputs[18]].quantization?.zeroPoints = [5] },
      "whose output state and output are quantized differently")
    refused(
      { $0.operators[0].intermediates = [] },
      "whose hidden-state intermediate (intermediates[4]) is missing or quantized unlike the "
        + "output")
    refused(
      { $0.tensors[lstm.inputs[18]].data = [UInt8](repeating: 7, count: 16) },
      "with an int8 output state that does not start at zero")
    refused(
      { $0.tensors[lstm.inputs[19]].data = [UInt8](repeating: 1, count: 32) },
      "with a cell state that does not start at zero")
    refused(
      {
        $0.tensors[lstm.inputs[6]].quantization?.scales = [Float](repeating: 0.01, count: 16)
        $0.tensors[lstm.inputs[6]].quantization?.zeroPoints = [Int64](repeating: 0, count: 16)
      },
      "whose weights (input 6) are not per-tensor with zero point 0, as TFLite's integer kernel "
        + "needs")
    refused(
      { $0.tensors[lstm.inputs[13]].typeCode = TFLiteTensorType.int8.rawValue },
      "whose input 13 is not an INT32 constant")
  }

  /// The runtime's prepare refuses an LSTM whose operands it cannot run,
  /// naming the operator: weights of the wrong shape, per-channel weights,
  /// float32 operands (the op is int8 only).
  func testRuntimeRefusesBadOperands() throws {
    let imported = try TFLiteImporter.importModel(try fixture(), file: "fused_lstm_int8.tflite")
    guard case .int8(let definition) = imported.content else { return XCTFail("not int8") }
    let lstm = definition.subgraphs[0].operators[0]
    func prepareError(_ edit: (inout ModelDefinition) -> Void) -> GMLError? {
      var d = definition
      edit(&d)
      let bytes = ModelWriter.write(d)
      return bytes.withUnsafeBytes { raw -> GMLError? in
        do throws(GMLError) {
          _ = try Interpreter(model: try Model(verifying: raw))
          return nil
        } catch { return error }
      }
    }
    let recurrent = Int(lstm.inputs[6])
    let shape = prepareError { $0.subgraphs[0].tensors[recurrent].shape = [8, 32] }
    XCTAssertEqual(shape?.kind, .shapeMismatch)
    XCTAssertEqual(shape?.location, .op(0))
    let perChannel = prepareError {
      $0.subgraphs[0].tensors[recurrent].quantization = QuantizationDefinition(
        scales: [Float](repeating: 0.01, count: 16), zeroPoints: [Int64](repeating: 0, count: 16),
        axis: 0)
    }
    XCTAssertEqual(perChannel?.kind, .invalidQuantization)
    let float = prepareError {
      for t in [lstm.inputs[0], lstm.outputs[0]] {
        $0.subgraphs[0].tensors[Int(t)].type = .float32
        $0.subgraphs[0].tensors[Int(t)].quantization = nil
      }
    }
    XCTAssertEqual(float?.kind, .unsupportedType)
  }
}
