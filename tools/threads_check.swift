// tools/threads_check.swift — run by tools/threads-check.sh under ThreadSanitizer: each model on 1 to 4 threads, several invokes, the same bytes.
import CGMLThreadPool
import GMLCore
import GMLFormat
import GMLRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The whole file at `path`, or nil.
func readFile(_ path: String) -> [UInt8]? {
  guard let file = fopen(path, "rb") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let n = fread(&chunk, 1, chunk.count, file)
    if n == 0 { break }
    bytes += chunk[0..<n]
  }
  return bytes
}

/// Every output of `rounds` invokes on `threads` threads, on the same
/// sequence of pseudo-random inputs whatever `threads` is.
func outputs(_ model: Model, threads: Int, rounds: Int) throws(GMLError) -> [[UInt8]] {
  var interpreter = try Interpreter(model: model, options: .init(threads: threads))
  var all: [[UInt8]] = []
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  for _ in 0..<rounds {
    for k in 0..<interpreter.inputCount {
      let input = (0..<interpreter.inputInfo(at: k).byteCount).map { _ -> UInt8 in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
      }
      try interpreter.copyInput(input, at: k)
    }
    try interpreter.invoke()
    for k in 0..<interpreter.outputCount { all.append(interpreter.copyOutput(at: k)) }
  }
  return all
}

/// 3,000 loops of 1 to 40 tasks on 3 threads, each task counting its own
/// slot: each loop's tasks run exactly once. Returns the failures.
func poolLoops() -> Int {
  guard let pool = gml_threadpool_create(3) else { return 1 }
  defer { gml_threadpool_destroy(pool) }
  var failures = 0
  for loop in 0..<3000 {
    let tasks = 1 + loop % 40
    var counts = [Int](repeating: 0, count: tasks)
    counts.withUnsafeMutableBufferPointer { slots in
      gml_threadpool_run(
        pool,
        { context, _, index in
          context?.assumingMemoryBound(to: Int.self)[index] += 1
        }, slots.baseAddress, tasks)
    }
    if counts.contains(where: { $0 != 1 }) {
      print("threads-check: loop \(loop) of \(tasks) tasks ran them \(counts) times")
      failures += 1
    }
  }
  print("threads-check: 3000 thread-pool loops \(failures == 0 ? "ok" : "FAILED")")
  return failures
}

@main
struct ThreadsCheck {
  static func main() {
    var failures = poolLoops()
    for path in CommandLine.arguments.dropFirst() {
      guard let bytes = readFile(path) else {
        print("threads-check: cannot read \(path)")
        exit(2)
      }
      do {
        try bytes.withUnsafeBytes { raw in
          let model = try Model(verifying: raw)
          let expected = try outputs(model, threads: 1, rounds: 3)
          for threads in 2...4 {
            let same = try outputs(model, threads: threads, rounds: 3) == expected
            print(
              "threads-check: \(path) on \(threads) threads: \(same ? "same bytes" : "DIFFERS")")
            if !same { failures += 1 }
          }
        }
      } catch {
        print("threads-check: \(path): \(error)")
        failures += 1
      }
    }
    exit(failures == 0 ? 0 : 1)
  }
}
