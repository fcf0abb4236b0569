// GMLCommandLineTests/CommandTests+RunInt8.swift — `gml run` on int8 edges: float32 quantized in and out, or --raw int8.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLTestSupport
import XCTest

final class RunInt8CommandTests: XCTestCase {
  var scratch: TemporaryDirectory!

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  /// x int8[1, 4] (0.05, -3) → FULLY_CONNECTED (per-channel weights, int32
  /// bias) → y int8[1, 3] (0.1, 5); with `floatEdges`, float32 x and y
  /// around it through QUANTIZE and DEQUANTIZE ops.
  private func writeDense(floatEdges: Bool) throws -> String {
    func q(_ scales: [Float], _ zeroPoints: [Int64]) -> QuantizationDefinition {
      QuantizationDefinition(scales: scales, zeroPoints: zeroPoints)
    }
    var tensors = [
      TensorDefinition(name: "x_q", shape: [1, 4], type: .int8, quantization: q([0.05], [-3])),
      TensorDefinition(
        name: "w", shape: [3, 4], type: .int8, buffer: 1,
        quantization: q([0.01, 0.02, 0.005], [0, 0, 0])),
      TensorDefinition(
        name: "b", shape: [3], type: .int32, buffer: 2,
        quantization: q([0.0005, 0.001, 0.00025], [0, 0, 0])),
      TensorDefinition(name: "y_q", shape: [1, 3], type: .int8, quantization: q([0.1], [5])),
    ]
    var ops = [
      OperatorDefinition(
        opcode: .fullyConnected, inputs: [0, 1, 2], outputs: [3],
        options: .fullyConnected(activation: .none, keepNumDims: false))
    ]
    var (inputs, outputs): ([Int32], [Int32]) = ([0], [3])
    if floatEdges {
      tensors += [
        TensorDefinition(name: "x", shape: [1, 4], type: .float32),
        TensorDefinition(name: "y", shape: [1, 3], type: .float32),
      ]
      ops.insert(OperatorDefinition(opcode: .quantize, inputs: [4], outputs: [0]), at: 0)
      ops.append(OperatorDefinition(opcode: .dequantize, inputs: [3], outputs: [5]))
      (inputs, outputs) = ([4], [5])
    }
    let weights: [Int8] = [10, -20, 30, 127, -127, 0, 5, 9, 1, 2, 3, 4]
    let bias: [Int32] = [100, -50, 7]
    let model = ModelDefinition(
      subgraphs: [
        SubgraphDefinition(tensors: tensors, inputs: inputs, outputs: outputs, operators: ops)
      ],
      buffers: [
        [], weights.map { UInt8(bitPattern: $0) },
        bias.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } },
      ])
    let path = scratch.path(floatEdges ? "dense-float-edges.gml" : "dense-int8.gml")
    try Data(ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
    return path
  }

  private func read(_ path: String) throws -> NumPyArray {
    try NPY.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
  }

  /// Float in and out by default: the same bits as the model that does
  /// its own QUANTIZE and DEQUANTIZE.
  func testFloatEdgesMatchQuantizeAndDequantizeOps() throws {
    let x = try scratch.writeNPY(
      "x.npy", try NumPyArray(float32: [0.5, -0.25, 1.0, 0.125], shape: Shape([1, 4])))
    let (a, b) = (scratch.path("a.npy"), scratch.path("b.npy"))
    let result = assertExecute(
      ["run", try writeDense(floatEdges: false), "-i", x, "-o", a], exitCode: 0)
    XCTAssertEqual(result.stdout, "wrote \(a): float32[1, 3]\n")
    assertExecute(["run", try writeDense(floatEdges: true), "-i", x, "-o", b], exitCode: 0)
    XCTAssertEqual(try read(a).type, .float32)
    XCTAssertEqual(try read(a), try read(b))
  }

  /// --raw: int8 in, int8 out, unchanged; dequantized, the same numbers
  /// the float run writes.
  func testRawPassesInt8() throws {
    let model = try writeDense(floatEdges: false)
    let xf = try scratch.writeNPY(
      "x.npy", try NumPyArray(float32: [0.5, -0.25, 1.0, 0.125], shape: Shape([1, 4])))
    // round(x / 0.05) - 3, half away from zero: 10-3, -5-3, 20-3, 2.5→3, -3.
    let xq = try scratch.writeNPY(
      "xq.npy", try NumPyArray(int8: [7, -8, 17, 0], shape: Shape([1, 4])))
    let (f, r) = (scratch.path("f.npy"), scratch.path("r.npy"))
    assertExecute(["run", model, "-i", xf, "-o", f], exitCode: 0)
    let result = assertExecute(["run", model, "-i", xq, "-o", r, "--raw"], exitCode: 0)
    XCTAssertEqual(result.stdout, "wrote \(r): int8[1, 3]\n")
    let raw = try XCTUnwrap(try read(r).int8Values())
    let floats = try XCTUnwrap(try read(f).float32Values())
    XCTAssertEqual(raw.map { Float(Int32($0) - 5) * 0.1 }, floats)
  }

  func testEdgeTypeMismatchesSayWhatIsExpected() throws {
    let model = try writeDense(floatEdges: false)
    let xf = try scratch.writeNPY(
      "x.npy", try NumPyArray(float32: [0, 0, 0, 0], shape: Shape([1, 4])))
    let xq = try scratch.writeNPY(
      "xq.npy", try NumPyArray(int8: [0, 0, 0, 0], shape: Shape([1, 4])))
    var result = assertExecute(["run", model, "-i", xq, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertEqual(
      result.stderr,
      "\(xq): error: input mismatch: input 0 'x_q' of \(model) expects float32[1, 4] "
        + "(quantized to int8; --raw passes int8), the file holds int8[1, 4]\n")
    result = assertExecute(
      ["run", model, "-i", xf, "-o", scratch.path("y.npy"), "--raw"], exitCode: 1)
    XCTAssertEqual(
      result.stderr,
      "\(xf): error: input mismatch: input 0 'x_q' of \(model) expects int8[1, 4] "
        + "(--raw: int8 as it is), the file holds float32[1, 4]\n")
  }

  func testHelpDescribesRaw() {
    let result = assertExecute(["run", "--help"], exitCode: 0)
    XCTAssertTrue(result.stdout.contains("--raw"), result.stdout)
    XCTAssertTrue(result.stdout.contains("without (de)quantizing"), result.stdout)
  }
}
