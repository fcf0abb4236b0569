// GMLRuntimeTests/InterpreterCallerArenaTests.swift — an arena the caller gives: same bytes as an allocated one, refused when too small or misaligned, never freed.
import GMLConverter
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

final class InterpreterCallerArenaTests: XCTestCase {
  /// Every kind of arena tail: float32 (plan only), float16 constants
  /// widened into the arena, hybrid scratch, int8 with packed weights.
  func models() throws -> [(name: String, bytes: [UInt8], input: [UInt8])] {
    var rng = SplitMix64(seed: 11)
    let chain = InterpreterTests.chain().model
    let chainInput = floatBytes(InterpreterTests.random(72, &rng))
    return [
      ("float32", chain.bytes, chainInput),
      (
        "float16", ModelWriter.write(try WeightQuantizer.apply(chain.definition, mode: .float16)),
        chainInput
      ),
      (
        "dynamic", ModelWriter.write(try WeightQuantizer.apply(chain.definition, mode: .dynamic)),
        chainInput
      ),
      ("int8", TestModel.quantizedDense().bytes, floatBytes([0.5, -1, 0.25, 2])),
    ]
  }

  /// The first output after one invoke on `input`, through `interpreter`.
  func output(_ interpreter: inout Interpreter, _ input: [UInt8]) throws -> [UInt8] {
    try interpreter.copyInput(input, at: 0)
    try interpreter.invoke()
    return interpreter.copyOutput(at: 0)
  }

  /// An arena of `arenaSize(for:options:)` bytes gives the allocating
  /// init's bytes, on one thread and on four; the interpreter touches
  /// nothing past its `arenaSize`.
  func testCallerArenaGivesTheAllocatingInitsBytes() throws {
    for (name, bytes, input) in try models() {
      for options in [Interpreter.Options(), Interpreter.Options(threads: 4)] {
        try bytes.withUnsafeBytes { raw in
          let model = try Model(verifying: raw)
          var own = try Interpreter(model: model, options: options)
          let expected = try output(&own, input)
          let size = try Interpreter.arenaSize(for: model, options: options)
          XCTAssertEqual(size, own.arenaSize, name)
          let alignment = Interpreter.arenaAlignment(for: model, options: options)
          XCTAssertEqual(alignment, 16, name)
          let arena = UnsafeMutableRawBufferPointer.allocate(
            byteCount: size + 64, alignment: alignment)
          defer { arena.deallocate() }
          arena.initializeMemory(as: UInt8.self, repeating: 0xA5)
          var given = try Interpreter(model: model, arena: arena, options: options)
          XCTAssertEqual(given.arenaSize, size, name)
          XCTAssertEqual(try output(&given, input), expected, "\(name), \(options.threads) threads")
          XCTAssertTrue(arena[size...].allSatisfy { $0 == 0xA5 }, "\(name): wrote past arenaSize")
        }
      }
    }
  }

  /// One byte short is refused, naming the bytes needed; so is an arena
  /// one byte off its alignment.
  func testTooSmallOrMisalignedArenaIsRefused() throws {
    let bytes = TestModel.quantizedDense().bytes
    try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      let size = try Interpreter.arenaSize(for: model)
      let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 16, alignment: 16)
      defer { arena.deallocate() }
      let short = UnsafeMutableRawBufferPointer(rebasing: arena[0..<size - 1])
      XCTAssertEqual(
        arenaError(model, short)?.description,
        "arena too small at byte \(size): the arena given ends before this offset:"
          + " the model needs this many bytes")
      XCTAssertEqual(arenaError(model, short)?.location, .byteOffset(size))
      let shifted = UnsafeMutableRawBufferPointer(rebasing: arena[1..<size + 1])
      XCTAssertEqual(
        arenaError(model, shifted)?.description,
        "misaligned: the arena given does not start at a multiple of"
          + " Interpreter.arenaAlignment(for:options:)")
      XCTAssertNil(arenaError(model, UnsafeMutableRawBufferPointer(rebasing: arena[0..<size])))
    }
  }

  /// The error `init(model:arena:)` throws, or nil.
  func arenaError(_ model: Model, _ arena: UnsafeMutableRawBufferPointer) -> GMLError? {
    do throws(GMLError) {
      _ = try Interpreter(model: model, arena: arena)
      return nil
    } catch {
      return error
    }
  }

  /// The interpreter leaves the caller's arena alone when it goes away:
  /// the bytes it left stay readable, and the caller frees the memory
  /// (a second free would crash, and AddressSanitizer reports a read of
  /// freed memory).
  func testCallerArenaIsNotFreed() throws {
    let bytes = TestModel.quantizedDense().bytes
    let arena = try bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      let arena = UnsafeMutableRawBufferPointer.allocate(
        byteCount: try Interpreter.arenaSize(for: model), alignment: 16)
      var interpreter = try Interpreter(model: model, arena: arena)
      _ = try output(&interpreter, floatBytes([0.5, -1, 0.25, 2]))
      return (arena, Array(arena))
    }
    XCTAssertEqual(Array(arena.0), arena.1)
    arena.0.deallocate()
  }

  /// A stored plan's alignment above 16 is the arena's; preserving every
  /// tensor plans afresh, at 16.
  func testAlignmentFollowsTheStoredPlan() throws {
    var m = InterpreterTests.chain().model
    let plan = try m.bytes.withUnsafeBytes { raw in
      try ArenaPlanner(alignment: 64).plan(try Model(verifying: raw).subgraphAt(0))
    }
    m.memoryPlan = MemoryPlanDefinition(
      arenaSize: UInt64(plan.arenaSize), alignment: 64, offsets: plan.offsets.map { Int64($0) })
    try m.bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      XCTAssertEqual(Interpreter.arenaAlignment(for: model), 64)
      XCTAssertEqual(
        Interpreter.arenaAlignment(for: model, options: .init(preserveAllTensors: true)), 16)
    }
  }
}
