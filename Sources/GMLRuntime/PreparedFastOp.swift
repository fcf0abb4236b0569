// GMLRuntime/PreparedFastOp.swift — an int8 operator on a fast kernel: weights packed once into the arena's tail, shared scratch.
import GMLCore
import GMLKernels

/// An int8 operator that runs a fast kernel instead of its reference:
/// the same bytes, from weights repacked once at `init` into a slot of the
/// arena's tail (`ArenaTail`), with the bias terms and per-channel
/// requantization folded in, and the scratch the arena's tail shares
/// between ops (`TensorMemory.scratch`). The tile is chosen at prepare
/// from the CPU's features and the shape (`GEMMInt8.preferred`).
///
/// To add an op: a `Kernel` case, its sizes, `pack` and `run` below, and
/// its selection in `Interpreter.fastKernels`.
struct PreparedFastOp {
  /// The kernel and its parameters.
  enum Kernel {
    case conv2D(Conv2DInt8)
    case fullyConnected(FullyConnectedInt8)
    /// Depth multiplier 1, on a microkernel chosen by taps and CPU.
    case depthwiseConv2D(DepthwiseConv2DInt8, DepthwiseConv2DInt8.Microkernel)
  }

  let kernel: Kernel
  let tile: GEMMInt8.Tile
  let input: Int
  /// The constant weights (filter) the packed slot is made from.
  let weights: Int
  /// The constant bias, or -1.
  let bias: Int
  let output: Int
  /// Where the packed weights start in the arena (set by `ArenaTail`).
  var packedOffset = 0

  init(_ kernel: Kernel, input: Int, weights: Int, bias: Int, output: Int) {
    self.kernel = kernel
    self.input = input
    self.weights = weights
    self.bias = bias
    self.output = output
    switch kernel {
    case .conv2D(let p): tile = p.preferredTile
    case .fullyConnected(let p): tile = p.preferredTile
    case .depthwiseConv2D: tile = GEMMInt8.preferred(rows: 1)  // unused: no GEMM
    }
  }

  /// Bytes of the packed weights' slot.
  var packedByteCount: Int {
    switch kernel {
    case .conv2D(let p): return p.packedByteCount(tile)
    case .fullyConnected(let p): return p.packedByteCount(tile)
    case .depthwiseConv2D(let p, _): return p.packedByteCount
    }
  }

  /// Bytes of scratch the kernel needs at invoke.
  var scratchByteCount: Int {
    switch kernel {
    case .conv2D(let p): return p.fastScratchByteCount(tile)
    case .fullyConnected(let p): return p.fastScratchByteCount(tile)
    case .depthwiseConv2D: return 0
    }
  }

  /// The packed slot inside `memory`'s arena.
  func packed(_ memory: TensorMemory) -> UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(
      rebasing: memory.arena[packedOffset..<packedOffset + packedByteCount])
  }

  /// Packs the constant weights and bias into the slot. Runs once, at
  /// `init`, after the arena is allocated.
  func pack(_ m: TensorMemory) {
    switch kernel {
    case .conv2D(let p):
      p.pack(filter: m.int8s(weights), bias: m.int32s(bias), tile: tile, into: packed(m))
    case .fullyConnected(let p):
      p.pack(weights: m.int8s(weights), bias: m.int32s(bias), tile: tile, into: packed(m))
    case .depthwiseConv2D(let p, _):
      p.pack(filter: m.int8s(weights), bias: m.int32s(bias), into: packed(m))
    }
  }

  /// Runs the fast kernel. No allocation.
  func run(_ m: TensorMemory) {
    let slot = UnsafeRawBufferPointer(packed(m))
    switch kernel {
    case .conv2D(let p):
      p.fast(
        input: m.int8s(input), packed: slot, scratch: m.scratch, output: m.mutableInt8s(output),
        tile: tile)
    case .fullyConnected(let p):
      p.fast(
        input: m.int8s(input), packed: slot, scratch: m.scratch, output: m.mutableInt8s(output),
        tile: tile)
    case .depthwiseConv2D(let p, let k):
      p.fast(input: m.int8s(input), packed: slot, output: m.mutableInt8s(output), microkernel: k)
    }
  }
}
