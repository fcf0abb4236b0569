// GMLCommandLine/ModelSummary+JSON.swift — the `gml inspect --json` report: the text report's facts as JSON.
import GMLCore
import GMLFormat
import GMLRuntime

extension ModelSummary {
  /// The report as one JSON object.
  var json: JSONValue {
    var fields: [(String, JSONValue)] = [
      ("file_size", .int(fileSize)),
      ("format_version", .int(Int(formatVersion))),
      ("rounding_mode", .string(roundingMode.schemaName)),
    ]
    if let m = metadata { fields.append(("metadata", metadataJSON(m))) }
    fields += [
      ("graph", .string(subgraphName)),
      ("inputs", .array(inputs.map { .int($0) })),
      ("outputs", .array(outputs.map { .int($0) })),
      ("weight_bytes", .int(weightBytes)),
      (
        "arena",
        .object([
          ("planned_bytes", .int(plan.arenaSize)), ("lower_bound_bytes", .int(plan.lowerBound)),
          ("planned_reusing_inputs_bytes", .int(planReusingInputs.arenaSize)),
          ("stored_plan_bytes", storedPlan.map { .int(Int($0.arenaSize)) } ?? .null),
          ("stored_plan_inputs_reused", storedPlan.map { .bool($0.inputsReused) } ?? .null),
          ("microcontroller_bytes", microcontrollerArena.map { .int($0.bytes) } ?? .null),
          (
            "microcontroller_reusing_inputs_bytes",
            microcontrollerArenaReusingInputs.map { .int($0) } ?? .null
          ),
          ("alignment", microcontrollerArena.map { .int($0.alignment) } ?? .null),
        ])
      ),
      ("footprint", Footprint(self).json),
      ("tensors", .array(tensors.map(tensorJSON))),
      ("operators", .array(operators.map(operatorJSON))),
      (
        "buffers",
        .array(
          buffers.map {
            .object([
              ("index", .int($0.index)), ("bytes", .int($0.size)),
              ("file_offset", .int($0.fileOffset)), ("alignment", .int($0.alignment)),
            ])
          })
      ),
    ]
    return .object(fields)
  }

  private func tensorJSON(_ t: TensorRow) -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("index", .int(t.index)), ("name", .string(t.name)), ("type", .string(t.type.name)),
      ("shape", .array(t.shape.dims.map { .int($0) })), ("buffer", .int(t.buffer)),
      ("arena_offset", t.arenaOffset < 0 ? .null : .int(t.arenaOffset)),
    ]
    if let q = t.quantization {
      fields.append(
        (
          "quantization",
          .object([
            ("scale", .array(q.scales.map { .double(Double($0)) })),
            ("zero_point", .array(q.zeroPoints.map { .int(Int($0)) })),
            ("axis", .int(Int(q.axis))),
            ("min", .array(q.min.map { .double(Double($0)) })),
            ("max", .array(q.max.map { .double(Double($0)) })),
          ])
        ))
    }
    return .object(fields)
  }

  private func operatorJSON(_ op: OperatorRow) -> JSONValue {
    .object([
      ("index", .int(op.index)), ("op", .string(op.opcode.schemaName)), ("name", .string(op.name)),
      ("inputs", .array(op.inputs.map { .int($0) })),
      ("outputs", .array(op.outputs.map { .int($0) })),
      ("options", .object(op.options.map { ($0.0, .string($0.1)) })),
    ])
  }

  private func metadataJSON(_ m: MetadataDefinition) -> JSONValue {
    var fields: [(String, JSONValue)] = [
      ("producer", .string(m.producer)), ("producer_version", .string(m.producerVersion)),
      ("source_name", .string(m.sourceName)), ("source_digest", .string(m.sourceDigest)),
    ]
    if let c = m.calibration {
      fields.append(
        (
          "calibration",
          .object([
            ("method", .string(c.method)), ("sample_count", .int(Int(c.sampleCount))),
            ("percentile", .double(Double(c.percentile))), ("source", .string(c.source)),
          ])
        ))
    }
    fields.append(("entries", .object(m.entries.map { ($0.key, .string($0.value)) })))
    return .object(fields)
  }
}
