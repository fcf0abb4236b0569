// GMLConverter/TFLite/TFLiteReader+Verify.swift — FlatBuffers verification of every TFLite table the reader reads, tracking the path.
import GMLCore
import GMLFlatBuffers

/// Structural verification of a `.tflite` buffer: every table, vector and
/// string the reader reads is checked for bounds and alignment with
/// `Verifier`, as the `Verify` methods `flatc --cpp` generates would, so
/// that `BufferView` reads afterwards stay inside the buffer. Fields the
/// reader never reads (metadata, signatures, sparsity and quantization
/// details contents, custom options, options of other operators) are not
/// visited; their tables' headers are, where a union or sub-table holds them.
///
/// A class, so the closures given to the verifier share one `trail`: the
/// schema path being verified, which names the place of a failure.
final class TFLiteStructure {
  typealias V = Verifier
  typealias S = TFLiteSchema

  /// One step of the path: a field name, or an index into a vector.
  enum Step {
    case field(StaticString)
    case index(Int)
  }

  /// The path of the field being verified; left as it was on failure.
  private(set) var trail: [Step] = []

  /// The path as text: `subgraphs[0].tensors[3].shape`.
  var place: String {
    var text = ""
    for step in trail {
      switch step {
      case .field(let name): text += (text.isEmpty ? "" : ".") + name.description
      case .index(let i): text += "[\(i)]"
      }
    }
    return text
  }

  /// Verifies the root `Model` and everything below it the reader reads.
  func verify(_ v: inout V) throws(GMLError) -> Table {
    let root = try v.verifyRoot()
    try scalar(&v, root, S.Model.version, "version", UInt32.self)
    try tables(&v, root, S.Model.operatorCodes, "operator_codes") {
      (v: inout V, t: Table) throws(GMLError) in
      try self.scalar(
        &v, t, S.OperatorCode.deprecatedBuiltinCode, "deprecated_builtin_code", Int8.self)
      try self.string(&v, t, S.OperatorCode.customCode, "custom_code")
      try self.scalar(&v, t, S.OperatorCode.version, "version", Int32.self)
      try self.scalar(&v, t, S.OperatorCode.builtinCode, "builtin_code", Int32.self)
    }
    try tables(&v, root, S.Model.subgraphs, "subgraphs") {
      (v: inout V, t: Table) throws(GMLError) in
      try self.subgraph(&v, t)
    }
    try string(&v, root, S.Model.description, "description")
    try tables(&v, root, S.Model.buffers, "buffers") { (v: inout V, t: Table) throws(GMLError) in
      try self.vector(&v, t, S.Buffer.data, "data", elementSize: 1)
      try self.scalar(&v, t, S.Buffer.offset, "offset", UInt64.self)
      try self.scalar(&v, t, S.Buffer.size, "size", UInt64.self)
    }
    return root
  }

  func subgraph(_ v: inout V, _ t: Table) throws(GMLError) {
    try tables(&v, t, S.SubGraph.tensors, "tensors") { (v: inout V, t: Table) throws(GMLError) in
      try self.tensor(&v, t)
    }
    try vector(&v, t, S.SubGraph.inputs, "inputs", elementSize: 4)
    try vector(&v, t, S.SubGraph.outputs, "outputs", elementSize: 4)
    try tables(&v, t, S.SubGraph.operators, "operators") {
      (v: inout V, t: Table) throws(GMLError) in
      try self.scalar(&v, t, S.Operator.opcodeIndex, "opcode_index", UInt32.self)
      try self.vector(&v, t, S.Operator.inputs, "inputs", elementSize: 4)
      try self.vector(&v, t, S.Operator.outputs, "outputs", elementSize: 4)
      try self.vector(&v, t, S.Operator.intermediates, "intermediates", elementSize: 4)
      self.trail.append(.field("builtin_options"))
      try v.verifyUnion(t, typeSlot: S.Operator.builtinOptionsType) {
        (v: inout V, type: UInt8, o: Table) throws(GMLError) in
        try self.options(&v, type, o)
      }
      self.trail.removeLast()
    }
    try string(&v, t, S.SubGraph.name, "name")
  }

  func tensor(_ v: inout V, _ t: Table) throws(GMLError) {
    try vector(&v, t, S.Tensor.shape, "shape", elementSize: 4)
    try scalar(&v, t, S.Tensor.type, "type", Int8.self)
    try scalar(&v, t, S.Tensor.buffer, "buffer", UInt32.self)
    try string(&v, t, S.Tensor.name, "name")
    trail.append(.field("quantization"))
    try v.verifyTableField(t, slot: S.Tensor.quantization) {
      (v: inout V, q: Table) throws(GMLError) in
      try self.vector(&v, q, S.Quantization.min, "min", elementSize: 4)
      try self.vector(&v, q, S.Quantization.max, "max", elementSize: 4)
      try self.vector(&v, q, S.Quantization.scale, "scale", elementSize: 4)
      try self.vector(&v, q, S.Quantization.zeroPoint, "zero_point", elementSize: 8)
      // Only the member's table header: its fields are never read.
      try v.verifyUnion(q, typeSlot: S.Quantization.detailsType) { _, _, _ throws(GMLError) in }
      try self.scalar(&v, q, S.Quantization.quantizedDimension, "quantized_dimension", Int32.self)
    }
    trail.removeLast()
    try scalar(&v, t, S.Tensor.isVariable, "is_variable", Bool.self)
    trail.append(.field("sparsity"))
    try v.verifyTableField(t, slot: S.Tensor.sparsity) { _, _ throws(GMLError) in }
    trail.removeLast()
    try vector(&v, t, S.Tensor.shapeSignature, "shape_signature", elementSize: 4)
  }

  // MARK: - Field helpers that keep the trail

  func scalar<T: FlatScalar>(
    _ v: inout V, _ t: Table, _ slot: Int, _ name: StaticString, _ type: T.Type
  ) throws(GMLError) {
    trail.append(.field(name))
    try v.verifyScalar(t, slot: slot, type)
    trail.removeLast()
  }

  func string(_ v: inout V, _ t: Table, _ slot: Int, _ name: StaticString) throws(GMLError) {
    trail.append(.field(name))
    try v.verifyString(t, slot: slot)
    trail.removeLast()
  }

  /// A vector of scalars of `elementSize` bytes, aligned to their size.
  func vector(_ v: inout V, _ t: Table, _ slot: Int, _ name: StaticString, elementSize: Int)
    throws(GMLError)
  {
    trail.append(.field(name))
    try v.verifyVector(t, slot: slot, elementSize: elementSize, alignment: elementSize)
    trail.removeLast()
  }

  /// A vector of tables, each element's index on the trail while `body` runs.
  func tables(
    _ v: inout V, _ t: Table, _ slot: Int, _ name: StaticString,
    _ body: (inout V, Table) throws(GMLError) -> Void
  ) throws(GMLError) {
    trail.append(.field(name))
    var index = 0
    try v.verifyTableVector(t, slot: slot) { (v: inout V, element: Table) throws(GMLError) in
      self.trail.append(.index(index))
      index += 1
      try body(&v, element)
      self.trail.removeLast()
    }
    trail.removeLast()
  }
}
