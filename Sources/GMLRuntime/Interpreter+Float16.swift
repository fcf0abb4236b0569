// GMLRuntime/Interpreter+Float16.swift — the arena's tail: float16 constants dequantized once at init, packed weights, scratch.
import GMLCore
import GMLFormat

/// The part of the arena after the planned tensors: a float32 slot per
/// float16 constant and a slot per fast kernel's packed weights (both
/// filled once at `init`, read-only afterwards), then one scratch region
/// shared by the hybrid and fast kernels (ops run one at a time), a slice
/// per thread.
struct ArenaTail {
  /// Arena offset of each float16 constant's float32 copy, by tensor.
  var float16Offsets: [Int: Int] = [:]
  /// Arena offset of each fast op's packed weights, by operator.
  var packedOffsets: [Int: Int] = [:]
  var scratchOffset = 0
  var scratchByteCount = 0
  /// Bytes of scratch per thread: the most any op needs, rounded up to
  /// 64 so threads do not share a cache line.
  var scratchPerThread = 0
  /// The whole arena's size: planned tensors plus this tail.
  var arenaSize = 0

  /// Lays the tail out after `plannedSize` bytes, 16-byte aligned, with
  /// scratch for `threads` threads.
  ///
  /// - Throws: `limitExceeded` when the arena would pass 2 GiB.
  init(
    plannedSize: Int, widened: [Int], tensors: [TensorInfo], ops: [PreparedOp], threads: Int = 1
  ) throws(GMLError) {
    var end = plannedSize
    for t in widened {
      end = (end + 15) / 16 * 16
      float16Offsets[t] = end
      end += tensors[t].byteCount
    }
    for (i, op) in ops.enumerated() where op.packedByteCount > 0 {
      end = (end + 15) / 16 * 16
      packedOffsets[i] = end
      end += op.packedByteCount
      if end > ArenaLayout.maxSize { throw GMLError(.limitExceeded, "arena larger than 2 GiB") }
    }
    for op in ops { scratchPerThread = max(scratchPerThread, op.scratchByteCount) }
    if threads > 1 { scratchPerThread = (scratchPerThread + 63) / 64 * 64 }
    scratchByteCount = scratchPerThread * threads
    if scratchByteCount > 0 { end = (end + 15) / 16 * 16 }
    scratchOffset = end
    end += scratchByteCount
    if end > ArenaLayout.maxSize { throw GMLError(.limitExceeded, "arena larger than 2 GiB") }
    arenaSize = end
  }

  /// The scratch region inside `arena`.
  func scratch(in arena: UnsafeMutableRawBufferPointer) -> UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(rebasing: arena[scratchOffset..<scratchOffset + scratchByteCount])
  }
}

extension Interpreter {
  /// `infos` with every float16 constant seen as the float32 tensor the
  /// ops will read, and the indices of those constants.
  static func widenFloat16Constants(_ infos: [TensorInfo], _ graph: Subgraph)
    -> (infos: [TensorInfo], widened: [Int])
  {
    var out = infos
    var widened: [Int] = []
    for (t, info) in infos.enumerated()
    where info.type == .float16 && graph.tensorAt(t).buffer != 0 {
      out[t] = TensorInfo(
        name: info.name, tensorIndex: t, type: .float32, shape: info.shape,
        byteCount: info.byteCount * 2, quantization: nil)
      widened.append(t)
    }
    return (out, widened)
  }

  /// Converts float16 constant `t` from the model's bytes into its arena
  /// slot. Runs once, at `init`.
  /// - Throws: `malformed` when the buffer's size does not match the shape.
  static func dequantizeFloat16(
    _ bytes: UnsafeRawBufferPointer, into slot: UnsafeMutableRawBufferPointer, tensor t: Int
  ) throws(GMLError) {
    guard bytes.count * 2 == slot.count else {
      throw GMLError(.malformed, at: .tensor(t), "float16 constant size does not match its shape")
    }
    for i in 0..<bytes.count / 2 {
      let bits = UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8
      slot.storeBytes(
        of: Float16Conversion.float(fromHalf: bits), toByteOffset: 4 * i, as: Float.self)
    }
  }
}
