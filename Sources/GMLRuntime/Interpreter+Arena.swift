// GMLRuntime/Interpreter+Arena.swift — an arena the caller gives (a static buffer on a microcontroller), and the size and alignment it needs.
import GMLCore
import GMLFormat

extension Interpreter {
  /// The largest arena any interpreter has, in bytes (2 GiB − 1: the
  /// format's `memory_plan.arena_size` and the runtime's tensor offsets
  /// are 32-bit), and the default of `Options.maxArenaSize`.
  public static let arenaSizeLimit = ArenaLayout.maxSize

  /// Prepares `model` to run in `arena`, memory the caller owns (as
  /// TFLite Micro's tensor arena): a static buffer in RAM on a
  /// microcontroller, sized with `arenaSize(for:options:)` on a host
  /// beforehand. The interpreter uses its first `arenaSize` bytes
  /// (zeroed here) and never frees it: `arena` must outlive the
  /// interpreter and not be used for anything else meanwhile. The outputs
  /// are the bytes `init(model:options:)` gives.
  ///
  /// Cost: as `init(model:options:)`, without the arena's allocation.
  ///
  /// - Parameters:
  ///   - model: a verified model; its bytes must outlive the interpreter.
  ///   - arena: at least `arenaSize(for: model, options: options)` bytes,
  ///     starting at a multiple of `arenaAlignment(for: model, options:
  ///     options)`.
  ///   - options: memory layout (`preserveAllTensors`), kernels, threads.
  /// - Throws: what `init(model:options:)` throws, and `arenaTooSmall` at
  ///   `.byteOffset(n)` when `arena` is shorter than the `n` bytes the
  ///   model needs; `misaligned` when it starts off its alignment.
  public init(
    model: Model, arena: UnsafeMutableRawBufferPointer, options: Options = Options()
  ) throws(GMLError) {
    let prepared = try Preparation(model, options)
    guard arena.count >= prepared.arenaSize else {
      throw GMLError(
        .arenaTooSmall, at: .byteOffset(prepared.arenaSize),
        "the arena given ends before this offset: the model needs this many bytes")
    }
    guard Int(bitPattern: arena.baseAddress) % prepared.alignment == 0 else {
      throw GMLError(
        .misaligned,
        "the arena given does not start at a multiple of Interpreter.arenaAlignment(for:options:)")
    }
    self.init(prepared, arena: arena, ownsArena: false)
  }

  /// The bytes of arena `model` needs with `options`: what
  /// `init(model:options:)` allocates and `init(model:arena:options:)`
  /// takes. Prepares the model as `init` does (without the arena and
  /// without starting threads), so it throws what `init` throws.
  ///
  /// The size depends on where it runs: fast kernels repack weights into
  /// the arena only on a CPU with AVX2 or NEON, and per-thread scratch
  /// grows with `options.threads`. For a microcontroller, ask on a host
  /// with `Options(kernels: .reference)` (what `gml inspect` reports as
  /// the microcontroller arena), or on the device.
  ///
  /// - Parameters:
  ///   - model: a verified model.
  ///   - options: the options the interpreter will be made with.
  /// - Returns: the byte count, `arenaSize` of the interpreter.
  /// - Throws: `GMLError`, as `init(model:options:)`.
  public static func arenaSize(for model: Model, options: Options = Options())
    throws(GMLError) -> Int
  {
    try Preparation(model, options).arenaSize
  }

  /// The alignment in bytes an arena for `model` must start at: 16, or
  /// the model's stored memory plan's when larger (up to 4096; ignored
  /// with `options.preserveAllTensors`, which plans afresh).
  ///
  /// - Parameters:
  ///   - model: a verified model.
  ///   - options: the options the interpreter will be made with.
  /// - Returns: a power of two, at least 16.
  public static func arenaAlignment(for model: Model, options: Options = Options()) -> Int {
    ArenaLayout.alignment(
      model.subgraphAt(0), preserveAll: options.preserveAllTensors,
      keepingInputs: !options.reusesInputMemory)
  }
}
