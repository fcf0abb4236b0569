// GMLRuntime/Interpreter.swift — runs a verified model: prepare once in init, then invoke any number of times.
import GMLCore
import GMLFormat
import GMLKernels

/// Runs subgraph 0 of a verified `.gml` model, float32 or int8 (TFLite's
/// int8 arithmetic, bit-exact with its reference kernels; requantization
/// multipliers are computed once at `init`). Int8 CONV_2D and
/// FULLY_CONNECTED run fast kernels (`GEMMInt8` tiles picked by the CPU's
/// features) unless `Options.kernels` is `.reference`: the same bytes.
///
/// The three phases (as TFLite Micro): `Model(verifying:)` has checked the
/// file's structure; `init(model:)` prepares, resolving every operator to
/// a kernel, checking element types, operand counts, options and shapes,
/// checking how data flows between operators, and laying out one arena;
/// `invoke()` then runs the kernels with no allocation and no checks beyond
/// debug asserts.
///
/// Memory: constant tensors are read in place from the model's bytes,
/// which must stay alive and unchanged as long as the interpreter is used;
/// float16 constants are the exception: dequantized once, at `init`, into
/// float32 slots at the arena's tail (`ArenaTail`), as are the fast
/// kernels' weights (repacked there once, at `init`), beside the hybrid
/// and fast kernels' shared scratch.
/// Every other tensor lives in one arena (laid out by the model's stored
/// memory plan when it has one, else by `ArenaPlanner`): allocated once by
/// `init(model:options:)` and freed when the interpreter goes away, or
/// given by the caller to `init(model:arena:options:)` (a static buffer on
/// a microcontroller, as TFLite Micro's), which it never frees. Graph
/// inputs keep their values across `invoke` calls.
///
/// Bytes in and out are little-endian (IEEE 754 for float32); gml's
/// targets are little-endian hosts.
///
/// ```swift
/// var interpreter = try Interpreter(model: model)
/// try interpreter.copyInput(image, at: 0)
/// try interpreter.invoke()
/// let probabilities = try interpreter.copyOutputFloats(at: 0)
/// ```
public struct Interpreter: ~Copyable {
  let memory: TensorMemory
  let ops: [PreparedOp]
  /// For each op, its packed-weight fast kernel, or nil: `invoke` runs
  /// such an op through this one reference, without the switch on
  /// `ops`' cases.
  let fastKernels: [PreparedFastOp?]
  let inputInfos: [TensorInfo]
  let outputInfos: [TensorInfo]
  /// Whether `init` allocated the arena (and `deinit` frees it).
  let ownsArena: Bool
  /// The arena's size in bytes: all the memory the interpreter uses for
  /// tensors, allocated by `init(model:options:)` or the first bytes of
  /// the caller's arena.
  public let arenaSize: Int
  /// True when the arena follows the model's stored memory plan; false
  /// when `ArenaPlanner` planned it at `init`.
  public let usesStoredPlan: Bool
  /// The operators that run a fast kernel (`Options.kernels`), by index.
  public let fastOperators: [Int]
  /// The ISA tier the fast kernels run (`Options.isa`): the same for
  /// every operator; a family the tier has no kernel of runs the tier
  /// below's (`FastKernelSet`).
  public let isa: ISATier
  let pool: ThreadPool
  /// The inputs an `invoke` consumed (`Options.reusesInputMemory`), or nil.
  let consumedInputs: ConsumedInputs?
  /// The GATHER indices in graph inputs, checked before each invoke.
  let indexChecks: IndexChecks
  /// The threads that run the fast kernels, counting the caller's
  /// (`Options.threads`, or 1 where the build has no threads).
  public var threads: Int { pool.threads }

  /// How an interpreter lays out its memory and which kernels it runs.
  public struct Options: Sendable {
    /// The kernels of the int8 operators that have a fast one.
    public enum Kernels: Sendable {
      /// Fast kernels: int8 ones give the reference's bytes, from weights
      /// repacked once at `init` into the arena, which grows by about
      /// the size of those weights; float32 ones (FullyConnected,
      /// Conv2D on the AVX2 tier with FMA) the reference's values up to
      /// the order of their sums, weights read in place.
      case fast
      /// The reference kernels only: weights read in place.
      case reference
      /// The kernels a microcontroller build runs, weights read in place:
      /// on a Cortex-M with the DSP extension what `fast` runs there (the
      /// `ISATier.dsp` set); on other builds the same operators, on their
      /// reference kernels. The arena is the device's, so a host sizes a
      /// device's static arena with it (`gml inspect`).
      case microcontroller
    }

    /// Give every tensor its own bytes (no reuse), so `copyTensor(at:)`
    /// reads any intermediate after `invoke` (calibration, per-layer
    /// validation), like TFLite's `experimental_preserve_all_tensors`.
    /// Costs the sum of all tensor sizes in arena.
    public var preserveAllTensors: Bool
    /// Fast or reference kernels (default fast).
    public var kernels: Kernels
    /// The highest ISA tier the fast kernels may run (`ISATier`): the
    /// interpreter runs the best tier this CPU has at or below it, on by
    /// default or not. Nil (the default) takes the `GML_ISA` environment
    /// variable's tier, else the best tier this CPU has that is on by
    /// default. Every tier gives the same bytes.
    public var isa: ISATier?
    /// The threads that run the fast kernels, counting the caller's:
    /// 1 (the default) runs everything on the thread that calls `invoke`;
    /// more splits each large fast kernel's output between that many
    /// threads, started at `init` (1...`Interpreter.maxThreads`). Only
    /// Linux hosts have threads: embedded builds run on the caller alone
    /// (`Interpreter.threads` says how many run). The bytes are the same.
    public var threads: Int
    /// The most bytes `init(model:options:)` allocates for the arena; a
    /// model that needs more is refused with `limitExceeded` before
    /// anything is allocated. The default is the format's limit,
    /// `Interpreter.arenaSizeLimit` (2 GiB − 1): lower it on a device so
    /// that a file cannot make the interpreter ask for more memory than
    /// the device has (a `.gml` of a few hundred bytes can ask for 1 GiB).
    public var maxArenaSize: Int
    /// Let activations reuse the graph inputs' bytes once the last
    /// operator that reads them has run, as TFLite Micro plans: a smaller
    /// arena (MobileNetV1-0.25 96×96: 82,944 → 55,296 bytes), but `invoke`
    /// consumes the inputs, so each must be copied again before the next
    /// one (`invoke` refuses to run on inputs it has overwritten). A stored
    /// plan is used only if it was made the same way (`gml convert
    /// --reuse-input-memory`). Default false: the inputs keep their bytes
    /// across any number of `invoke` calls.
    public var reusesInputMemory: Bool

    /// - Parameters:
    ///   - preserveAllTensors: give every tensor its own bytes.
    ///   - kernels: fast or reference int8 kernels.
    ///   - isa: the highest ISA tier to run, or nil.
    ///   - threads: the threads that run the fast kernels.
    ///   - maxArenaSize: the largest arena to allocate, in bytes.
    ///   - reusesInputMemory: let activations reuse the inputs' bytes.
    public init(
      preserveAllTensors: Bool = false, kernels: Kernels = .fast, isa: ISATier? = nil,
      threads: Int = 1, maxArenaSize: Int = Interpreter.arenaSizeLimit,
      reusesInputMemory: Bool = false
    ) {
      self.preserveAllTensors = preserveAllTensors
      self.kernels = kernels
      self.isa = isa
      self.threads = threads
      self.maxArenaSize = maxArenaSize
      self.reusesInputMemory = reusesInputMemory
    }
  }

  /// Prepares `model` to run in an arena of its own.
  ///
  /// Cost: one pass over the operators, O(n²) in the arena tensors to plan
  /// or check the arena, one allocation of `arenaSize` bytes (zeroed),
  /// and the bookkeeping: the prepared operators (with their per-channel
  /// multipliers) and the tensors' places.
  ///
  /// - Parameters:
  ///   - model: a verified model; its bytes must outlive the interpreter.
  ///   - options: memory layout (`preserveAllTensors`), kernels, threads.
  /// - Throws: `GMLError` at the operator, tensor or buffer at fault:
  ///   `unsupportedOp` (no kernel), `unsupportedType` (operand types
  ///   without a kernel; in a `GML_INT8_ONLY` build, any float32 or
  ///   hybrid operator), `invalidQuantization` (a scale that is not
  ///   positive and finite, a zero point out of range, per-axis
  ///   parameters on the wrong axis or of the wrong count, an output
  ///   whose parameters TFLite fixes set otherwise, or int8 ops in a model
  ///   whose rounding mode is not DOUBLE_ROUNDING), `shapeMismatch` (a
  ///   declared shape differs from the one the op computes), `malformed`
  ///   (operand counts, options of another op, a tensor read before
  ///   anything writes it, written twice, or a graph input or constant
  ///   written; a stored plan with overlapping tensors), `arenaTooSmall`
  ///   (a stored plan whose tensors run past `arena_size`), `misaligned`,
  ///   `invalidArgument`, `limitExceeded` (also for an arena larger than
  ///   `options.maxArenaSize`, at `.byteOffset` of the size needed).
  public init(model: Model, options: Options = Options()) throws(GMLError) {
    let prepared = try Preparation(model, options)
    guard prepared.arenaSize <= options.maxArenaSize else {
      throw GMLError(
        .limitExceeded, at: .byteOffset(prepared.arenaSize),
        "the model needs an arena of this many bytes, above Interpreter.Options.maxArenaSize")
    }
    let arena = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(prepared.arenaSize, 1), alignment: prepared.alignment)
    self.init(prepared, arena: arena, ownsArena: true)
  }

  /// Takes `arena` as the interpreter's: zeroes its first `arenaSize`
  /// bytes, fills the arena's tail (float16 constants, packed weights)
  /// and starts the threads.
  init(_ prepared: consuming Preparation, arena: UnsafeMutableRawBufferPointer, ownsArena: Bool) {
    let used = UnsafeMutableRawBufferPointer(rebasing: arena[0..<prepared.arenaSize])
    used.initializeMemory(as: UInt8.self, repeating: 0)
    prepared.widenFloat16Constants(into: used)
    let memory = TensorMemory(
      arena: used, storage: prepared.storage, scratch: prepared.tail.scratch(in: used),
      scratchPerThread: prepared.tail.scratchPerThread)
    Interpreter.packFastKernels(prepared.ops, memory)
    self.memory = memory
    self.ownsArena = ownsArena
    pool = ThreadPool(threads: prepared.threads)
    ops = prepared.ops
    fastKernels = prepared.ops.map { op in
      if case .int8(.fast(let f)) = op { return f }
      return nil
    }
    inputInfos = prepared.inputInfos
    outputInfos = prepared.outputInfos
    arenaSize = prepared.arenaSize
    usesStoredPlan = prepared.usesStoredPlan
    fastOperators = prepared.ops.indices.filter { prepared.ops[$0].isFast }
    isa = prepared.isa
    consumedInputs =
      prepared.reusesInputMemory ? ConsumedInputs(count: prepared.inputInfos.count) : nil
    indexChecks = prepared.indexChecks
  }

  deinit {
    if ownsArena { memory.arena.deallocate() }
  }

  /// Runs every operator once, in order, on the current inputs.
  ///
  /// Allocates nothing. The outputs are valid until the next `invoke` or
  /// `copyInput`. With `Options.reusesInputMemory` it consumes the inputs:
  /// each must be copied again before the next `invoke`.
  ///
  /// - Throws: `invalidArgument` at an input's tensor when
  ///   `Options.reusesInputMemory` is set and the last `invoke` overwrote
  ///   that input; `invalidArgument` at an input's tensor holding a
  ///   GATHER index outside its table (before any operator runs);
  ///   nothing else: every other check was made at `init`.
  public mutating func invoke() throws(GMLError) {
    try indexChecks.check(memory)
    try consumedInputs?.consume(inputInfos)
    for i in ops.indices { run(i) }
  }

  /// Runs every operator once, as `invoke()`, telling `observer` before
  /// and after each one (a profiler reads a clock there). `invoke()`
  /// itself reads no clock.
  ///
  /// - Parameter observer: told each operator's index around its run.
  /// - Throws: as `invoke()`.
  public mutating func invoke<Observer: InvokeObserver>(observer: inout Observer)
    throws(GMLError)
  {
    try indexChecks.check(memory)
    try consumedInputs?.consume(inputInfos)
    for i in ops.indices {
      observer.willRun(op: i)
      run(i)
      observer.didRun(op: i)
    }
  }
}
