// GMLRuntime/ThreadPool.swift — the worker threads an interpreter splits its fast kernels across (Linux; none in embedded builds).
import CGMLThreadPool

/// The interpreter's threads (`Interpreter.Options.threads`): a
/// `gml_threadpool` (`Sources/CGMLThreadPool`) whose workers run a fast
/// kernel's tasks (`WorkSplit`) beside the calling thread. Only hosted
/// Linux builds have threads; elsewhere (embedded builds, a
/// microcontroller) `threads` is 1 and tasks run on the caller.
final class ThreadPool {
  private let pool: OpaquePointer?
  /// The threads that run tasks, counting the caller's.
  let threads: Int

  /// Starts `threads - 1` workers, or none when `threads` is 1 or this
  /// build has no threads (then `threads` is 1).
  /// - Parameter threads: the threads wanted, counting the caller's.
  init(threads: Int) {
    pool = threads > 1 ? gml_threadpool_create(threads) : nil
    self.threads = gml_threadpool_threads(pool)
  }

  deinit { gml_threadpool_destroy(pool) }

  /// Whether this build can start threads.
  static var isAvailable: Bool { gml_threadpool_is_available() != 0 }

  /// Runs every task of `op`'s split on `memory`, across the threads, and
  /// returns when all have finished. Allocates nothing.
  func run(_ op: PreparedFastOp, _ memory: TensorMemory) {
    var job = Job(op: op, memory: memory)
    withUnsafeMutablePointer(to: &job) { pointer in
      gml_threadpool_run(
        pool,
        { context, thread, task in
          guard let job = context?.assumingMemoryBound(to: Job.self) else { return }
          job.pointee.op.run(job.pointee.memory, thread: thread, task: task)
        }, pointer, op.split.taskCount)
    }
  }

  /// What a task reads: the operator and the memory it runs on.
  private struct Job {
    let op: PreparedFastOp
    let memory: TensorMemory
  }
}
