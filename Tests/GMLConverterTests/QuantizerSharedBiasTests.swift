// GMLConverterTests/QuantizerSharedBiasTests.swift — a bias shared by FULLY_CONNECTED ops with different input scales gets a copy per scale.
import GMLCore
import GMLFormat
import GMLNumPy
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class QuantizerSharedBiasTests: XCTestCase {
  /// Two Dense nodes share weights and bias (as one Dense applied at every
  /// step of an unrolled GRU does); the second one's input has ten times
  /// the range. Each FULLY_CONNECTED reads an int32 bias whose scales are
  /// its own input scale times the weight scales, and the int8 model's
  /// output stays within a few steps of the float one.
  func testEachConsumerGetsItsOwnBiasScale() throws {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let json = """
      {"format": "gml-float", "version": 1, "name": "shared_bias",
       "inputs": [{"name": "x", "shape": [1, 4], "dtype": "float32"}],
       "outputs": ["y3"],
       "tensors": {
         "w": {"shape": [4, 4], "data": [0.5, -0.3, 0.2, 0.1, -0.4, 0.6, 0.1, 0.2,
                                         0.3, 0.2, -0.5, 0.4, 0.1, -0.1, 0.3, -0.6]},
         "b": {"shape": [4], "data": [0.25, -0.5, 0.125, 0.75]},
         "ten": {"shape": [1], "data": [10]}},
       "nodes": [
         {"name": "d1", "op": "Dense", "inputs": ["x", "w", "b"], "outputs": ["y1"]},
         {"name": "m", "op": "Mul", "inputs": ["y1", "ten"], "outputs": ["y2"]},
         {"name": "d2", "op": "Dense", "inputs": ["y2", "w", "b"], "outputs": ["y3"]}]}
      """
    let path = scratch.path("shared_bias.json")
    try Data(json.utf8).write(to: URL(fileURLWithPath: path))
    var rng = SplitMix64(seed: 3)
    let samples = (0..<64).map { _ in Float.random(in: -1...1, using: &rng) }
    let calibration = scratch.path("calibration.npy")
    try OutputFile.write(
      NPY.write(try NumPyArray(float32: samples, shape: Shape([16, 4]))), to: calibration)
    let output = scratch.path("shared_bias.gml")
    _ = try Converter.convert(
      input: path, output: output,
      options: ConversionOptions(quantize: .int8, calibration: calibration))
    let bytes = try OutputFile.read(output)
    let model = try bytes.withUnsafeBytes { try Model(verifying: $0).definition() }
    let g = try XCTUnwrap(model.subgraphs.first)
    let fcs = g.operators.filter { $0.opcode == .fullyConnected }
    XCTAssertEqual(fcs.count, 2)
    XCTAssertNotEqual(fcs[0].inputs[2], fcs[1].inputs[2], "the second FC has a bias of its own")
    for fc in fcs {
      let input = try XCTUnwrap(g.tensors[Int(fc.inputs[0])].quantization?.scales.first)
      let weights = try XCTUnwrap(g.tensors[Int(fc.inputs[1])].quantization?.scales)
      let bias = try XCTUnwrap(g.tensors[Int(fc.inputs[2])].quantization?.scales)
      XCTAssertEqual(bias, weights.map { input * $0 }, fc.name)
    }
    let x: [Float] = [0.3, -0.7, 0.9, -0.2]
    let float = scratch.path("shared_bias_float.gml")
    _ = try Converter.convert(input: path, output: float)
    let want = try runModelFile(float, x)
    let got = try runModelFile(output, x)
    let scale = try XCTUnwrap(g.tensors[Int(fcs[1].outputs[0])].quantization?.scales.first)
    for (a, b) in zip(got, want) { XCTAssertEqual(a, b, accuracy: 3 * scale) }
  }
}
