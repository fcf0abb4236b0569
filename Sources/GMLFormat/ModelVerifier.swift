// GMLFormat/ModelVerifier.swift — walks every table of a .gml buffer with the FlatBuffers Verifier.
import GMLCore
import GMLFlatBuffers

/// Structural verification of `schema/gml.fbs`: every table, string and
/// vector that a reader may touch is checked for bounds and alignment.
/// Mirrors the `Verify` methods that `flatc --cpp` generates.
struct ModelVerifier {
  typealias V = Verifier

  /// Reads fields only after the verifier has checked them.
  let view: BufferView

  func verify(_ v: inout V) throws(GMLError) -> Table {
    let root = try v.verifyRoot()
    try v.verifyScalar(root, slot: Slot.Model.formatVersion, UInt32.self)
    try v.verifyTableVector(root, slot: Slot.Model.subgraphs, required: true) {
      (v: inout V, t: Table) throws(GMLError) in try subgraph(&v, t)
    }
    try v.verifyTableVector(root, slot: Slot.Model.buffers, required: true) {
      (v: inout V, t: Table) throws(GMLError) in
      try v.verifyVector(t, slot: Slot.Buffer.data, elementSize: 1, alignment: 1)
    }
    try v.verifyTableField(root, slot: Slot.Model.metadata) {
      (v: inout V, t: Table) throws(GMLError) in try metadata(&v, t)
    }
    try v.verifyScalar(root, slot: Slot.Model.roundingMode, Int8.self)
    return root
  }

  func subgraph(_ v: inout V, _ t: Table) throws(GMLError) {
    try v.verifyString(t, slot: Slot.Subgraph.name)
    try v.verifyTableVector(t, slot: Slot.Subgraph.tensors) {
      (v: inout V, t: Table) throws(GMLError) in try tensor(&v, t)
    }
    try int32Vector(&v, t, Slot.Subgraph.inputs)
    try int32Vector(&v, t, Slot.Subgraph.outputs)
    try v.verifyTableVector(t, slot: Slot.Subgraph.operators) {
      (v: inout V, t: Table) throws(GMLError) in try op(&v, t)
    }
    try v.verifyTableField(t, slot: Slot.Subgraph.memoryPlan) {
      (v: inout V, t: Table) throws(GMLError) in
      try v.verifyScalar(t, slot: Slot.MemoryPlan.arenaSize, UInt64.self)
      try v.verifyScalar(t, slot: Slot.MemoryPlan.alignment, UInt32.self)
      try v.verifyVector(t, slot: Slot.MemoryPlan.offsets, elementSize: 8, alignment: 8)
      try v.verifyScalar(t, slot: Slot.MemoryPlan.inputsReused, Bool.self)
    }
  }

  func tensor(_ v: inout V, _ t: Table) throws(GMLError) {
    try v.verifyString(t, slot: Slot.Tensor.name)
    try int32Vector(&v, t, Slot.Tensor.shape)
    try v.verifyScalar(t, slot: Slot.Tensor.type, Int8.self)
    try v.verifyScalar(t, slot: Slot.Tensor.buffer, UInt32.self)
    try v.verifyTableField(t, slot: Slot.Tensor.quantization) {
      (v: inout V, q: Table) throws(GMLError) in
      try v.verifyVector(q, slot: Slot.Quantization.scale, elementSize: 4, alignment: 4)
      try v.verifyVector(q, slot: Slot.Quantization.zeroPoint, elementSize: 8, alignment: 8)
      try v.verifyScalar(q, slot: Slot.Quantization.quantizedDimension, Int32.self)
      try v.verifyVector(q, slot: Slot.Quantization.min, elementSize: 4, alignment: 4)
      try v.verifyVector(q, slot: Slot.Quantization.max, elementSize: 4, alignment: 4)
    }
  }

  func op(_ v: inout V, _ t: Table) throws(GMLError) {
    try v.verifyScalar(t, slot: Slot.Operator.opcode, UInt16.self)
    try int32Vector(&v, t, Slot.Operator.inputs)
    try int32Vector(&v, t, Slot.Operator.outputs)
    try v.verifyScalar(t, slot: Slot.Operator.optionsType, UInt8.self)
    let raw: UInt8 = view.scalar(t, slot: Slot.Operator.optionsType, default: 0)
    guard let type = OpOptionsType(rawValue: raw) else {
      throw GMLError(.unsupportedOp, at: .byteOffset(t.position), "unknown operator options type")
    }
    try v.verifyTableField(t, slot: Slot.Operator.options) {
      (v: inout V, o: Table) throws(GMLError) in try options(type, &v, o)
    }
    try v.verifyString(t, slot: Slot.Operator.name)
  }

  func metadata(_ v: inout V, _ t: Table) throws(GMLError) {
    try v.verifyString(t, slot: Slot.Metadata.producer)
    try v.verifyString(t, slot: Slot.Metadata.producerVersion)
    try v.verifyString(t, slot: Slot.Metadata.sourceDigest)
    try v.verifyString(t, slot: Slot.Metadata.sourceName)
    try v.verifyTableField(t, slot: Slot.Metadata.calibration) {
      (v: inout V, c: Table) throws(GMLError) in
      try v.verifyString(c, slot: Slot.CalibrationSummary.method)
      try v.verifyScalar(c, slot: Slot.CalibrationSummary.sampleCount, UInt32.self)
      try v.verifyScalar(c, slot: Slot.CalibrationSummary.percentile, Float.self)
      try v.verifyString(c, slot: Slot.CalibrationSummary.source)
    }
    try v.verifyTableVector(t, slot: Slot.Metadata.entries) {
      (v: inout V, e: Table) throws(GMLError) in
      try v.verifyString(e, slot: Slot.KeyValue.key, required: true)
      try v.verifyString(e, slot: Slot.KeyValue.value)
    }
  }

  func int32Vector(_ v: inout V, _ t: Table, _ slot: Int) throws(GMLError) {
    try verifyVector(&v, t, slot, elementSize: 4)
  }

  /// A vector of scalars of `elementSize` bytes, aligned to their size.
  func verifyVector(_ v: inout V, _ t: Table, _ slot: Int, elementSize: Int) throws(GMLError) {
    try v.verifyVector(t, slot: slot, elementSize: elementSize, alignment: elementSize)
  }
}
