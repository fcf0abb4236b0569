// GMLRuntime/PreparedHybridGEMM.swift — a hybrid FULLY_CONNECTED, CONV_2D or DEPTHWISE_CONV_2D on HybridGEMM's kernels: the GEMMs' weight row sums computed once into the arena's tail.
import GMLKernels

/// A hybrid (dynamic-range) FULLY_CONNECTED, CONV_2D without groups or
/// DEPTHWISE_CONV_2D with depth multiplier 1 that runs its `fast` kernel: the weights read in place, each output
/// channel's weight sum (the zero-point term's factor) computed once at
/// `init` into a slot of the arena's tail (`outputDepth` int32), followed
/// there by the weights packed for a microkernel that packs (VNNI), the
/// quantized input, windows and sums in the shared scratch. A class, as
/// `PreparedFloatConv2D` is, so that `ArenaTail` sets `packedOffset` once.
final class PreparedHybridGEMM {
  enum Kernel {
    case fullyConnected(FullyConnectedHybrid)
    case conv2D(Conv2DHybrid)
    /// Depth multiplier 1; no row sums (its zero-point term is per tap).
    case depthwiseConv2D(DepthwiseConv2DHybrid)
  }

  let kernel: Kernel
  let microkernel: HybridGEMM.Microkernel
  let input: Int
  let weights: Int
  /// The bias, or -1.
  let bias: Int
  let output: Int
  /// Where the row sums start in the arena (set by `ArenaTail`).
  var packedOffset = 0

  init(
    _ kernel: Kernel, _ microkernel: HybridGEMM.Microkernel, input: Int, weights: Int, bias: Int,
    output: Int
  ) {
    self.kernel = kernel
    self.microkernel = microkernel
    self.input = input
    self.weights = weights
    self.bias = bias
    self.output = output
  }

  /// Output channels and the depth of each one's weights.
  private var shape: (channels: Int, depth: Int) {
    switch kernel {
    case .fullyConnected(let p): return (p.geometry.outputDepth, p.geometry.inputDepth)
    case .conv2D(let p): return (p.geometry.outputDepth, p.geometry.windowDepth)
    case .depthwiseConv2D: return (0, 0)
    }
  }

  /// Bytes of the row sums' slot.
  var packedByteCount: Int {
    let (n, k) = shape
    if case .conv2D(let p) = kernel { return n * 4 + p.packedByteCount(microkernel) }
    return n * 4 + microkernel.packedByteCount(channels: n, depth: k)
  }

  /// Bytes of shared scratch `run` needs.
  var scratchByteCount: Int {
    switch kernel {
    case .fullyConnected(let p): return p.fastScratchByteCount
    case .conv2D(let p): return p.fastScratchByteCount
    case .depthwiseConv2D(let p): return p.scratch.byteCount
    }
  }

  /// The row sums inside `memory`'s arena.
  private func rowSums(_ memory: TensorMemory) -> UnsafeMutableBufferPointer<Int32> {
    UnsafeMutableRawBufferPointer(
      rebasing: memory.arena[packedOffset..<packedOffset + shape.channels * 4]
    ).bindMemory(to: Int32.self)
  }

  /// The packed weights inside `memory`'s arena (empty when the
  /// microkernel reads them in place).
  private func packedWeights(_ memory: TensorMemory) -> UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(
      rebasing: memory.arena[packedOffset + shape.channels * 4..<packedOffset + packedByteCount])
  }

  /// Sums each output channel's constant weights and packs them for the
  /// microkernel. Runs once, at `init`.
  func pack(_ m: TensorMemory) {
    let (n, k) = shape
    guard n > 0 else { return }
    HybridGEMM.rowSums(weights: m.int8s(weights), channels: n, depth: k, into: rowSums(m))
    if case .conv2D(let p) = kernel {
      p.pack(filter: m.int8s(weights), into: packedWeights(m), microkernel: microkernel)
      return
    }
    microkernel.pack(weights: m.int8s(weights), channels: n, depth: k, into: packedWeights(m))
  }

  /// Runs the kernel. No allocation.
  func run(_ m: TensorMemory) {
    let sums = UnsafeBufferPointer(rowSums(m))
    let weightsPacked = packedWeights(m)
    let packed = weightsPacked.isEmpty ? nil : UnsafeRawPointer(weightsPacked.baseAddress)
    switch kernel {
    case .fullyConnected(let p):
      p.fast(
        input: m.floats(input), weights: m.int8s(weights), bias: m.floats(bias),
        output: m.mutableFloats(output), rowSums: sums, packed: packed,
        scratch: m.scratch(thread: 0), microkernel: microkernel)
    case .conv2D(let p):
      p.fast(
        input: m.floats(input), filter: m.int8s(weights), bias: m.floats(bias),
        output: m.mutableFloats(output), rowSums: sums, packed: packed,
        scratch: m.scratch(thread: 0), microkernel: microkernel)
    case .depthwiseConv2D(let p):
      p.fast(
        input: m.floats(input), filter: m.int8s(weights), bias: m.floats(bias),
        output: m.mutableFloats(output), scratch: m.scratch(thread: 0), microkernel: microkernel)
    }
  }
}
