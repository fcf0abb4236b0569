// GMLRuntime/Interpreter+Float16.swift — the arena's tail: float16 constants dequantized once at init, packed weights, scratch.
import GMLCore
import GMLFormat

/// The part of the arena after the planned tensors: a float32 slot per
/// float16 constant and a slot per fast kernel's packed weights (both
/// filled once at `init`, read-only afterwards), then one scratch region
/// shared by the hybrid and fast kernels (ops run one at a time), a slice
/// per thread.
struct ArenaTail {
  /// Arena offset of each float16 constant's float32 copy, in the order
  /// of the `widened` tensors.
  var float16Offsets: [Int] = []
  var scratchOffset = 0
  var scratchByteCount = 0
  /// Bytes of scratch per thread: the most any op needs, rounded up to
  /// 64 so threads do not share a cache line.
  var scratchPerThread = 0
  /// The whole arena's size: planned tensors plus this tail.
  var arenaSize = 0

  /// Lays the tail out after `plannedSize` bytes, 16-byte aligned, with
  /// scratch for `threads` threads, and tells each fast op in `ops` where
  /// its packed weights go (`PreparedOp.placePacked(at:)`).
  ///
  /// - Throws: `limitExceeded` when the arena would pass 2 GiB.
  init(
    plannedSize: Int, widened: [Int], tensors: [TensorInfo], ops: inout [PreparedOp],
    threads: Int = 1
  ) throws(GMLError) {
    var end = plannedSize
    float16Offsets.reserveCapacity(widened.count)
    for t in widened {
      end = (end + 15) / 16 * 16
      float16Offsets.append(end)
      end += tensors[t].byteCount
    }
    for i in ops.indices where ops[i].packedByteCount > 0 {
      end = (end + 15) / 16 * 16
      ops[i].placePacked(at: end)
      end += ops[i].packedByteCount
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
  /// Makes every float16 constant in `infos` the float32 tensor the ops
  /// will read.
  /// - Returns: the indices of those constants, ascending.
  static func widenFloat16Constants(_ infos: inout [TensorInfo], _ graph: Subgraph) -> [Int] {
    var widened: [Int] = []
    for t in infos.indices where infos[t].type == .float16 && graph.tensorAt(t).buffer != 0 {
      let info = infos[t]
      infos[t] = TensorInfo(
        name: info.name, tensorIndex: t, type: .float32, shape: info.shape,
        byteCount: info.byteCount * 2, quantization: nil)
      widened.append(t)
    }
    return widened
  }

  /// Converts a float16 constant from the model's bytes into its float32
  /// slot (`slot.count == 2 * bytes.count`, checked at prepare). Runs
  /// once, at `init`.
  static func dequantizeFloat16(
    _ bytes: UnsafeRawBufferPointer, into slot: UnsafeMutableRawBufferPointer
  ) {
    for i in 0..<bytes.count / 2 {
      let bits = UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8
      slot.storeBytes(
        of: Float16Conversion.float(fromHalf: bits), toByteOffset: 4 * i, as: Float.self)
    }
  }
}
