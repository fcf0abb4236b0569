// GMLRuntimeTests/LiteRTFixture.swift — reads a LiteRT int8 op fixture (Fixtures/litert-int8/FORMAT.md) into a one-op model.
import Foundation
import GMLCore
import GMLFormat

/// One LiteRT int8 op case: an operator as LiteRT's converter quantized
/// it, its inputs and LiteRT's output from the reference kernels.
struct LiteRTFixture: Decodable {
  /// One tensor of the case; `data` holds integers or float32 values.
  struct Tensor: Decodable {
    var name: String
    var shape: [Int32]
    var type: String
    var const: Bool?
    var scale: [Float]
    var zero_point: [Int64]
    var quantized_dimension: Int32
    var data: [Double]
  }

  /// An options field: an enum name, a number, a flag or a list.
  enum Value: Decodable {
    case string(String)
    case bool(Bool)
    case number(Double)
    case list([Double])

    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let s = try? c.decode(String.self) {
        self = .string(s)
      } else if let b = try? c.decode(Bool.self) {
        self = .bool(b)
      } else if let n = try? c.decode(Double.self) {
        self = .number(n)
      } else {
        self = .list(try c.decode([Double].self))
      }
    }
  }

  var name: String
  var op: String
  var options: [String: Value]?
  var inputs: [Tensor?]
  var outputs: [Tensor]

  /// The converter-made cases, beside this file.
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/litert-int8")

  /// The hand-built edge cases (ties, weight zero points, …).
  static let edgeFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/litert-int8-edge")

  /// Every `*.json` case in `folder`, sorted by file name.
  static func all(in folder: URL = folder) throws -> [LiteRTFixture] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    return try names.map { name in
      let data = try Data(contentsOf: folder.appendingPathComponent(name))
      do {
        return try JSONDecoder().decode(LiteRTFixture.self, from: data)
      } catch {
        throw FixtureError(message: "\(name): \(error)")
      }
    }
  }

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
      if input.const ?? false {
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

/// A fixture that cannot be read or built.
struct FixtureError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

extension LiteRTFixture.Tensor {
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
      scale.isEmpty
      ? nil
      : QuantizationDefinition(scales: scale, zeroPoints: zero_point, axis: quantized_dimension)
    return TensorDefinition(
      name: name, shape: shape, type: try elementType, quantization: quantization)
  }

  /// `data` as little-endian bytes of the tensor's type.
  func bytes() throws -> [UInt8] {
    switch try elementType {
    case .int8: return data.map { UInt8(bitPattern: Int8($0)) }
    case .int32:
      return data.flatMap { v in
        (0..<4).map { UInt8(truncatingIfNeeded: Int32(v) >> (8 * $0)) }
      }
    default:
      return data.flatMap { v in
        (0..<4).map { UInt8(truncatingIfNeeded: Float(v).bitPattern >> (8 * $0)) }
      }
    }
  }
}
