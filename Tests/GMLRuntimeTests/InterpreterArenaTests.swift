// GMLRuntimeTests/InterpreterArenaTests.swift — the stored memory plan: used when valid, refused when it overlaps or is too small.
import GMLCore
import GMLFormat
import GMLRuntime
import GMLTestSupport
import XCTest

final class InterpreterArenaTests: XCTestCase {
  /// The chain model with the plan ArenaPlanner makes for it stored in the file.
  private func chainWithPlan() throws -> (TestModel, ArenaPlanner.Plan) {
    var (m, _) = InterpreterTests.chain()
    let plan = try m.bytes.withUnsafeBytes { raw in
      try ArenaPlanner().plan(try Model(verifying: raw).subgraphAt(0))
    }
    m.memoryPlan = MemoryPlanDefinition(
      arenaSize: UInt64(plan.arenaSize), offsets: plan.offsets.map { Int64($0) })
    return (m, plan)
  }

  func testStoredPlanIsUsed() throws {
    let (m, plan) = try chainWithPlan()
    var rng = SplitMix64(seed: 5)
    let x = InterpreterTests.random(72, &rng)
    let (_, weights) = InterpreterTests.chain()
    // The reference kernels: the fast float Conv2D's im2col scratch would
    // follow the plan in the arena's tail.
    let reference = Interpreter.Options(kernels: .reference)
    try withInterpreter(m.bytes, options: reference) { interpreter in
      XCTAssertTrue(interpreter.usesStoredPlan)
      XCTAssertEqual(interpreter.arenaSize, plan.arenaSize)
      try interpreter.copyInput(x, at: 0)
      try interpreter.invoke()
      assertClose(try interpreter.copyOutputFloats(at: 0), weights.expected(x), tolerance: 1e-5)
    }
    // A roomier plan is fine too: every tensor at its own offset.
    var spread = m
    var offset: Int64 = 0
    spread.memoryPlan?.offsets = m.tensors.map { t in
      if t.buffer != 0 { return -1 }
      defer { offset += 1024 }
      return offset
    }
    spread.memoryPlan?.arenaSize = UInt64(offset)
    try withInterpreter(spread.bytes, options: reference) { interpreter in
      XCTAssertEqual(interpreter.arenaSize, Int(offset))
    }
  }

  func testStoredPlanThatOverlapsLiveTensorsIsRefused() throws {
    var (m, plan) = try chainWithPlan()
    m.memoryPlan?.offsets = plan.offsets.map { $0 < 0 ? -1 : 0 }
    let error = prepareError(m.bytes)
    XCTAssertEqual(error?.kind, .malformed)
    XCTAssertEqual(error?.detail.description, "memory plan overlaps two tensors alive together")
  }

  func testStoredPlanTooSmallIsRefused() throws {
    var (m, plan) = try chainWithPlan()
    m.memoryPlan?.arenaSize = UInt64(plan.arenaSize - 16)
    XCTAssertEqual(prepareError(m.bytes)?.kind, .arenaTooSmall)
  }

  func testStoredPlanLeavingAnActivationOutIsRefused() throws {
    var (m, _) = try chainWithPlan()
    m.memoryPlan?.offsets[0] = -1
    XCTAssertEqual(prepareError(m.bytes)?.location, .tensor(0))
  }

  func testMisalignedStoredOffsetIsRefused() throws {
    var (m, plan) = try chainWithPlan()
    m.memoryPlan?.offsets[0] = Int64(plan.offsets[0] + 4)
    m.memoryPlan?.arenaSize += 16
    XCTAssertEqual(prepareError(m.bytes)?.kind, .misaligned)
  }

  /// With `reusesInputMemory`, activations take the input's bytes once
  /// read: a smaller arena, the same outputs, and each `invoke` consumes
  /// the input: a second one without a new copy is refused at the input.
  func testReusedInputMemory() throws {
    let (m, weights) = InterpreterTests.chain()
    var rng = SplitMix64(seed: 9)
    let x = InterpreterTests.random(72, &rng)
    let options = Interpreter.Options(reusesInputMemory: true)
    let (kept, reused) = try m.bytes.withUnsafeBytes { raw in
      let model = try Model(verifying: raw)
      return (
        try Interpreter.arenaSize(for: model),
        try Interpreter.arenaSize(for: model, options: options)
      )
    }
    XCTAssertLessThan(reused, kept)
    try withInterpreter(m.bytes, options: options) { interpreter in
      XCTAssertEqual(interpreter.arenaSize, reused)
      for _ in 0..<2 {
        try interpreter.copyInput(x, at: 0)
        try interpreter.invoke()
        assertClose(try interpreter.copyOutputFloats(at: 0), weights.expected(x), tolerance: 1e-5)
      }
      XCTAssertThrowsError(try interpreter.invoke()) { error in
        XCTAssertEqual((error as? GMLError)?.kind, .invalidArgument)
        XCTAssertEqual((error as? GMLError)?.location, .tensor(0))
      }
    }
  }

  /// A stored plan is used only by an interpreter that lays out the inputs
  /// the same way; the others plan their own.
  func testStoredPlanOfTheOtherKindIsSetAside() throws {
    let (kept, _) = try chainWithPlan()
    var reused = kept
    reused.memoryPlan = try reused.bytes.withUnsafeBytes { raw in
      let p = try ArenaPlanner().plan(try Model(verifying: raw).subgraphAt(0), keepingInputs: false)
      return MemoryPlanDefinition(
        arenaSize: UInt64(p.arenaSize), offsets: p.offsets.map { Int64($0) }, inputsReused: true)
    }
    for (m, storedReuses) in [(kept, false), (reused, true)] {
      let stored = try m.bytes.withUnsafeBytes { raw in
        try Model(verifying: raw).subgraphAt(0).memoryPlan?.inputsReused
      }
      XCTAssertEqual(stored, storedReuses)
      for reuses in [false, true] {
        try withInterpreter(m.bytes, options: Interpreter.Options(reusesInputMemory: reuses)) {
          XCTAssertEqual($0.usesStoredPlan, reuses == storedReuses)
        }
      }
    }
  }

  /// Graph inputs live through the whole graph: no other arena tensor
  /// shares a byte with the input, so `invoke` can run again on it.
  func testPlannerNeverReusesGraphInputMemory() throws {
    let (m, _) = InterpreterTests.chain()
    let plan = try m.bytes.withUnsafeBytes { raw in
      try ArenaPlanner().plan(try Model(verifying: raw).subgraphAt(0))
    }
    let inputEnd = plan.offsets[0] + 288
    for (t, offset) in plan.offsets.enumerated() where t != 0 && offset >= 0 {
      let size = m.tensors[t].shape.reduce(4) { $0 * Int($1) }
      XCTAssertTrue(
        offset >= inputEnd || offset + size <= plan.offsets[0], "tensor \(t) overlaps the input")
    }
  }
}
