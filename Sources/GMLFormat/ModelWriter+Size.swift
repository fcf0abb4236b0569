// GMLFormat/ModelWriter+Size.swift — an upper bound on the bytes `ModelWriter.write` produces, known before writing.

extension ModelWriter {
  /// The largest `.gml` file: FlatBuffers offsets reach 2 GiB − 1 bytes.
  public static let maxFileSize = 0x7FFF_FFFF

  /// A table of at most 8 fields of at most 8 bytes each, with its
  /// padding, soffset and a vtable of its own (8 fields is the most any
  /// table of the schema has).
  static let tableBound = 32 + 18 * 8

  /// An upper bound on `write(model).count`, computed from the model's
  /// sizes alone.
  ///
  /// `write` traps when a file would pass `maxFileSize` (the FlatBuffers
  /// builder cannot address more), so code that writes a model whose size
  /// comes from outside checks this bound first. It counts every byte
  /// `write` can produce (each table as `tableBound`, each vector and
  /// string with its length prefix and worst-case padding, each buffer
  /// with its 64-byte alignment), so it is above the real size by a few
  /// hundred bytes per tensor and operator. Cost: O(tensors + operators).
  /// - Parameter model: the model to be written.
  /// - Returns: at least the number of bytes `write(model)` returns.
  public static func sizeBound(of model: ModelDefinition) -> Int {
    var total = tableBound + 72  // the root table; root offset, identifier, final padding
    total += vectorBound(model.buffers.count, 4)
    for buffer in model.buffers { total += tableBound + buffer.count + 64 + 8 }
    total += vectorBound(model.subgraphs.count, 4)
    for subgraph in model.subgraphs { total += sizeBound(of: subgraph) }
    if let m = model.metadata {
      total += tableBound + stringBound(m.producer) + stringBound(m.producerVersion)
      total += stringBound(m.sourceDigest) + stringBound(m.sourceName)
      if let c = m.calibration {
        total += tableBound + stringBound(c.method) + stringBound(c.source)
      }
      total += vectorBound(m.entries.count, 4)
      for e in m.entries { total += tableBound + stringBound(e.key) + stringBound(e.value) }
    }
    return total
  }

  static func sizeBound(of g: SubgraphDefinition) -> Int {
    var total = tableBound + stringBound(g.name)
    total += vectorBound(g.inputs.count, 4) + vectorBound(g.outputs.count, 4)
    total += vectorBound(g.tensors.count, 4) + vectorBound(g.operators.count, 4)
    if let plan = g.memoryPlan { total += tableBound + vectorBound(plan.offsets.count, 8) }
    for t in g.tensors {
      total += tableBound + stringBound(t.name) + vectorBound(t.shape.count, 4)
      if let q = t.quantization {
        total += tableBound + vectorBound(q.scales.count, 4) + vectorBound(q.zeroPoints.count, 8)
        total += vectorBound(q.min.count, 4) + vectorBound(q.max.count, 4)
      }
    }
    for op in g.operators {
      total += tableBound + stringBound(op.name)
      total += vectorBound(op.inputs.count, 4) + vectorBound(op.outputs.count, 4)
      total += tableBound + optionsVectorBound(op.options)
    }
    return total
  }

  /// A vector of `count` elements of `size` bytes: length prefix and padding.
  static func vectorBound(_ count: Int, _ size: Int) -> Int { count * size + 16 }

  /// A string: length prefix, terminator and padding.
  static func stringBound(_ s: String) -> Int { s.utf8.count + 8 }
}
