// GMLCommandLineTests/CommandTests+Run.swift — `gml run`: input and output checks, float models end to end, unsupported ops.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLTestSupport
import XCTest

extension TemporaryDirectory {
  /// Writes `array` as `name` in this folder; returns its path.
  func writeNPY(_ name: String, _ array: NumPyArray) throws -> String {
    let path = self.path(name)
    try Data(NPY.write(array)).write(to: URL(fileURLWithPath: path))
    return path
  }
}

/// A float32 image of the sample model's input shape, or of `shape`.
func sampleImage(_ shape: [Int] = [1, 8, 8, 1]) throws -> NumPyArray {
  let count = shape.reduce(1, *)
  return try NumPyArray(float32: (0..<count).map { Float($0) / 64 }, shape: Shape(shape))
}

final class RunCommandTests: XCTestCase {
  var scratch: TemporaryDirectory!

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  /// Two float32[1, 4] inputs, `ADD` twice: out = (a + b) + b.
  private func writeTwoInputModel() throws -> String {
    let tensors = ["a", "b", "sum", "out"].map {
      TensorDefinition(name: $0, shape: [1, 4], type: .float32)
    }
    let add = OpOptions.elementwise(activation: .none)
    let model = ModelDefinition(subgraphs: [
      SubgraphDefinition(
        tensors: tensors, inputs: [0, 1], outputs: [3],
        operators: [
          OperatorDefinition(opcode: .add, inputs: [0, 1], outputs: [2], options: add),
          OperatorDefinition(opcode: .add, inputs: [2, 1], outputs: [3], options: add),
        ])
    ])
    let path = scratch.path("two-inputs.gml")
    try Data(ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
    return path
  }

  func testWrongNumberOfInputsIsAUsageError() throws {
    let x = try scratch.writeNPY("x.npy", try sampleImage())
    let out = scratch.path("y.npy")
    assertUsageError(
      ["run", samplePath, "-i", x, "--input", x, "-o", out],
      "the model has 1 input(s) but 2 --input given", command: "gml run")
    let model = try writeTwoInputModel()
    let a = try scratch.writeNPY(
      "a.npy", try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([1, 4])))
    assertUsageError(
      ["run", model, "-i", a, "-o", out], "the model has 2 input(s) but 1 --input given",
      command: "gml run")
  }

  func testInputOfWrongShape() throws {
    let x = try scratch.writeNPY("flat.npy", try sampleImage([1, 64]))
    let result = assertExecute(
      ["run", samplePath, "-i", x, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertEqual(result.stdout, "")
    XCTAssertEqual(
      result.stderr,
      "\(x): error: input mismatch: input 0 'image' of \(samplePath) expects "
        + "float32[1, 8, 8, 1], the file holds float32[1, 64]\n")
  }

  func testInputOfWrongType() throws {
    let x = try scratch.writeNPY(
      "int8.npy", try NumPyArray(int8: Array(repeating: 1, count: 64), shape: Shape([1, 8, 8, 1])))
    let result = assertExecute(
      ["run", samplePath, "-i", x, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(x): error: input mismatch: "), result.stderr)
    XCTAssertTrue(result.stderr.contains("expects float32[1, 8, 8, 1]"), result.stderr)
    XCTAssertTrue(result.stderr.contains("the file holds int8[1, 8, 8, 1]"), result.stderr)
  }

  /// The mismatch names the input it is about: the second one here.
  func testMismatchNamesTheRightInput() throws {
    let model = try writeTwoInputModel()
    let a = try scratch.writeNPY(
      "a.npy", try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([1, 4])))
    let b = try scratch.writeNPY("b.npy", try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([4])))
    let result = assertExecute(
      ["run", model, "-i", a, "-i", b, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertTrue(
      result.stderr.hasPrefix("\(b): error: input mismatch: input 1 'b' of \(model) expects "),
      result.stderr)
  }

  /// The int8 sample has float edges (QUANTIZE and DEQUANTIZE inside):
  /// float32 in, probabilities out, the same with or without --raw.
  func testInt8SampleWithFloatEdgesRuns() throws {
    let x = try scratch.writeNPY("x.npy", try sampleImage())
    let (out, raw) = (scratch.path("y.npy"), scratch.path("raw.npy"))
    let result = assertExecute(["run", samplePath, "-i", x, "-o", out], exitCode: 0)
    XCTAssertEqual(result.stdout, "wrote \(out): float32[1, 10]\n")
    assertExecute(["run", samplePath, "-i", x, "-o", raw, "--raw"], exitCode: 0)
    let read = { (p: String) in try NPY.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: p))))
    }
    let probabilities = try XCTUnwrap(try read(out).float32Values())
    XCTAssertEqual(probabilities.count, 10)
    XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 0.05)
    XCTAssertTrue(probabilities.allSatisfy { $0 >= 0 && $0 <= 1 })
    XCTAssertEqual(try read(raw), try read(out))
  }

  /// int16 operands have no kernel: the error names the op.
  func testUnsupportedTypeNamesTheOp() throws {
    let model = ModelDefinition(subgraphs: [
      SubgraphDefinition(
        tensors: ["a", "b"].map { TensorDefinition(name: $0, shape: [2], type: .int16) },
        inputs: [0], outputs: [1],
        operators: [OperatorDefinition(opcode: .add, inputs: [0, 0], outputs: [1], name: "twice")])
    ])
    let path = scratch.path("int16-add.gml")
    try Data(ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
    let a = try scratch.writeNPY(
      "a.npy", try NumPyArray(type: .int16, shape: Shape([2]), bytes: [1, 0, 2, 0]))
    let result = assertExecute(["run", path, "-i", a, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertEqual(
      result.stderr,
      "\(path):op 0: error: unsupported type: ADD 'twice': "
        + "no kernel for these operand types (float32, or int8 with int32 bias)\n")
  }

  /// out = (a + b) + b, written as a .npy numpy can read.
  func testRunsAFloatModelAndWritesItsOutput() throws {
    let model = try writeTwoInputModel()
    let a = try scratch.writeNPY(
      "a.npy", try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([1, 4])))
    let b = try scratch.writeNPY(
      "b.npy", try NumPyArray(float32: [0.5, -1, 10, 0], shape: Shape([1, 4])))
    let out = scratch.path("out.npy")
    let result = assertExecute(["run", model, "-i", a, "-i", b, "-o", out], exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    XCTAssertEqual(result.stdout, "wrote \(out): float32[1, 4]\n")
    let array = try NPY.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
    XCTAssertEqual(array.shape, Shape([1, 4]))
    XCTAssertEqual(array.float32Values(), [2, 0, 23, 4])
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted(),
      ["a.npy", "b.npy", "out.npy", "two-inputs.gml"], "no temporary file is left behind")
  }

  /// A model without inputs (a constant through RELU) and two outputs:
  /// one --output per output, in order.
  func testModelWithoutInputsAndTwoOutputs() throws {
    let model = ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          tensors: [
            TensorDefinition(name: "k", shape: [3], type: .float32, buffer: 1),
            TensorDefinition(name: "y", shape: [3], type: .float32),
          ], inputs: [], outputs: [1, 0],
          operators: [OperatorDefinition(opcode: .relu, inputs: [0], outputs: [1])])
      ],
      buffers: [[], try NumPyArray(float32: [-1, 0.5, 2], shape: Shape([3])).bytes])
    let path = scratch.path("no-inputs.gml")
    try Data(ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
    let (y, k) = (scratch.path("y.npy"), scratch.path("k.npy"))
    assertExecute(["run", path, "-o", y, "--output", k], exitCode: 0)
    let read = { (p: String) in try NPY.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: p))))
    }
    XCTAssertEqual(try read(y).float32Values(), [0, 0.5, 2])
    XCTAssertEqual(try read(k).float32Values(), [-1, 0.5, 2])

    assertUsageError(
      ["run", path, "-o", y], "the model has 2 output(s) but 1 --output given", command: "gml run")
    let x = try scratch.writeNPY("x.npy", try sampleImage())
    assertUsageError(
      ["run", path, "-i", x, "-o", y, "-o", k], "the model has 0 input(s) but 1 --input given",
      command: "gml run")
  }

  func testOutputCountMustMatch() throws {
    let model = try writeTwoInputModel()
    let a = try scratch.writeNPY(
      "a.npy", try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([1, 4])))
    let (y, z) = (scratch.path("y.npy"), scratch.path("z.npy"))
    assertUsageError(
      ["run", model, "-i", a, "-i", a, "-o", y, "-o", z],
      "the model has 1 output(s) but 2 --output given", command: "gml run")
    assertUsageError(
      ["run", model, "-i", a, "-i", a], "missing option '--output <file.npy>'",
      command: "gml run")
    XCTAssertFalse(FileManager.default.fileExists(atPath: y))
  }

  func testUnwritableOutput() throws {
    let model = try writeTwoInputModel()
    let a = try scratch.writeNPY(
      "a.npy", try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([1, 4])))
    let out = scratch.path("no-such-dir/y.npy")
    let result = assertExecute(["run", model, "-i", a, "-i", a, "-o", out], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(out): error: cannot write the file\n")
  }

  func testCorruptOrMissingNPY() throws {
    let bad = scratch.path("bad.npy")
    try Data("not a numpy file".utf8).write(to: URL(fileURLWithPath: bad))
    var result = assertExecute(
      ["run", samplePath, "-i", bad, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(bad):byte 0: error: wrong identifier"), result.stderr)

    let cut = scratch.path("cut.npy")
    try Data(NPY.write(try sampleImage()).dropLast(10)).write(to: URL(fileURLWithPath: cut))
    result = assertExecute(
      ["run", samplePath, "-i", cut, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(cut):"), result.stderr)
    XCTAssertTrue(result.stderr.contains(" error: truncated"), result.stderr)

    let absent = scratch.path("absent.npy")
    result = assertExecute(
      ["run", samplePath, "-i", absent, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(absent): error: no such file\n")

    result = assertExecute(
      ["run", samplePath, "-i", scratch.url.path, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(scratch.url.path): error: is a directory, not a file\n")
  }

  func testMissingModel() throws {
    let x = try scratch.writeNPY("x.npy", try sampleImage())
    let model = scratch.path("absent.gml")
    let result = assertExecute(["run", model, "-i", x, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(model): error: no such file\n")
  }
}
