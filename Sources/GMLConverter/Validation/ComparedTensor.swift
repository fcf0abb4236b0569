// GMLConverter/Validation/ComparedTensor.swift — a model's activation tensors as the comparisons see them, and their values as real numbers.
import GMLCore
import GMLFormat

/// One activation tensor of a `.gml` model (a graph input or an op's
/// output, float32, float16 or int8): where it is and how to read it.
struct ComparedTensor {
  var index: Int
  var name: String
  /// The producing op's schema name, or `INPUT`.
  var op: String
  var isGraphInput: Bool
  var type: ElementType
  /// int8: the per-tensor scale and zero point.
  var scale: Float
  var zero: Float

  var isQuantized: Bool { type == .int8 }

  /// The activations of `model`'s first subgraph, in tensor order
  /// (constants and other types left out).
  static func all(of model: borrowing Model) -> [ComparedTensor] {
    let graph = model.subgraphAt(0)
    var producers: [Int: String] = [:]
    for o in 0..<graph.operatorCount {
      let op = graph.operatorAt(o)
      for t in op.outputs { producers[t] = op.opcode.schemaName }
    }
    let inputs = Set(graph.inputs)
    var result: [ComparedTensor] = []
    for t in 0..<graph.tensorCount {
      let tensor = graph.tensorAt(t)
      guard tensor.buffer == 0, [.float32, .float16, .int8].contains(tensor.type) else { continue }
      guard producers[t] != nil || inputs.contains(t) else { continue }
      let q = tensor.quantization
      result.append(
        ComparedTensor(
          index: t, name: tensor.name, op: producers[t] ?? "INPUT",
          isGraphInput: inputs.contains(t), type: tensor.type, scale: q?.scales.first ?? 1,
          zero: Float(q?.zeroPoints.first ?? 0)))
    }
    return result
  }

  /// The activation named `name` among `all`, preferring a quantized one
  /// when a float and an int8 tensor share it.
  static func named(_ name: String, in all: [ComparedTensor]) -> ComparedTensor? {
    let matches = all.filter { $0.name == name }
    return matches.first(where: \.isQuantized) ?? matches.first
  }

  /// The element count of `bytes` of this tensor.
  func count(_ bytes: UnsafeRawBufferPointer) -> Int {
    switch type {
    case .int8: return bytes.count
    case .float16: return bytes.count / 2
    default: return bytes.count / 4
    }
  }

  /// Writes `bytes` of this tensor as real numbers (int8 dequantized per
  /// tensor, float16 widened) into `values`, which holds at least
  /// `count(bytes)` elements.
  func decode(_ bytes: UnsafeRawBufferPointer, into values: UnsafeMutableBufferPointer<Float>) {
    switch type {
    case .int8:
      for i in 0..<bytes.count { values[i] = scale * (Float(Int8(bitPattern: bytes[i])) - zero) }
    case .float16:
      for i in 0..<bytes.count / 2 {
        values[i] = Float16Conversion.float(
          fromHalf: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian)
      }
    default:
      for i in 0..<bytes.count / 4 {
        values[i] = bytes.loadUnaligned(fromByteOffset: 4 * i, as: Float.self)
      }
    }
  }
}
