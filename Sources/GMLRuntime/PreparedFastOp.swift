// GMLRuntime/PreparedFastOp.swift — an int8 operator on a fast kernel: weights packed once into the arena's tail, shared scratch.
import GMLCore
import GMLKernels

/// An int8 operator that runs a fast kernel instead of its reference:
/// the same bytes, from weights repacked once at `init` into a slot of the
/// arena's tail (`ArenaTail`), with the bias terms and per-channel
/// requantization folded in, and the scratch the arena's tail shares
/// between ops (`TensorMemory.scratch(thread:)`, one slice per thread).
/// The tile is chosen at prepare from the interpreter's ISA tier and the
/// shape (`FastKernelSet.gemmTile`); the output is cut into tasks (`split`)
/// that the interpreter's threads share (`ThreadPool`).
///
/// A class, so that running it copies one reference: as a struct inside
/// `PreparedOp`, every run copied its kernel out (retaining each array of
/// per-channel parameters), a tenth of a small FullyConnected's time.
/// `packedOffset` and `split` are set during `init` only, before any
/// thread reads them. What `run` needs per task (the slot's size, each
/// task's rows and channels) is computed then too, not per run.
///
/// To add an op: a `Kernel` case, its sizes, `pack` and `run` below, and
/// its selection in `Interpreter.chooseFastKernels`.
final class PreparedFastOp {
  /// The kernel and its parameters.
  enum Kernel {
    case conv2D(Conv2DInt8)
    /// A grouped Conv2D (the first) as its `ungrouped` convolution.
    case groupedConv2D(Conv2DInt8, Conv2DInt8)
    case fullyConnected(FullyConnectedInt8)
    /// Depth multiplier 1, on a microkernel chosen by taps and CPU.
    case depthwiseConv2D(DepthwiseConv2DInt8, DepthwiseConv2DInt8.Microkernel)
    /// TRANSPOSE_CONV as its spread convolution
    /// (`TransposeConv2DInt8.spreadConvolution`).
    case transposeConv(TransposeConv2DInt8, Conv2DInt8)
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
  /// The tasks `run` cuts the output into (one unless threads run it).
  private(set) var split: WorkSplit
  /// Each task's rows and channels (`split`'s), in task order.
  private(set) var tasks: [WorkSplit.Task]
  /// Bytes of the packed weights' slot.
  let packedByteCount: Int
  /// The kernel bound to its parameters and tensors, run per task:
  /// calling it reads them in place, where a `switch` over `kernel`
  /// copied them out on every run (a tenth of a small op's time).
  private let body: Body
  /// A padded input copy (`prologue`): a direct convolution's, or a
  /// padded depthwise convolution's; or nil.
  private let pad: ((TensorMemory) -> Void)?

  /// One task: the memory, the packed slot, the thread and the task's
  /// rows and channels.
  private typealias Body = (TensorMemory, UnsafeRawBufferPointer, Int, WorkSplit.Task) -> Void

  /// - Parameters:
  ///   - kernel: the kernel and its parameters.
  ///   - tile: the GEMM tile a convolution or FullyConnected runs (a
  ///     depthwise kernel has none and ignores it).
  ///   - input, weights, bias, output: the operator's tensors (bias -1
  ///     for none).
  init(_ kernel: Kernel, tile: GEMMInt8.Tile, input: Int, weights: Int, bias: Int, output: Int) {
    self.kernel = kernel
    self.tile = tile
    self.input = input
    self.weights = weights
    self.bias = bias
    self.output = output
    split = kernel.workSplit(tile: tile, threads: 1)
    tasks = split.tasks
    switch kernel {
    case .conv2D(let p), .groupedConv2D(_, let p):
      packedByteCount = p.packedByteCount(tile)
      let shared = p.readsPaddedCopy(tile)
      body = { m, slot, thread, part in
        p.fast(
          input: m.int8s(input), packed: slot, scratch: m.scratch(thread: shared ? 0 : thread),
          output: m.mutableInt8s(output), tile: tile, pixels: part.rows, channels: part.channels)
      }
      pad =
        shared
        ? { m in p.padForDirect(input: m.int8s(input), copy: m.scratch(thread: 0), tile: tile) }
        : nil
    case .fullyConnected(let p):
      packedByteCount = p.packedByteCount(tile)
      body = { m, slot, thread, part in
        p.fast(
          input: m.int8s(input), packed: slot, scratch: m.scratch(thread: thread),
          output: m.mutableInt8s(output), tile: tile, rows: part.rows, channels: part.channels)
      }
      pad = nil
    case .transposeConv(let t, let p):
      // Thread 0's scratch starts with the spread input; each thread's
      // convolution scratch follows it (thread 0's for all when shared).
      packedByteCount = p.packedByteCount(tile)
      let shared = p.readsPaddedCopy(tile)
      let gridBytes = PreparedFastOp.spreadSlot(t)
      func grid(_ m: TensorMemory) -> UnsafeBufferPointer<Int8> {
        let bytes = UnsafeRawBufferPointer(m.scratch(thread: 0))
        return UnsafeBufferPointer(
          start: bytes.baseAddress?.assumingMemoryBound(to: Int8.self), count: t.spreadByteCount)
      }
      func convScratch(_ m: TensorMemory, _ thread: Int) -> UnsafeMutableRawBufferPointer {
        let s = m.scratch(thread: thread)
        return UnsafeMutableRawBufferPointer(rebasing: s[gridBytes...])
      }
      body = { m, slot, thread, part in
        p.fast(
          input: grid(m), packed: slot, scratch: convScratch(m, shared ? 0 : thread),
          output: m.mutableInt8s(output), tile: tile, pixels: part.rows, channels: part.channels)
      }
      pad = { m in
        let s = m.scratch(thread: 0)
        t.spread(
          input: m.int8s(input), into: UnsafeMutableRawBufferPointer(rebasing: s[..<gridBytes]))
        p.padForDirect(input: grid(m), copy: convScratch(m, 0), tile: tile)
      }
    case .depthwiseConv2D(let p, let k):
      packedByteCount = p.packedByteCount
      body = { m, slot, _, part in
        p.fast(
          input: m.int8s(input), packed: slot, copy: UnsafeRawBufferPointer(m.scratch(thread: 0)),
          output: m.mutableInt8s(output), microkernel: k, rows: part.rows)
      }
      pad =
        p.readsPaddedCopy(k)
        ? { m in p.padForFast(input: m.int8s(input), copy: m.scratch(thread: 0), microkernel: k) }
        : nil
    }
  }

  /// Cuts the output into tasks for `threads` threads (`WorkSplit`).
  func split(threads: Int) {
    split = kernel.workSplit(tile: tile, threads: threads)
    tasks = split.tasks
  }

  /// Bytes of scratch the kernel needs at invoke.
  var scratchByteCount: Int {
    switch kernel {
    case .conv2D(let p), .groupedConv2D(_, let p): return p.fastScratchByteCount(tile)
    case .fullyConnected(let p): return p.fastScratchByteCount(tile)
    case .depthwiseConv2D(let p, let k): return p.fastScratchByteCount(k)
    case .transposeConv(let t, let p):
      return PreparedFastOp.spreadSlot(t) + p.fastScratchByteCount(tile)
    }
  }

  /// Bytes of scratch before a TRANSPOSE_CONV's convolution scratch: its
  /// spread input, rounded up to 64 (the scratch's alignment).
  static func spreadSlot(_ t: TransposeConv2DInt8) -> Int { (t.spreadByteCount + 63) / 64 * 64 }

  /// The packed slot inside `memory`'s arena.
  func packed(_ memory: TensorMemory) -> UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(
      rebasing: memory.arena[packedOffset..<packedOffset + packedByteCount])
  }

  /// Packs the constant weights and bias into the slot. Runs once, at
  /// `init`, after the arena is allocated.
  func pack(_ m: TensorMemory) {
    // Only SIMD builds make fast ops (`Interpreter.chooseFastKernels`):
    // elsewhere this folds away, and the packing code with it.
    guard GEMMInt8.isSIMDArchitecture else { return }
    switch kernel {
    case .conv2D(let p):
      p.pack(filter: m.int8s(weights), bias: m.int32s(bias), tile: tile, into: packed(m))
    case .groupedConv2D(let grouped, let p):
      grouped.widenedFilter(m.int8s(weights)).withUnsafeBufferPointer {
        p.pack(filter: $0, bias: m.int32s(bias), tile: tile, into: packed(m))
      }
    case .fullyConnected(let p):
      p.pack(weights: m.int8s(weights), bias: m.int32s(bias), tile: tile, into: packed(m))
    case .depthwiseConv2D(let p, _):
      p.pack(filter: m.int8s(weights), bias: m.int32s(bias), into: packed(m))
    case .transposeConv(let t, let p):
      t.turnedFilter(m.int8s(weights)).withUnsafeBufferPointer {
        p.pack(filter: $0, bias: m.int32s(bias), tile: tile, into: packed(m))
      }
    }
  }

  /// Runs the fast kernel, every task of `split` in turn, on this thread.
  /// No allocation.
  func run(_ m: TensorMemory) {
    prologue(m)
    for task in tasks.indices { run(m, thread: 0, task: task) }
  }

  /// What runs once, on the calling thread, before the tasks: the padded
  /// copy of a direct convolution's input (`Conv2DInt8.padForDirect`) or
  /// a padded depthwise convolution's (`DepthwiseConv2DInt8.padForFast`),
  /// or a TRANSPOSE_CONV's spread input (and its padded copy), into thread
  /// 0's scratch, which every task then reads.
  func prologue(_ m: TensorMemory) {
    guard GEMMInt8.isSIMDArchitecture, let pad else { return }
    pad(m)
  }

  /// Runs task `task` of `split` with thread `thread`'s scratch. Tasks
  /// write apart, so threads may run different tasks at once.
  func run(_ m: TensorMemory, thread: Int, task: Int) {
    // As in `pack`: builds without SIMD leave the fast kernels out.
    guard GEMMInt8.isSIMDArchitecture else { return }
    body(m, UnsafeRawBufferPointer(packed(m)), thread, tasks[task])
  }
}

extension PreparedFastOp.Kernel {
  /// How the output is cut for `threads` threads: conv and FC outputs by
  /// `tile`'s rows and packed blocks of channels, depthwise outputs by
  /// output rows.
  /// - Parameters:
  ///   - tile: the GEMM tile the op runs (unused for depthwise).
  ///   - threads: the threads that will run it.
  /// - Returns: the split (`WorkSplit`).
  func workSplit(tile: GEMMInt8.Tile, threads: Int) -> WorkSplit {
    switch self {
    case .conv2D(let p), .transposeConv(_, let p), .groupedConv2D(_, let p):
      let g = p.geometry
      let pixels = g.batches * g.outputH * g.outputW
      return WorkSplit(
        rows: pixels, rowStep: tile.rows, channels: g.outputDepth,
        channelStep: tile.layout.channels,
        macs: pixels * g.outputDepth * g.filterH * g.filterW * g.inputDepth, threads: threads,
        isa: tile.isa)
    case .fullyConnected(let p):
      let g = p.geometry
      return WorkSplit(
        rows: g.rows, rowStep: tile.rows, channels: g.outputDepth,
        channelStep: tile.layout.channels, macs: g.rows * g.outputDepth * g.inputDepth,
        threads: threads, isa: tile.isa)
    case .depthwiseConv2D(let p, let k):
      let g = p.geometry
      let rows = g.batches * g.outputH
      return WorkSplit(
        rows: rows, rowStep: 1, channels: g.outputDepth, channelStep: g.outputDepth,
        macs: rows * g.outputW * g.outputDepth * g.filterH * g.filterW, threads: threads,
        isa: k.isa)
    }
  }

}
