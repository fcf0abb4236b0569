// GMLRuntime/InvokeObserver.swift — what Interpreter.invoke(observer:) tells about each operator it runs.

/// Told by `Interpreter.invoke(observer:)` before and after each
/// operator runs: the hook a profiler times operators with, so the plain
/// `invoke()` never reads a clock.
///
/// A generic parameter, not an existential, so Embedded builds specialize
/// it away.
public protocol InvokeObserver {
  /// Called just before operator `index` runs.
  /// - Parameter index: the operator's position in the graph.
  mutating func willRun(op index: Int)

  /// Called just after operator `index` ran.
  /// - Parameter index: the operator's position in the graph.
  mutating func didRun(op index: Int)
}
