// GMLConverter/Calibration/SampleWorker.swift — one thread's interpreter for the converter's runs over samples (calibration, the conversion report): runs a sample and keeps the tensors asked for.
import Dispatch
import Foundation
import GMLCore
import GMLFormat
import GMLRuntime

/// An interpreter of its own (arena and all, every tensor kept) that runs
/// one sample at a time; the caller reads the tensors it wants in place
/// before the next run. The converter's runs over samples use one worker
/// per core (`threadCount`), each sample on one worker (`runAll`); a worker
/// is only ever used by one thread at a time.
final class SampleWorker: @unchecked Sendable {
  private var interpreter: Interpreter
  /// The graph inputs' names, in input order.
  let inputNames: [String]
  /// What the last sample threw, if anything.
  private(set) var failure: GMLError?

  init(_ model: borrowing Model) throws(GMLError) {
    interpreter = try Interpreter(
      model: model, options: Interpreter.Options(preserveAllTensors: true))
    var names: [String] = []
    for i in 0..<interpreter.inputCount { names.append(interpreter.inputInfo(at: i).name) }
    inputNames = names
  }

  /// Makes `count` workers of `model`.
  static func make(_ count: Int, _ model: borrowing Model) throws(GMLError) -> [SampleWorker] {
    var workers: [SampleWorker] = []
    for _ in 0..<count { workers.append(try SampleWorker(model)) }
    return workers
  }

  /// Runs `sample` (its value arrays at `positions[i]` for input `i`).
  func run(_ sample: [[Float]], positions: [Int]) {
    failure = nil
    do throws(GMLError) {
      for (i, position) in positions.enumerated() {
        try interpreter.copySample(position < sample.count ? sample[position] : [], at: i)
      }
      try interpreter.invoke()
    } catch {
      failure = error
    }
  }

  /// Calls `body` with tensor `t`'s bytes after the last sample, in place.
  func withTensorBytes<R>(at t: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    interpreter.withTensorBytes(at: t, body)
  }

  /// Where each graph input's values sit in a sample: by name among
  /// `names`, else by position.
  func positions(in names: [String]) -> [Int] {
    inputNames.enumerated().map { i, name in names.firstIndex(of: name) ?? i }
  }

  /// Workers for `samples` samples: this machine's active cores, at most
  /// `samples` and 16 (each worker holds an arena with every tensor kept).
  static func threadCount(samples: Int) -> Int {
    max(1, min(ProcessInfo.processInfo.activeProcessorCount, samples, 16))
  }

  /// Runs `samples[first + w]` on `workers[w]` for every worker that has
  /// one, all at once, and returns those workers in sample order; throws
  /// the first sample's failure, if any.
  static func runAll(
    _ workers: [SampleWorker], samples: [[[Float]]], first: Int, positions: [Int]
  ) throws(GMLError) -> ArraySlice<SampleWorker> {
    let count = min(workers.count, samples.count - first)
    DispatchQueue.concurrentPerform(iterations: count) { w in
      workers[w].run(samples[first + w], positions: positions)
    }
    let done = workers.prefix(count)
    for worker in done { if let failure = worker.failure { throw failure } }
    return done
  }

  /// Adds each worker's values of tensor `watched[k]` (float32) to
  /// `estimators[watched[k]]`, in worker (sample) order, the tensors
  /// spread over every core.
  static func add(
    _ workers: ArraySlice<SampleWorker>, to estimators: inout [RangeEstimator], watched: [Int]
  ) {
    estimators.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedEstimators(buffer: buffer)
      DispatchQueue.concurrentPerform(iterations: watched.count) { k in
        let t = watched[k]
        for worker in workers {
          worker.withTensorBytes(at: t) { shared.buffer[t].add(float32: $0) }
        }
      }
    }
  }
}

/// The estimators, shared by the threads of `SampleWorker.add`: each
/// thread touches only the estimators of its own tensors.
private struct SharedEstimators: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<RangeEstimator>
}
