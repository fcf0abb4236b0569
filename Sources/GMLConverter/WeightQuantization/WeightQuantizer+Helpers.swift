// GMLConverter/WeightQuantization/WeightQuantizer+Helpers.swift — per-channel symmetric int8, buffer decoding and re-packing.
import GMLCore
import GMLFormat

extension WeightQuantizer {
  /// The little-endian float32 values of `tensor`'s `bytes`.
  static func floats(_ bytes: [UInt8], _ tensor: TensorDefinition) throws(ConversionError)
    -> [Float]
  {
    let count = tensor.shape.reduce(1) { $0 * Int($1) }
    guard bytes.count == count * 4 else {
      throw ConversionError(
        file: "", place: tensor.name, "constant buffer size does not match its float32 shape")
    }
    return LittleEndian.floats(bytes)
  }

  /// Symmetric int8 per slice along `axis`: `scale = max|w| / 127`, 1 for
  /// an all-zero slice; values rounded half away from zero, clamped to
  /// [-127, 127].
  static func perChannel(_ values: [Float], shape: [Int], axis: Int, _ t: TensorDefinition)
    throws(ConversionError) -> (bytes: [UInt8], scales: [Float])
  {
    guard axis < shape.count, shape[axis] > 0 else {
      throw ConversionError(file: "", place: t.name, "weight has no channel axis \(axis)")
    }
    let channels = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    var maxAbs = [Float](repeating: 0, count: channels)
    for (i, v) in values.enumerated() {
      let c = (i / inner) % channels
      maxAbs[c] = max(maxAbs[c], abs(v))
    }
    let scales = maxAbs.map { $0 > 0 ? $0 / 127 : 1 }
    var bytes = [UInt8](repeating: 0, count: values.count)
    for (i, v) in values.enumerated() {
      let q = (v / scales[(i / inner) % channels]).rounded(.toNearestOrAwayFromZero)
      bytes[i] = UInt8(bitPattern: Int8(min(127, max(-127, q))))
    }
    return (bytes, scales)
  }

  /// Drops buffers no tensor references; buffer 0 stays empty.
  static func repack(_ model: ModelDefinition) -> ModelDefinition {
    var out = model
    var remap: [UInt32: UInt32] = [0: 0]
    var buffers: [[UInt8]] = [[]]
    for s in out.subgraphs.indices {
      for t in out.subgraphs[s].tensors.indices {
        let old = out.subgraphs[s].tensors[t].buffer
        if let new = remap[old] {
          out.subgraphs[s].tensors[t].buffer = new
          continue
        }
        buffers.append(model.buffers[Int(old)])
        remap[old] = UInt32(buffers.count - 1)
        out.subgraphs[s].tensors[t].buffer = UInt32(buffers.count - 1)
      }
    }
    out.buffers = buffers
    return out
  }
}
