// GMLFormatTests/FlatcJSON.swift — a ModelDefinition as the JSON flatc reads and writes (--defaults-json), and a tolerant compare.
import Foundation
import GMLCore
import GMLFormat

/// Encodes definitions in flatc's JSON dialect: enums by name, unions as
/// `X_type` + `X`, every scalar written even when it is the default.
enum FlatcJSON {
  static func model(_ m: ModelDefinition) -> [String: Any] {
    var out: [String: Any] = [
      "format_version": Int(m.formatVersion),
      "subgraphs": m.subgraphs.map(subgraph),
      "buffers": m.buffers.map { $0.isEmpty ? [String: Any]() : ["data": $0.map { Int($0) }] },
      "rounding_mode": m.roundingMode.schemaName,
    ]
    if let md = m.metadata { out["metadata"] = metadata(md) }
    return out
  }

  static func subgraph(_ g: SubgraphDefinition) -> [String: Any] {
    var out: [String: Any] = [
      "name": g.name, "tensors": g.tensors.map(tensor), "inputs": g.inputs.map { Int($0) },
      "outputs": g.outputs.map { Int($0) }, "operators": g.operators.map(op),
    ]
    if let p = g.memoryPlan {
      out["memory_plan"] = [
        "arena_size": Int(p.arenaSize), "alignment": Int(p.alignment),
        "offsets": p.offsets.map { Int($0) }, "inputs_reused": p.inputsReused,
      ]
    }
    return out
  }

  static func tensor(_ t: TensorDefinition) -> [String: Any] {
    var out: [String: Any] = [
      "name": t.name, "shape": t.shape.map { Int($0) }, "type": t.type.schemaName,
      "buffer": Int(t.buffer),
    ]
    if let q = t.quantization {
      var qo: [String: Any] = [
        "scale": q.scales.map { Double($0) }, "zero_point": q.zeroPoints.map { Int($0) },
        "quantized_dimension": Int(q.axis),
      ]
      if !q.min.isEmpty { qo["min"] = q.min.map { Double($0) } }
      if !q.max.isEmpty { qo["max"] = q.max.map { Double($0) } }
      out["quantization"] = qo
    }
    return out
  }

  static func op(_ o: OperatorDefinition) -> [String: Any] {
    var out: [String: Any] = [
      "opcode": o.opcode.schemaName, "inputs": o.inputs.map { Int($0) },
      "outputs": o.outputs.map { Int($0) },
    ]
    out["options_type"] = o.options.type.schemaName
    if o.options != .none { out["options"] = options(o.options) }
    if !o.name.isEmpty { out["name"] = o.name }
    return out
  }

  static func window(_ w: Window2D) -> [String: Any] {
    var out: [String: Any] = [
      "padding": w.padding.schemaName, "stride_h": Int(w.strideH), "stride_w": Int(w.strideW),
    ]
    if !w.explicitPadding.isEmpty { out["explicit_padding"] = w.explicitPadding.map { Int($0) } }
    return out
  }

  static func options(_ o: OpOptions) -> [String: Any] {
    func merge(_ a: [String: Any], _ b: [String: Any]) -> [String: Any] {
      a.merging(b) { x, _ in x }
    }
    switch o {
    case .none: return [:]
    case .conv2D(let c):
      return merge(
        window(c.window),
        [
          "dilation_h": Int(c.dilationH), "dilation_w": Int(c.dilationW),
          "fused_activation": c.activation.schemaName,
        ])
    case .depthwiseConv2D(let c):
      return merge(
        window(c.window),
        [
          "dilation_h": Int(c.dilationH), "dilation_w": Int(c.dilationW),
          "depth_multiplier": Int(c.depthMultiplier), "fused_activation": c.activation.schemaName,
        ])
    case .pool2D(let p):
      return merge(
        window(p.window),
        [
          "filter_h": Int(p.filterH), "filter_w": Int(p.filterW),
          "fused_activation": p.activation.schemaName,
        ])
    case .fullyConnected(let a, let keep):
      return ["fused_activation": a.schemaName, "keep_num_dims": keep]
    case .elementwise(let a): return ["fused_activation": a.schemaName]
    case .leakyRelu(let alpha): return ["alpha": Double(alpha)]
    case .softmax(let beta, let axis): return ["beta": Double(beta), "axis": Int(axis)]
    case .mean(let axes, let keep): return ["axes": axes.map { Int($0) }, "keep_dims": keep]
    case .reshape(let s): return ["new_shape": s.map { Int($0) }]
    case .concatenation(let axis, let a):
      return ["axis": Int(axis), "fused_activation": a.schemaName]
    case .pad(let p, let v): return ["paddings": p.map { Int($0) }, "value": Double(v)]
    case .transpose(let perm): return ["perm": perm.map { Int($0) }]
    case .tile(let multiples): return ["multiples": multiples.map { Int($0) }]
    case .stridedSlice(let begin, let end, let strides):
      return [
        "begin": begin.map { Int($0) }, "end": end.map { Int($0) },
        "strides": strides.map { Int($0) },
      ]
    case .resize(let alignCorners, let halfPixelCenters):
      return ["align_corners": alignCorners, "half_pixel_centers": halfPixelCenters]
    case .batchMatMul(let adjointLhs, let adjointRhs):
      return ["adjoint_lhs": adjointLhs, "adjoint_rhs": adjointRhs]
    case .gelu(let approximate): return ["approximate": approximate]
    case .layerNorm(let epsilon): return ["epsilon": Double(epsilon)]
    case .sequenceLSTM(let cellClip, let timeMajor, let cellScaleLog2, let activation):
      return [
        "cell_clip": Double(cellClip), "time_major": timeMajor,
        "cell_scale_log2": Int(cellScaleLog2), "activation": activation.schemaName,
      ]
    case .gru(let timeMajor, let activation):
      return ["time_major": timeMajor, "activation": activation.schemaName]
    case .gather(let axis): return ["axis": Int(axis)]
    }
  }

  static func metadata(_ m: MetadataDefinition) -> [String: Any] {
    var out: [String: Any] = [
      "producer": m.producer, "producer_version": m.producerVersion,
      "entries": m.entries.map { ["key": $0.key, "value": $0.value] },
    ]
    if !m.sourceDigest.isEmpty { out["source_digest"] = m.sourceDigest }
    if !m.sourceName.isEmpty { out["source_name"] = m.sourceName }
    if let c = m.calibration {
      var co: [String: Any] = [
        "method": c.method, "sample_count": Int(c.sampleCount), "percentile": Double(c.percentile),
      ]
      if !c.source.isEmpty { co["source"] = c.source }
      out["calibration"] = co
    }
    return out
  }

  /// JSON text of `value` for `flatc --binary`: object keys sorted, but each
  /// union's `X_type` key before its `X` value, which flatc 2.0 requires.
  static func text(_ value: Any) -> String {
    switch value {
    case let object as [String: Any]:
      let keys = object.keys.sorted { a, b in
        let (ta, tb) = (a.hasSuffix("_type"), b.hasSuffix("_type"))
        return ta != tb ? ta : a < b
      }
      return "{" + keys.map { quoted($0) + ":" + text(object[$0] ?? 0) }.joined(separator: ",")
        + "}"
    case let array as [Any]:
      return "[" + array.map(text).joined(separator: ",") + "]"
    case let string as String: return quoted(string)
    case let bool as Bool: return bool ? "true" : "false"
    case let int as Int: return String(int)
    case let double as Double: return String(describing: double)
    default: return "null"
    }
  }

  private static func quoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }

  /// The first difference between two JSON trees (nil when equal);
  /// numbers agree within 1e-6 relative, as flatc prints floats to about
  /// seven significant digits.
  static func difference(_ a: Any, _ b: Any, path: String = "$") -> String? {
    if let u = number(a), let v = number(b) {
      return abs(u - v) <= 1e-6 * max(1, abs(u), abs(v)) ? nil : "\(path): \(u) vs \(v)"
    }
    switch (a, b) {
    case (let x as [String: Any], let y as [String: Any]):
      for key in Set(x.keys).union(y.keys).sorted() {
        guard let xv = x[key], let yv = y[key] else {
          return "\(path).\(key): present on one side only"
        }
        if let d = difference(xv, yv, path: "\(path).\(key)") { return d }
      }
      return nil
    case (let x as [Any], let y as [Any]):
      if x.count != y.count { return "\(path): \(x.count) vs \(y.count) elements" }
      for (i, (xv, yv)) in zip(x, y).enumerated() {
        if let d = difference(xv, yv, path: "\(path)[\(i)]") { return d }
      }
      return nil
    case (let x as String, let y as String):
      return x == y ? nil : "\(path): \"\(x)\" vs \"\(y)\""
    default:
      return "\(path): \(a) vs \(b) differ in kind"
    }
  }

  /// A JSON number or boolean as a Double (booleans as 0 and 1).
  private static func number(_ v: Any) -> Double? {
    switch v {
    case let b as Bool: return b ? 1 : 0
    case let i as Int: return Double(i)
    case let d as Double: return d
    case let n as NSNumber: return n.doubleValue
    default: return nil
    }
  }
}
