// GMLRuntimeTests/LiteRTFixture+Model.swift — a LiteRT int8 op fixture (Fixtures/litert-int8/FORMAT.md) as a one-op model.
import GMLCore
import GMLFormat
import GMLTestSupport

extension LiteRTFixture {
  /// The case as a one-operator model: the `const: false` inputs are the
  /// graph inputs (in operand order), constants get buffers, the outputs
  /// are the graph outputs.
  func model() throws -> ModelDefinition {
    guard let opcode = OpCode.allCases.first(where: { $0.schemaName == op }) else {
      throw FixtureError(message: "\(name): unknown op \(op)")
    }
    var tensors: [TensorDefinition] = []
    var buffers: [[UInt8]] = [[]]
    var graphInputs: [Int32] = []
    var operands: [Int32] = []
    for input in inputs {
      guard let input else {
        operands.append(-1)
        continue
      }
      var t = try input.definition()
      if input.const {
        buffers.append(try input.bytes())
        t.buffer = UInt32(buffers.count - 1)
      } else {
        graphInputs.append(Int32(tensors.count))
      }
      operands.append(Int32(tensors.count))
      tensors.append(t)
    }
    let results = Array(Int32(tensors.count)..<Int32(tensors.count + outputs.count))
    tensors += try outputs.map { try $0.definition() }
    let operation = OperatorDefinition(
      opcode: opcode, inputs: operands, outputs: results, options: try opOptions(opcode),
      name: name)
    return ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          tensors: tensors, inputs: graphInputs, outputs: results, operators: [operation])
      ], buffers: buffers)
  }
}

extension FixtureTensor {
  /// The element type named by `type`.
  var elementType: ElementType {
    get throws {
      switch type {
      case "INT8": return .int8
      case "INT32": return .int32
      case "FLOAT32": return .float32
      default: throw FixtureError(message: "\(name): unknown type \(type)")
      }
    }
  }

  /// The tensor's definition, without a buffer.
  func definition() throws -> TensorDefinition {
    let quantization =
      scales.isEmpty
      ? nil
      : QuantizationDefinition(
        scales: scales, zeroPoints: zeroPoints.map { Int64($0) },
        axis: Int32(quantizedDimension))
    return TensorDefinition(
      name: name, shape: shape.map { Int32($0) }, type: try elementType,
      quantization: quantization)
  }

  /// The data as little-endian bytes of the tensor's type.
  func bytes() throws -> [UInt8] {
    switch try elementType {
    case .int8: return ints.map { UInt8(bitPattern: Int8($0)) }
    case .int32:
      return ints.flatMap { v in
        (0..<4).map { UInt8(truncatingIfNeeded: Int32(v) >> (8 * $0)) }
      }
    default:
      return floats.flatMap { v in
        (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) }
      }
    }
  }
}
