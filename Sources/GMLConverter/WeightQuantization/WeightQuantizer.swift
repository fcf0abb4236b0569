// GMLConverter/WeightQuantization/WeightQuantizer.swift — dynamic-range int8 and float16 weight-only quantization of a float model.
import GMLCore
import GMLFormat

/// Which weight-only quantization `WeightQuantizer.apply` performs.
public enum WeightQuantizationMode: String, Sendable {
  /// Conv2D / DepthwiseConv2D / FullyConnected weights as per-channel
  /// symmetric int8; activations stay float32 (hybrid kernels).
  case dynamic
  /// Every float32 constant stored as float16, dequantized at load.
  case float16
}

/// Rewrites a float32 model's constants to shrink it without calibration.
///
/// Dynamic: each weight tensor (input 1) of CONV_2D, FULLY_CONNECTED
/// (axis 0) and DEPTHWISE_CONV_2D (axis 3) gets `scale_c = max|w_c| / 127`
/// (1 for an all-zero channel) and `q = round(w / scale_c)` in [-127, 127],
/// zero point 0, as TFLite's dynamic-range converter. Biases stay float32.
/// Float16: every float32 constant becomes float16, rounded to nearest
/// even. Cost O(total constant size); buffers are re-packed so no unused
/// buffer remains.
public enum WeightQuantizer {
  /// Rewrites a float32 model's weights.
  ///
  /// - Parameters:
  ///   - model: a float32 model (as `Converter.convert` makes).
  ///   - mode: `.dynamic` or `.float16`.
  /// - Returns: the new definition, buffers re-packed.
  /// - Throws: `ConversionError` when a weight's shape cannot hold its
  ///   channel axis or its buffer size disagrees with its shape.
  public static func apply(_ model: ModelDefinition, mode: WeightQuantizationMode)
    throws(ConversionError) -> ModelDefinition
  {
    var out = model
    var buffers = model.buffers
    for s in out.subgraphs.indices {
      var graph = out.subgraphs[s]
      switch mode {
      case .dynamic:
        var done = Set<Int>()
        for op in graph.operators {
          guard op.opcode.hasHybridKernel, let axis = op.opcode.weightsAxis else { continue }
          guard op.inputs.count > 1, op.inputs[1] >= 0 else { continue }
          let t = Int(op.inputs[1])
          let tensor = graph.tensors[t]
          guard !done.contains(t), tensor.type == .float32, tensor.buffer != 0 else { continue }
          let values = try floats(buffers[Int(tensor.buffer)], tensor)
          let q = try perChannel(values, shape: tensor.shape.map(Int.init), axis: axis, tensor)
          buffers.append(q.bytes)
          graph.tensors[t].type = .int8
          graph.tensors[t].buffer = UInt32(buffers.count - 1)
          graph.tensors[t].quantization = QuantizationDefinition(
            scales: q.scales, zeroPoints: [Int64](repeating: 0, count: q.scales.count),
            axis: Int32(axis))
          done.insert(t)
        }
      case .float16:
        for t in graph.tensors.indices {
          let tensor = graph.tensors[t]
          guard tensor.type == .float32, tensor.buffer != 0 else { continue }
          let values = try floats(buffers[Int(tensor.buffer)], tensor)
          var bytes: [UInt8] = []
          bytes.reserveCapacity(values.count * 2)
          for v in values {
            let h = Float16Conversion.half(from: v)
            bytes.append(UInt8(h & 0xFF))
            bytes.append(UInt8(h >> 8))
          }
          buffers.append(bytes)
          graph.tensors[t].type = .float16
          graph.tensors[t].buffer = UInt32(buffers.count - 1)
        }
      }
      out.subgraphs[s] = graph
    }
    out.buffers = buffers
    return repack(out)
  }
}
