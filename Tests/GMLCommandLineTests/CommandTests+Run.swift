// GMLCommandLineTests/CommandTests+Run.swift — `gml run`: input checks against the model, and the missing-kernels error.
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

  func testValidInputReportsMissingKernels() throws {
    let x = try scratch.writeNPY("x.npy", try sampleImage())
    let out = scratch.path("y.npy")
    let result = assertExecute(["run", samplePath, "-i", x, "-o", out], exitCode: 1)
    XCTAssertEqual(result.stdout, "")
    XCTAssertEqual(
      result.stderr,
      "\(samplePath): error: unsupported op: this build of gml has no kernels yet for QUANTIZE, "
        + "CONV_2D, MAX_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX, DEQUANTIZE; nothing was written\n"
    )
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
  }

  func testModelWithoutInputsNeedsNoInputOption() throws {
    let model = ModelDefinition(subgraphs: [
      SubgraphDefinition(
        tensors: [TensorDefinition(name: "y", shape: [1], type: .float32)], inputs: [],
        outputs: [0], operators: [OperatorDefinition(opcode: .relu, inputs: [0], outputs: [0])])
    ])
    let path = scratch.path("no-inputs.gml")
    try Data(ModelWriter.write(model)).write(to: URL(fileURLWithPath: path))
    let result = assertExecute(["run", path, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertTrue(result.stderr.contains("no kernels yet for RELU"), result.stderr)
    let x = try scratch.writeNPY("x.npy", try sampleImage())
    assertUsageError(
      ["run", path, "-i", x, "-o", "y.npy"], "the model has 0 input(s) but 1 --input given",
      command: "gml run")
  }

  func testMissingKernelsAreListedOnce() throws {
    let model = try writeTwoInputModel()
    let a = try scratch.writeNPY(
      "a.npy", try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([1, 4])))
    let result = assertExecute(
      ["run", model, "-i", a, "-i", a, "-o", scratch.path("y.npy")], exitCode: 1)
    XCTAssertTrue(
      result.stderr.contains("no kernels yet for ADD; nothing was written"), result.stderr)
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
