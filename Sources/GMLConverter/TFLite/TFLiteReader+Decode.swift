// GMLConverter/TFLite/TFLiteReader+Decode.swift — a verified .tflite buffer read into TFLiteModel: model, opcodes, subgraphs, operators.
import GMLFlatBuffers

/// Reads a `.tflite` buffer that `TFLiteStructure` has verified, field by
/// field through `BufferView`, and checks the references between tables as
/// it goes; every refusal names its schema path.
struct TFLiteReader {
  typealias S = TFLiteSchema

  /// The FlatBuffer part of the file (at most 2 GiB − 1), verified.
  let view: BufferView
  let root: Table
  /// The path, for messages.
  let file: String
  /// The whole file: constants stored outside the FlatBuffer lie here.
  let whole: UnsafeRawBufferPointer

  /// One entry of `operator_codes`, resolved.
  struct OperatorCode {
    var builtinCode: Int32
    var customCode: String?
    var version: Int32
  }

  /// The model: version, description, operator codes, and its subgraphs.
  func model() throws(ConversionError) -> TFLiteModel {
    let version: UInt32 = view.scalar(root, slot: S.Model.version, default: 0)
    if version != S.version {
      throw ConversionError(
        file: file, place: "version",
        "schema version \(version) is not supported; expected \(S.version)")
    }
    let codes = try operatorCodes()
    let subgraphCount = view.vectorCount(root, slot: S.Model.subgraphs)
    if subgraphCount == 0 {
      throw ConversionError(file: file, place: "subgraphs", "the model has no subgraphs")
    }
    let main = try subgraph(0, codes: codes)
    var others: [TFLiteSubgraph] = []
    for k in 1..<subgraphCount { others.append(try subgraph(k, codes: codes)) }
    return TFLiteModel(
      version: version, description: view.string(root, slot: S.Model.description) ?? "",
      subgraphCount: subgraphCount, name: main.name, tensors: main.tensors, inputs: main.inputs,
      outputs: main.outputs, operators: main.operators, subgraphs: others)
  }

  /// Subgraph `k`: tensors, inputs, outputs, operators.
  func subgraph(_ k: Int, codes: [OperatorCode]) throws(ConversionError) -> TFLiteSubgraph {
    let g = view.vectorTable(root, slot: S.Model.subgraphs, at: k)
    let place = "subgraphs[\(k)]"
    let tensors = try tensors(g, place: place)
    let inputs = try indices(g, S.SubGraph.inputs, place + ".inputs", count: tensors.count)
    let outputs = try indices(g, S.SubGraph.outputs, place + ".outputs", count: tensors.count)
    var operators: [TFLiteOperator] = []
    let operatorCount = view.vectorCount(g, slot: S.SubGraph.operators)
    operators.reserveCapacity(operatorCount)
    for i in 0..<operatorCount {
      let t = view.vectorTable(g, slot: S.SubGraph.operators, at: i)
      operators.append(
        try op(t, place: "\(place).operators[\(i)]", codes: codes, tensorCount: tensors.count))
    }
    return TFLiteSubgraph(
      name: view.string(g, slot: S.SubGraph.name) ?? "", tensors: tensors, inputs: inputs,
      outputs: outputs, operators: operators)
  }

  /// `operator_codes`, each resolved as TFLite's `GetBuiltinCode` does: the
  /// larger of `builtin_code` and `deprecated_builtin_code`.
  func operatorCodes() throws(ConversionError) -> [OperatorCode] {
    typealias C = S.OperatorCode
    let count = view.vectorCount(root, slot: S.Model.operatorCodes)
    var codes: [OperatorCode] = []
    codes.reserveCapacity(count)
    for i in 0..<count {
      let t = view.vectorTable(root, slot: S.Model.operatorCodes, at: i)
      let place = "operator_codes[\(i)]"
      let deprecated: Int8 = view.scalar(t, slot: C.deprecatedBuiltinCode, default: 0)
      let builtin: Int32 = view.scalar(t, slot: C.builtinCode, default: 0)
      if deprecated < 0 {
        throw ConversionError(
          file: file, place: place + ".deprecated_builtin_code",
          "negative operator code \(deprecated)")
      }
      if builtin < 0 {
        throw ConversionError(
          file: file, place: place + ".builtin_code", "negative operator code \(builtin)")
      }
      let code = max(builtin, Int32(deprecated))
      var custom: String?
      if code == TFLiteBuiltin.custom {
        guard let name = view.string(t, slot: C.customCode) else {
          throw ConversionError(
            file: file, place: place + ".custom_code", "a CUSTOM operator code has no custom_code")
        }
        custom = name
      }
      codes.append(
        OperatorCode(
          builtinCode: code, customCode: custom,
          version: view.scalar(t, slot: C.version, default: C.defaultVersion)))
    }
    return codes
  }

  /// Operator `t`: its opcode, tensor indices and options.
  func op(_ t: Table, place: String, codes: [OperatorCode], tensorCount: Int)
    throws(ConversionError) -> TFLiteOperator
  {
    let index: UInt32 = view.scalar(t, slot: S.Operator.opcodeIndex, default: 0)
    guard Int(index) < codes.count else {
      throw ConversionError(
        file: file, place: place + ".opcode_index",
        "operator code index \(index) is out of range: the model has \(codes.count) operator "
          + "codes")
    }
    let code = codes[Int(index)]
    return TFLiteOperator(
      builtinCode: code.builtinCode, customCode: code.customCode, version: code.version,
      inputs: try indices(
        t, S.Operator.inputs, place + ".inputs", count: tensorCount, optional: true),
      outputs: try indices(t, S.Operator.outputs, place + ".outputs", count: tensorCount),
      options: try options(t, place: place),
      intermediates: try indices(
        t, S.Operator.intermediates, place + ".intermediates", count: tensorCount))
  }

  /// Tensor-index vector `slot` of `t`: each in `0..<count`, or -1 when
  /// `optional` (an absent optional operator input).
  func indices(_ t: Table, _ slot: Int, _ place: String, count: Int, optional: Bool = false)
    throws(ConversionError) -> [Int]
  {
    let values = ints(t, slot)
    for (i, value) in values.enumerated() where value < 0 || value >= count {
      if optional && value == -1 { continue }
      throw ConversionError(
        file: file, place: "\(place)[\(i)]",
        "tensor index \(value) is out of range: the subgraph has \(count) tensors"
          + (optional ? " (-1 marks an absent optional input)" : ""))
    }
    return values
  }

  /// Int32 vector field `slot` of `t` as `Int`s; empty when absent.
  func ints(_ t: Table, _ slot: Int) -> [Int] {
    let count = view.vectorCount(t, slot: slot)
    var values: [Int] = []
    values.reserveCapacity(count)
    for i in 0..<count { values.append(Int(view.vectorElement(t, slot: slot, at: i, Int32.self))) }
    return values
  }
}
