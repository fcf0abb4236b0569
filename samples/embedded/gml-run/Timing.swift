// samples/embedded/gml-run/Timing.swift — `--runs N`: invoke N times, time each invoke() alone with clock_gettime, print min and median.
import GMLCore
import GMLRuntime

/// Invokes `run` `runs` times; the outputs are the last run's. Timed:
/// reads `CLOCK_MONOTONIC` right before and after each `invoke()`, into
/// a buffer allocated before the loop, and prints the minimum and the
/// median afterwards. Untimed: no clock is read and nothing printed, so
/// two run counts differ by the invokes and the loop's few instructions
/// alone (what `tools/count-instructions.sh` relies on).
/// - Returns: the heap allocations made by all the invokes (0 expected).
/// - Throws: what `Interpreter.invoke()` throws.
func invokeRepeatedly(_ run: inout EmbeddedRun, runs: Int, timed: Bool) throws(GMLError) -> Int {
  let times = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: timed ? runs : 0)
  defer { times.deallocate() }
  let before = gml_allocation_count()
  // One loop and one call of invoke() for both modes: the interpreter's
  // invoke is inlined here, and a second copy would cost kilobytes.
  for k in 0..<runs {
    let start = timed ? monotonicNanoseconds() : 0
    try run.interpreter.invoke()
    if timed { times[k] = monotonicNanoseconds() &- start }
  }
  let allocations = Int(gml_allocation_count() - before)
  if timed {
    insertionSort(times)
    let n = times.count
    let median = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2
    put("time per invoke, --runs ")
    put(UInt64(n))
    put(": min ")
    putMicroseconds(times[0])
    put(" µs, median ")
    putMicroseconds(median)
    put(" µs\n")
  }
  return allocations
}

/// `clock_gettime(CLOCK_MONOTONIC)` in nanoseconds.
func monotonicNanoseconds() -> UInt64 {
  var time = gml_run_timespec(tv_sec: 0, tv_nsec: 0)
  _ = clock_gettime(GML_CLOCK_MONOTONIC, &time)
  return UInt64(truncatingIfNeeded: time.tv_sec) &* 1_000_000_000
    &+ UInt64(truncatingIfNeeded: time.tv_nsec)
}

/// Sorts ascending in place; a few lines instead of the standard
/// library's sort, which would add kilobytes to the program.
func insertionSort(_ values: UnsafeMutableBufferPointer<UInt64>) {
  guard values.count > 1 else { return }
  for i in 1..<values.count {
    let value = values[i]
    var j = i
    while j > 0 && values[j - 1] > value {
      values[j] = values[j - 1]
      j -= 1
    }
    values[j] = value
  }
}

// The time line is written byte by byte through putchar, as `print`
// writes, so it stays in order with the rest; String interpolation of the
// same line would cost about a kilobyte more.

/// Writes `text` to standard output.
func put(_ text: StaticString) {
  text.withUTF8Buffer { for byte in $0 { _ = putchar(Int32(byte)) } }
}

/// Writes `value` in decimal, with at least `digits` digits.
func put(_ value: UInt64, digits: Int = 1) {
  if value >= 10 || digits > 1 { put(value / 10, digits: digits - 1) }
  _ = putchar(Int32(value % 10) + 48)
}

/// Writes nanoseconds as microseconds with three decimals: `86.042`.
func putMicroseconds(_ nanoseconds: UInt64) {
  put(nanoseconds / 1000)
  put(".")
  put(nanoseconds % 1000, digits: 3)
}

/// A decimal count of 1 or more (leading zeros allowed: `01`), or nil.
func parseCount(_ text: UnsafePointer<CChar>) -> Int? {
  var value = 0
  var p = text
  guard p.pointee != 0 else { return nil }
  while p.pointee != 0 {
    let digit = Int(p.pointee) - Int(UInt8(ascii: "0"))
    guard digit >= 0 && digit <= 9, value <= (Int.max - digit) / 10 else { return nil }
    value = value * 10 + digit
    p += 1
  }
  return value >= 1 ? value : nil
}
