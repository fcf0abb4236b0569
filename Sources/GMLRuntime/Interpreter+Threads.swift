// GMLRuntime/Interpreter+Threads.swift — splitting the fast kernels across the interpreter's threads, and running each op on them.
import GMLCore
import GMLKernels

extension Interpreter {
  /// The most threads `Options.threads` accepts.
  public static let maxThreads = 64

  /// The threads `options` asks for, as this build runs them: 1 where it
  /// has no threads (`ThreadPool.isAvailable`). The pool starts them at
  /// `init`.
  /// - Throws: `invalidArgument` below 1, `limitExceeded` above
  ///   `maxThreads`.
  static func threadCount(_ options: Options) throws(GMLError) -> Int {
    if options.threads < 1 {
      throw GMLError(.invalidArgument, "Options.threads must be at least 1")
    }
    if options.threads > maxThreads {
      throw GMLError(.limitExceeded, "Options.threads above Interpreter.maxThreads (64)")
    }
    return ThreadPool.isAvailable ? options.threads : 1
  }

  /// Cuts every fast op's output in `ops` into tasks for `threads`
  /// threads (`WorkSplit`).
  static func splitFastKernels(_ ops: [PreparedOp], threads: Int) {
    guard threads > 1 else { return }
    for i in ops.indices {
      guard case .int8(.fast(let f)) = ops[i] else { continue }
      f.split(threads: threads)
    }
  }

  /// Runs op `index`: a fast kernel through its reference in
  /// `fastKernels`, split into tasks on every thread when it has several;
  /// any other op on this one. (Only SIMD builds have fast kernels:
  /// elsewhere the first test folds to false and the pool's path goes.)
  func run(_ index: Int) {
    if GEMMInt8.isSIMDArchitecture, let f = fastKernels[index] {
      if pool.threads > 1, f.split.taskCount > 1 {
        f.prologue(memory)
        pool.run(f, memory)
      } else {
        f.run(memory)
      }
    } else {
      ops[index].run(memory)
    }
  }
}
