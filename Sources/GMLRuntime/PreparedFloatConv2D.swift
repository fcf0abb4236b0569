// GMLRuntime/PreparedFloatConv2D.swift — a float32 CONV_2D on a packed FloatGEMM microkernel: filter and bias packed once into the arena's tail.
import GMLKernels

/// A float32 CONV_2D without groups that runs `Conv2D.fast`: its filter
/// and bias packed once at `init` into a slot of the arena's tail
/// (`ArenaTail`: `fastPackedByteCount` bytes, as many as the filter's
/// floats plus up to 15 zero channels), im2col windows in the shared
/// scratch. A class, as `PreparedFastOp` is, so that `ArenaTail` can set
/// `packedOffset` once at `init` and running it copies one reference.
final class PreparedFloatConv2D {
  let conv: Conv2D
  let microkernel: FloatGEMM.PackedMicrokernel
  let input: Int
  let filter: Int
  /// The bias, or -1.
  let bias: Int
  let output: Int
  /// Where the packed filter starts in the arena (set by `ArenaTail`).
  var packedOffset = 0

  init(
    _ conv: Conv2D, _ microkernel: FloatGEMM.PackedMicrokernel, input: Int, filter: Int,
    bias: Int, output: Int
  ) {
    self.conv = conv
    self.microkernel = microkernel
    self.input = input
    self.filter = filter
    self.bias = bias
    self.output = output
  }

  /// Bytes of the packed slot.
  var packedByteCount: Int { conv.fastPackedByteCount }

  /// The packed slot inside `memory`'s arena.
  private func packed(_ memory: TensorMemory) -> UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(
      rebasing: memory.arena[packedOffset..<packedOffset + packedByteCount])
  }

  /// Packs the constant filter and bias. Runs once, at `init`.
  func pack(_ m: TensorMemory) {
    conv.pack(filter: m.floats(filter), bias: m.floats(bias), into: packed(m))
  }

  /// Runs the convolution. No allocation.
  func run(_ m: TensorMemory) {
    conv.fast(
      input: m.floats(input), packed: UnsafeRawBufferPointer(packed(m)),
      output: m.mutableFloats(output), scratch: m.scratch(thread: 0), microkernel: microkernel)
  }
}
