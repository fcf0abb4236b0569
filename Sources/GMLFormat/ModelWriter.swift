// GMLFormat/ModelWriter.swift — serialises a ModelDefinition to .gml bytes with aligned constant buffers.
import GMLCore
import GMLFlatBuffers

/// Writes `.gml` files.
///
/// Constant buffers are written first, so they sit at the end of the file,
/// each starting at a file offset that is a multiple of 64 (buffers of 64
/// bytes or more) or 16 (smaller ones, where 64 would mostly be padding).
public enum ModelWriter {
  /// The alignment of a constant buffer of `byteCount` bytes.
  public static func alignment(forBufferOf byteCount: Int) -> Int {
    byteCount >= 64 ? 64 : 16
  }

  /// An upper estimate of `model`'s serialised size, so the builder
  /// rarely grows: a growth copies everything written so far into a new,
  /// zeroed buffer twice the size (fresh pages for a large model).
  static func estimatedSize(of model: ModelDefinition) -> Int {
    var bytes = 4096 + model.buffers.reduce(0) { $0 + $1.count + 64 }
    for g in model.subgraphs {
      bytes += 256 + g.name.utf8.count + 8 * (g.inputs.count + g.outputs.count)
      for t in g.tensors {
        bytes += 96 + t.name.utf8.count + 4 * t.shape.count
        if let q = t.quantization {
          bytes += 96 + 4 * (q.scales.count + q.min.count + q.max.count) + 8 * q.zeroPoints.count
        }
      }
      for op in g.operators {
        bytes += 160 + op.name.utf8.count + 4 * (op.inputs.count + op.outputs.count)
      }
      bytes += 64 + 8 * (g.memoryPlan?.offsets.count ?? 0)
    }
    for e in model.metadata?.entries ?? [] { bytes += 32 + e.key.utf8.count + e.value.utf8.count }
    return bytes + 1024
  }

  /// Serialises `model`.
  /// - Parameter model: the model; `buffers[0]` should be empty.
  /// - Returns: the `.gml` file bytes, with identifier `GML1`.
  public static func write(_ model: ModelDefinition) -> [UInt8] {
    var b = Builder(initialCapacity: estimatedSize(of: model))
    var bufferTables: [Offset] = []
    for data in model.buffers {
      let vector: Offset? =
        data.isEmpty
        ? nil : b.createVector(bytes: data, alignment: alignment(forBufferOf: data.count))
      b.startTable()
      if let vector { b.add(vector, slot: Slot.Buffer.data) }
      bufferTables.append(b.endTable())
    }
    let buffers = b.createVector(offsets: bufferTables)
    let subgraphs = b.createVector(offsets: model.subgraphs.map { writeSubgraph($0, &b) })
    let metadata = model.metadata.map { writeMetadata($0, &b) }

    b.startTable()
    b.add(model.formatVersion, default: 0, slot: Slot.Model.formatVersion)
    b.add(subgraphs, slot: Slot.Model.subgraphs)
    b.add(buffers, slot: Slot.Model.buffers)
    if let metadata { b.add(metadata, slot: Slot.Model.metadata) }
    b.add(model.roundingMode.rawValue, default: 0, slot: Slot.Model.roundingMode)
    let root = b.endTable()
    return b.finish(root: root, fileIdentifier: gmlFileIdentifier)
  }

  static func writeSubgraph(_ g: SubgraphDefinition, _ b: inout Builder) -> Offset {
    let tensors = b.createVector(offsets: g.tensors.map { writeTensor($0, &b) })
    let operators = b.createVector(offsets: g.operators.map { writeOperator($0, &b) })
    let inputs = b.createVector(g.inputs)
    let outputs = b.createVector(g.outputs)
    let name = b.createString(g.name)
    var plan: Offset?
    if let p = g.memoryPlan {
      let offsets = b.createVector(p.offsets)
      b.startTable()
      b.add(p.arenaSize, default: 0, slot: Slot.MemoryPlan.arenaSize)
      b.add(p.alignment, default: 16, slot: Slot.MemoryPlan.alignment)
      b.add(offsets, slot: Slot.MemoryPlan.offsets)
      b.add(p.inputsReused, default: false, slot: Slot.MemoryPlan.inputsReused)
      plan = b.endTable()
    }
    b.startTable()
    b.add(name, slot: Slot.Subgraph.name)
    b.add(tensors, slot: Slot.Subgraph.tensors)
    b.add(inputs, slot: Slot.Subgraph.inputs)
    b.add(outputs, slot: Slot.Subgraph.outputs)
    b.add(operators, slot: Slot.Subgraph.operators)
    if let plan { b.add(plan, slot: Slot.Subgraph.memoryPlan) }
    return b.endTable()
  }

  static func writeTensor(_ t: TensorDefinition, _ b: inout Builder) -> Offset {
    let name = b.createString(t.name)
    let shape = b.createVector(t.shape)
    var quantization: Offset?
    if let q = t.quantization {
      let scale = b.createVector(q.scales)
      let zeroPoint = b.createVector(q.zeroPoints)
      let min = q.min.isEmpty ? nil : b.createVector(q.min)
      let max = q.max.isEmpty ? nil : b.createVector(q.max)
      b.startTable()
      b.add(scale, slot: Slot.Quantization.scale)
      b.add(zeroPoint, slot: Slot.Quantization.zeroPoint)
      b.add(q.axis, default: 0, slot: Slot.Quantization.quantizedDimension)
      if let min { b.add(min, slot: Slot.Quantization.min) }
      if let max { b.add(max, slot: Slot.Quantization.max) }
      quantization = b.endTable()
    }
    b.startTable()
    b.add(name, slot: Slot.Tensor.name)
    b.add(shape, slot: Slot.Tensor.shape)
    b.add(Int8(t.type.rawValue), default: 0, slot: Slot.Tensor.type)
    b.add(t.buffer, default: 0, slot: Slot.Tensor.buffer)
    if let quantization { b.add(quantization, slot: Slot.Tensor.quantization) }
    return b.endTable()
  }

  static func writeOperator(_ op: OperatorDefinition, _ b: inout Builder) -> Offset {
    let inputs = b.createVector(op.inputs)
    let outputs = b.createVector(op.outputs)
    let options = op.options.write(&b)
    let name = op.name.isEmpty ? nil : b.createString(op.name)
    b.startTable()
    b.add(op.opcode.rawValue, default: 0, slot: Slot.Operator.opcode)
    b.add(inputs, slot: Slot.Operator.inputs)
    b.add(outputs, slot: Slot.Operator.outputs)
    if let options {
      b.addUnion(
        type: op.options.type.rawValue, value: options, typeSlot: Slot.Operator.optionsType)
    }
    if let name { b.add(name, slot: Slot.Operator.name) }
    return b.endTable()
  }

  static func writeMetadata(_ m: MetadataDefinition, _ b: inout Builder) -> Offset {
    let producer = b.createString(m.producer)
    let version = b.createString(m.producerVersion)
    let digest = m.sourceDigest.isEmpty ? nil : b.createString(m.sourceDigest)
    let sourceName = m.sourceName.isEmpty ? nil : b.createString(m.sourceName)
    var calibration: Offset?
    if let c = m.calibration {
      let method = b.createString(c.method)
      let source = c.source.isEmpty ? nil : b.createString(c.source)
      b.startTable()
      b.add(method, slot: Slot.CalibrationSummary.method)
      b.add(c.sampleCount, default: 0, slot: Slot.CalibrationSummary.sampleCount)
      b.add(c.percentile, default: 0, slot: Slot.CalibrationSummary.percentile)
      if let source { b.add(source, slot: Slot.CalibrationSummary.source) }
      calibration = b.endTable()
    }
    // `key` fields must be sorted for binary search (flatc's rule).
    let sorted = m.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    let entries = b.createVector(
      offsets: sorted.map { e in
        let key = b.createString(e.key)
        let value = b.createString(e.value)
        b.startTable()
        b.add(key, slot: Slot.KeyValue.key)
        b.add(value, slot: Slot.KeyValue.value)
        return b.endTable()
      })
    b.startTable()
    b.add(producer, slot: Slot.Metadata.producer)
    b.add(version, slot: Slot.Metadata.producerVersion)
    if let digest { b.add(digest, slot: Slot.Metadata.sourceDigest) }
    if let sourceName { b.add(sourceName, slot: Slot.Metadata.sourceName) }
    if let calibration { b.add(calibration, slot: Slot.Metadata.calibration) }
    b.add(entries, slot: Slot.Metadata.entries)
    return b.endTable()
  }
}
