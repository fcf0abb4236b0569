// GMLConverterTests/TFLiteTestWriter+Tables.swift — the TFLite tables: operator codes, subgraph, tensors, quantization, operators, options.
import GMLFlatBuffers

@testable import GMLConverter

extension TFLiteTestWriter {
  typealias S = TFLiteSchema

  /// An `operator_codes` entry.
  struct CodeKey: Hashable {
    var builtinCode: Int32
    var customCode: String?
    var version: Int32
  }

  /// The distinct operator codes in first-use order, and each operator's
  /// index into them (or its `opcodeIndex` override).
  func operatorCodes(_ model: TFLiteModel) -> ([CodeKey], [[UInt32]]) {
    var codes: [CodeKey] = []
    var indices: [[UInt32]] = []
    for (k, operators) in ([model.operators] + model.subgraphs.map(\.operators)).enumerated() {
      var these: [UInt32] = []
      for (i, op) in operators.enumerated() {
        let key = CodeKey(
          builtinCode: op.builtinCode, customCode: op.customCode, version: op.version)
        let index = codes.firstIndex(of: key) ?? codes.count
        if index == codes.count { codes.append(key) }
        these.append(k == 0 ? opcodeIndex[i] ?? UInt32(index) : UInt32(index))
      }
      indices.append(these)
    }
    return (codes, indices)
  }

  func writeOperatorCode(_ b: inout Builder, _ code: CodeKey) -> Offset {
    typealias C = S.OperatorCode
    let custom = code.customCode.map { b.createString($0) }
    b.startTable()
    let deprecated = Int8(truncatingIfNeeded: min(code.builtinCode, 127))
    if opcodeStyle != .builtinOnly { b.add(deprecated, default: 0, slot: C.deprecatedBuiltinCode) }
    if let custom { b.add(custom, slot: C.customCode) }
    b.add(code.version, default: C.defaultVersion, slot: C.version)
    if opcodeStyle != .deprecatedOnly { b.add(code.builtinCode, default: 0, slot: C.builtinCode) }
    return b.endTable()
  }

  func writeSubgraph(_ b: inout Builder, _ model: TFLiteModel, _ opcodeOf: [UInt32]) -> Offset {
    let main = TFLiteSubgraph(
      name: model.name, tensors: model.tensors, inputs: model.inputs, outputs: model.outputs,
      operators: model.operators)
    return writeSubgraph(&b, main, buffers: tensorBuffers(model), opcodeOf, raw: rawOptions)
  }

  /// Subgraph `g`, its tensors referring to `buffers`, its operators to
  /// the operator codes `opcodeOf`.
  func writeSubgraph(
    _ b: inout Builder, _ g: TFLiteSubgraph, buffers: [UInt32], _ opcodeOf: [UInt32],
    raw: [Int: (inout Builder) -> (type: UInt8, table: Offset?)] = [:]
  ) -> Offset {
    var tensors: [Offset] = []
    for (tensor, buffer) in zip(g.tensors, buffers) {
      tensors.append(writeTensor(&b, tensor, buffer: buffer))
    }
    var operators: [Offset] = []
    for (i, (op, code)) in zip(g.operators, opcodeOf).enumerated() {
      operators.append(writeOperator(&b, op, opcodeIndex: code, raw: raw[i]))
    }
    let tensorVector = b.createVector(offsets: tensors)
    let inputs = b.createVector(g.inputs.map { Int32(truncatingIfNeeded: $0) })
    let outputs = b.createVector(g.outputs.map { Int32(truncatingIfNeeded: $0) })
    let operatorVector = b.createVector(offsets: operators)
    let name = g.name.isEmpty ? nil : b.createString(g.name)
    b.startTable()
    b.add(tensorVector, slot: S.SubGraph.tensors)
    b.add(inputs, slot: S.SubGraph.inputs)
    b.add(outputs, slot: S.SubGraph.outputs)
    b.add(operatorVector, slot: S.SubGraph.operators)
    if let name { b.add(name, slot: S.SubGraph.name) }
    return b.endTable()
  }

  func writeTensor(_ b: inout Builder, _ tensor: TFLiteTensor, buffer: UInt32) -> Offset {
    typealias T = S.Tensor
    let shape = b.createVector(tensor.shape.map { Int32(truncatingIfNeeded: $0) })
    let name = b.createString(tensor.name)
    let quantization = tensor.quantization.map { writeQuantization(&b, $0) }
    var sparsity: Offset?
    if tensor.isSparse {
      b.startTable()
      sparsity = b.endTable()
    }
    let signature = tensor.shapeSignature.map {
      b.createVector($0.map { Int32(truncatingIfNeeded: $0) })
    }
    b.startTable()
    b.add(shape, slot: T.shape)
    b.add(tensor.typeCode, default: 0, slot: T.type)
    b.add(buffer, default: 0, slot: T.buffer)
    b.add(name, slot: T.name)
    if let quantization { b.add(quantization, slot: T.quantization) }
    b.add(tensor.isVariable, default: false, slot: T.isVariable)
    if let sparsity { b.add(sparsity, slot: T.sparsity) }
    if let signature { b.add(signature, slot: T.shapeSignature) }
    return b.endTable()
  }

  func writeQuantization(_ b: inout Builder, _ q: TFLiteQuantization) -> Offset {
    typealias Q = S.Quantization
    let min = q.min.isEmpty ? nil : b.createVector(q.min)
    let max = q.max.isEmpty ? nil : b.createVector(q.max)
    let scale = q.scales.isEmpty ? nil : b.createVector(q.scales)
    let zeroPoint = q.zeroPoints.isEmpty ? nil : b.createVector(q.zeroPoints)
    var details: Offset?
    if q.hasCustomDetails {  // an empty CustomQuantization (member 1)
      b.startTable()
      details = b.endTable()
    }
    b.startTable()
    if let min { b.add(min, slot: Q.min) }
    if let max { b.add(max, slot: Q.max) }
    if let scale { b.add(scale, slot: Q.scale) }
    if let zeroPoint { b.add(zeroPoint, slot: Q.zeroPoint) }
    if let details { b.addUnion(type: 1, value: details, typeSlot: Q.detailsType) }
    b.add(Int32(truncatingIfNeeded: q.quantizedDimension), default: 0, slot: Q.quantizedDimension)
    return b.endTable()
  }

  func writeOperator(
    _ b: inout Builder, _ op: TFLiteOperator, opcodeIndex: UInt32,
    raw: ((inout Builder) -> (type: UInt8, table: Offset?))?
  ) -> Offset {
    typealias O = S.Operator
    let inputs = b.createVector(op.inputs.map { Int32(truncatingIfNeeded: $0) })
    let outputs = b.createVector(op.outputs.map { Int32(truncatingIfNeeded: $0) })
    let intermediates =
      op.intermediates.isEmpty
      ? nil : b.createVector(op.intermediates.map { Int32(truncatingIfNeeded: $0) })
    let options: (type: UInt8, table: Offset?)? =
      raw.map { $0(&b) }
      ?? writeOptions(&b, op.options, code: op.builtinCode).map { ($0.type, $0.table) }
    b.startTable()
    b.add(opcodeIndex, default: 0, slot: O.opcodeIndex)
    b.add(inputs, slot: O.inputs)
    b.add(outputs, slot: O.outputs)
    if let intermediates { b.add(intermediates, slot: O.intermediates) }
    if let options, let table = options.table {
      b.addUnion(type: options.type, value: table, typeSlot: O.builtinOptionsType)
    } else if let options {
      b.add(options.type, default: 0, slot: O.builtinOptionsType)
    }
    return b.endTable()
  }
}
