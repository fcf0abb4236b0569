// samples/embedded/mps2-an386/main.swift — gml-run for the Cortex-M4 board: model and inputs from flash, a static arena, outputs to host files through semihosting.
import GMLCore
import GMLKernels
import GMLRuntime

/// The program `startup.c` calls after reset: runs the model linked into
/// flash on the inputs linked beside it, in the static arena the build
/// reserved for it, writes each output `.npy` to the host path the build
/// chose, and prints the memory figures.
/// - Returns: 0, or 1 on an error (printed), 2 when invoke() allocated.
@_cdecl("gml_board_main")
func boardMain() -> Int32 {
  var modelSize: UInt = 0
  let model = UnsafeRawBufferPointer(start: board_model(&modelSize), count: Int(modelSize))
  var reserved: UInt = 0
  let arena = UnsafeMutableRawBufferPointer(start: board_arena(&reserved), count: Int(reserved))
  var invokeAllocations = 0
  var arenaSize = 0
  var heapAfterInit: UInt = 0
  do throws(GMLError) {
    var run = try EmbeddedRun(
      model: model, raw: board_raw() != 0, arena: arena, isa: board_dsp() != 0 ? .dsp : nil)
    heapAfterInit = board_heap_live()
    guard board_input_count() == run.inputCount else {
      print(
        "board: error: \(board_input_count()) input(s) in flash, the model has \(run.inputCount)")
      return 1
    }
    for k in 0..<run.inputCount {
      var size: UInt = 0
      let start = board_input(UInt(k), &size)
      try run.copyInput(Array(UnsafeRawBufferPointer(start: start, count: Int(size))), at: k)
    }
    // `board_runs()` invokes (outputs from the last): clock counts per operator
    // of the last, and each invoke's total, kept in a buffer made before.
    let runs = Int(board_runs())
    var ticks = OperatorTicks(count: run.operatorCount)
    var totals = [UInt32](repeating: 0, count: runs)
    for r in 0..<runs {
      let start = OperatorTicks.now()
      invokeAllocations += try run.invoke(observer: &ticks)
      totals[r] = OperatorTicks.elapsed(from: start)
    }
    ticks.print(total: totals[runs - 1])
    if runs > 1 { OperatorTicks.printSpread(totals) }
    arenaSize = run.arenaSize
    for k in 0..<run.outputCount {
      let (npy, summary) = try run.output(at: k)
      guard let path = board_output_path(UInt(k)),
        npy.withUnsafeBytes({ board_write_file(path, $0.baseAddress, UInt($0.count)) }) == 0
      else {
        print("board: error: cannot write output \(k) to the host through semihosting")
        return 1
      }
      print("output \(k): \(summary), \(npy.count) bytes, fnv1a \(String(fnv1a(npy), radix: 16))")
    }
  } catch {
    print("board: error: \(error.description)")
    return 1
  }
  print("model: \(model.count) bytes in flash")
  print("arena: \(arenaSize) bytes used of \(arena.count) static")
  print("heap peak: \(board_heap_peak()) of \(board_heap_capacity()) bytes")
  print("heap live peak: \(board_heap_live_peak()) bytes")
  print("heap after init: \(heapAfterInit) bytes")
  print("stack peak: \(board_stack_used()) bytes")
  print("allocations during invoke: \(invokeAllocations) (\(gml_allocation_count()) in all)")
  return invokeAllocations == 0 ? 0 : 2
}

/// The 32-bit FNV-1a hash of `bytes`: a short fingerprint for the log.
func fnv1a(_ bytes: [UInt8]) -> UInt32 {
  var h: UInt32 = 2_166_136_261
  for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
  return h
}

/// Board clock counts per operator of one invoke (`board_clock`: cycles
/// where DWT's CYCCNT counts, SysTick ticks elsewhere): printed as "op N:
/// T cycles" (or "ticks"), then the invoke's total; under qemu with
/// `-icount shift=0` a tick is 40 instructions. The counts are kept in a
/// buffer made before invoke, so observing allocates nothing inside it.
struct OperatorTicks: InvokeObserver {
  var ticks: [UInt32]
  var start: UInt32 = 0
  /// "cycles" or "ticks".
  static var unit: String { board_clock_is_cycles() != 0 ? "cycles" : "ticks" }

  /// Room for `count` operators.
  init(count: Int) { ticks = [UInt32](repeating: 0, count: count) }

  /// The clock now.
  static func now() -> UInt32 { UInt32(truncatingIfNeeded: board_clock()) }

  /// Clock counts since `start`.
  static func elapsed(from start: UInt32) -> UInt32 {
    (now() &- start) & UInt32(truncatingIfNeeded: board_clock_mask())
  }

  mutating func willRun(op index: Int) { start = OperatorTicks.now() }

  mutating func didRun(op index: Int) {
    if index < ticks.count { ticks[index] = OperatorTicks.elapsed(from: start) }
  }

  /// Prints each operator's ticks (those that ran) and `total`.
  func print(total: UInt32) {
    for (i, t) in ticks.enumerated() where t != 0 { Swift.print("op \(i): \(t) \(Self.unit)") }
    Swift.print("invoke: \(total) \(Self.unit)")
  }

  /// Prints the least and the median of several invokes' ticks.
  static func printSpread(_ totals: [UInt32]) {
    var sorted = totals
    // An insertion sort: a few values, and no sort code in the image.
    for i in 1..<sorted.count {
      var k = i
      while k > 0 && sorted[k - 1] > sorted[k] {
        sorted.swapAt(k - 1, k)
        k -= 1
      }
    }
    Swift.print(
      "invokes: \(totals.count), min \(sorted[0]) \(unit), median \(sorted[sorted.count / 2]) \(unit)"
    )
  }
}
