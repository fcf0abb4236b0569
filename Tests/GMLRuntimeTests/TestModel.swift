// GMLRuntimeTests/TestModel.swift — small .gml models for interpreter tests, built with ModelWriter.
import GMLCore
import GMLFormat
import GMLRuntime
import XCTest

/// Builds a one-graph model tensor by tensor and op by op.
struct TestModel {
  var tensors: [TensorDefinition] = []
  var buffers: [[UInt8]] = [[]]
  var operators: [OperatorDefinition] = []
  var inputs: [Int32] = []
  var outputs: [Int32] = []
  var memoryPlan: MemoryPlanDefinition?
  var roundingMode = RoundingMode.doubleRounding

  /// Adds an activation tensor; returns its index.
  mutating func tensor(_ name: String, _ shape: [Int32], _ type: ElementType = .float32) -> Int32 {
    tensors.append(TensorDefinition(name: name, shape: shape, type: type))
    return Int32(tensors.count - 1)
  }

  /// Adds a float32 constant; returns its index.
  mutating func constant(_ name: String, _ shape: [Int32], _ values: [Float]) -> Int32 {
    buffers.append(floatBytes(values))
    tensors.append(
      TensorDefinition(
        name: name, shape: shape, type: .float32, buffer: UInt32(buffers.count - 1)))
    return Int32(tensors.count - 1)
  }

  mutating func op(
    _ code: OpCode, _ inputs: [Int32], _ outputs: [Int32], _ options: OpOptions = .none
  ) {
    operators.append(
      OperatorDefinition(opcode: code, inputs: inputs, outputs: outputs, options: options))
  }

  var definition: ModelDefinition {
    ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          tensors: tensors, inputs: inputs, outputs: outputs, operators: operators,
          memoryPlan: memoryPlan)
      ], buffers: buffers, roundingMode: roundingMode)
  }

  var bytes: [UInt8] { ModelWriter.write(definition) }
}

/// The little-endian bytes of `values`.
func floatBytes(_ values: [Float]) -> [UInt8] {
  values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
}

/// Verifies `bytes`, prepares an interpreter and passes it to `body`.
func withInterpreter<R>(
  _ bytes: [UInt8], options: Interpreter.Options = Interpreter.Options(),
  _ body: (inout Interpreter) throws -> R
) throws -> R {
  try bytes.withUnsafeBytes { raw in
    let model = try Model(verifying: raw)
    var interpreter = try Interpreter(model: model, options: options)
    return try body(&interpreter)
  }
}

/// The error preparing `bytes` throws, or nil if it prepares.
func prepareError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line)
  -> GMLError?
{
  bytes.withUnsafeBytes { raw in
    do throws(GMLError) {
      let model = try Model(verifying: raw)
      _ = try Interpreter(model: model)
      return nil
    } catch {
      return error
    }
  }
}

/// Runs the model once on `inputs` (one float array per graph input).
/// - Returns: every output as floats.
func runModel(_ bytes: [UInt8], _ inputs: [[Float]]) throws -> [[Float]] {
  try withInterpreter(bytes) { interpreter in
    for (k, values) in inputs.enumerated() { try interpreter.copyInput(values, at: k) }
    try interpreter.invoke()
    return try (0..<interpreter.outputCount).map { try interpreter.copyOutputFloats(at: $0) }
  }
}

/// Checks two float arrays within `tolerance`, naming the first element that differs.
func assertClose(
  _ actual: [Float], _ expected: [Float], tolerance: Float, file: StaticString = #filePath,
  line: UInt = #line
) {
  XCTAssertEqual(actual.count, expected.count, "element count", file: file, line: line)
  for i in 0..<min(actual.count, expected.count) where !(abs(actual[i] - expected[i]) <= tolerance)
  {
    XCTFail("element \(i): \(actual[i]) != \(expected[i])", file: file, line: line)
    return
  }
}
