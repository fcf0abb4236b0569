// GMLRuntime/Interpreter+Threads.swift — splitting the fast kernels across the interpreter's threads, and running each op on them.
import GMLCore

extension Interpreter {
  /// The most threads `Options.threads` accepts.
  public static let maxThreads = 64

  /// A thread pool for `options.threads` threads (workers start here, at
  /// `init`).
  /// - Throws: `invalidArgument` below 1, `limitExceeded` above
  ///   `maxThreads`.
  static func threadPool(_ options: Options) throws(GMLError) -> ThreadPool {
    if options.threads < 1 {
      throw GMLError(.invalidArgument, "Options.threads must be at least 1")
    }
    if options.threads > maxThreads {
      throw GMLError(.limitExceeded, "Options.threads above Interpreter.maxThreads (64)")
    }
    return ThreadPool(threads: options.threads)
  }

  /// `ops` with every fast op's output cut into tasks for `threads`
  /// threads (`WorkSplit`).
  static func splitFastKernels(_ ops: [PreparedOp], threads: Int) -> [PreparedOp] {
    guard threads > 1 else { return ops }
    return ops.map { op in
      guard case .int8(.fast(var f)) = op else { return op }
      f.split = f.kernel.workSplit(tile: f.tile, threads: threads)
      return .int8(.fast(f))
    }
  }

  /// Runs `op`: a fast op split into several tasks on every thread, any
  /// other on this one.
  func run(_ op: PreparedOp) {
    if case .int8(.fast(let f)) = op, f.split.taskCount > 1 {
      pool.run(f, memory)
    } else {
      op.run(memory)
    }
  }
}
