// GMLRuntime/Interpreter+Prepare.swift — the prepare phase up to, not including, the arena: shared by both inits and arenaSize(for:options:).
import GMLCore
import GMLFormat
import GMLKernels

/// Everything `Interpreter.init` works out before it has an arena: each
/// operator resolved to its kernel and checked, the data flow checked,
/// each tensor's place (arena offset or constant bytes) and the arena's
/// size and alignment. Both inits and `Interpreter.arenaSize(for:options:)`
/// run it, so the size a caller is told is the size `init` takes.
///
/// Allocates only bookkeeping: the prepared operators and the tensors'
/// places (kept by the interpreter), and per-tensor facts for the checks,
/// without names except the graph inputs' and outputs' (freed on return).
struct Preparation {
  var ops: [PreparedOp]
  let storage: [TensorStorage]
  let tail: ArenaTail
  let inputInfos: [TensorInfo]
  let outputInfos: [TensorInfo]
  /// The arena's alignment in bytes (`Interpreter.arenaAlignment`).
  let alignment: Int
  let usesStoredPlan: Bool
  /// The threads the fast kernels are split for (`Interpreter.threadCount`).
  let threads: Int
  /// The ISA tier the fast kernels run (`Interpreter.Options.isa`).
  let isa: ISATier
  /// Whether activations reuse the graph inputs' bytes
  /// (`Interpreter.Options.reusesInputMemory`).
  let reusesInputMemory: Bool
  /// The float16 constants' bytes in the model, in the order of
  /// `tail.float16Offsets`.
  let float16Sources: [UnsafeRawBufferPointer]
  /// The GATHER indices `invoke` checks.
  let indexChecks: IndexChecks

  /// The arena's size in bytes: planned tensors and the tail.
  var arenaSize: Int { tail.arenaSize }

  /// Prepares subgraph 0 of `model` with `options`; see
  /// `Interpreter.init(model:options:)` for what is checked and thrown.
  init(_ model: Model, _ options: Interpreter.Options) throws(GMLError) {
    threads = try Interpreter.threadCount(options)
    reusesInputMemory = options.reusesInputMemory
    isa =
      options.kernels == .microcontroller
      ? .dsp : ISATier.selected(cap: options.isa ?? ISATier.environmentCap)
    let graph = model.subgraphAt(0)
    var tensors = try Interpreter.tensorInfos(graph)
    let widened = Interpreter.widenFloat16Constants(&tensors, graph)
    ops = []
    ops.reserveCapacity(graph.operatorCount)
    var flow = try DataFlow(graph)
    for i in 0..<graph.operatorCount {
      let op = graph.operatorAt(i)
      ops.append(try OpResolver.prepare(op, index: i, tensors: tensors))
      try flow.check(op, index: i)
    }
    try flow.checkOutputs(graph)
    if model.roundingMode != .doubleRounding && ops.contains(where: { $0.isQuantized }) {
      throw GMLError(
        .invalidQuantization,
        "rounding_mode SINGLE_ROUNDING is not implemented; int8 kernels round as DOUBLE_ROUNDING")
    }
    if options.kernels != .reference {
      Interpreter.chooseFastKernels(&ops, graph, FastKernelSet.of(isa))
      Interpreter.splitFastKernels(ops, threads: threads)
    }

    let layout = try ArenaLayout(
      graph, preserveAll: options.preserveAllTensors,
      keepingInputs: !options.reusesInputMemory)
    tail = try ArenaTail(
      plannedSize: layout.size, widened: widened, tensors: tensors, ops: &ops, threads: threads)
    var storage: [TensorStorage] = []
    storage.reserveCapacity(tensors.count)
    var sources: [UnsafeRawBufferPointer] = []
    sources.reserveCapacity(widened.count)
    for (t, info) in tensors.enumerated() {
      let buffer = graph.tensorAt(t).buffer
      if sources.count < widened.count && widened[sources.count] == t {
        let bytes = model.bufferAt(buffer).bytes
        guard bytes.count * 2 == info.byteCount else {
          throw GMLError(
            .malformed, at: .tensor(t), "float16 constant size does not match its shape")
        }
        storage.append(
          .arena(offset: tail.float16Offsets[sources.count], byteCount: info.byteCount))
        sources.append(bytes)
      } else if buffer != 0 {
        let bytes = model.bufferAt(buffer).bytes
        if let base = bytes.baseAddress, Int(bitPattern: base) % info.type.byteSize != 0 {
          throw GMLError(
            .misaligned, at: .buffer(buffer), "constant data not aligned for its type in memory")
        }
        storage.append(.constant(bytes))
      } else if layout.offsets[t] >= 0 {
        storage.append(.arena(offset: layout.offsets[t], byteCount: info.byteCount))
      } else {
        storage.append(.none)
      }
    }
    self.storage = storage
    float16Sources = sources
    indexChecks = try IndexChecks(ops, graph, storage)
    inputInfos = graph.inputs.map { tensors[$0].named(graph.tensorAt($0).name) }
    outputInfos = graph.outputs.map { tensors[$0].named(graph.tensorAt($0).name) }
    alignment = layout.alignment
    usesStoredPlan = layout.isStored
  }

  /// Converts every float16 constant from the model's bytes into its
  /// float32 slot in `arena`. Runs once, at `init`.
  func widenFloat16Constants(into arena: UnsafeMutableRawBufferPointer) {
    for (k, bytes) in float16Sources.enumerated() {
      let offset = tail.float16Offsets[k]
      Interpreter.dequantizeFloat16(
        bytes,
        into: UnsafeMutableRawBufferPointer(rebasing: arena[offset..<offset + 2 * bytes.count]))
    }
  }
}

extension Interpreter {
  /// The type, shape, byte size and quantization of every tensor of
  /// `graph`, without names (`TensorInfo.named(_:)` adds one).
  static func tensorInfos(_ graph: Subgraph) throws(GMLError) -> [TensorInfo] {
    var infos: [TensorInfo] = []
    infos.reserveCapacity(graph.tensorCount)
    for t in 0..<graph.tensorCount {
      let tensor = graph.tensorAt(t)
      let (type, shape) = (tensor.type, tensor.shape)
      let byteCount: Int
      do {
        byteCount = try shape.byteCount(of: type)
      } catch {
        throw GMLError(error.kind, at: .tensor(t), error.detail)
      }
      let quantization = try TensorInfo.Quantization.checked(
        tensor.quantization, type: type, shape: shape, tensor: t)
      infos.append(
        TensorInfo(
          name: "", tensorIndex: t, type: type, shape: shape, byteCount: byteCount,
          quantization: quantization))
    }
    return infos
  }
}
