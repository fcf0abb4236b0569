// GMLConverter/Calibration/CalibrationWorker.swift — one thread's interpreter for calibration: runs a sample and keeps the values the range estimators take.
import Dispatch
import Foundation
import GMLCore
import GMLFormat
import GMLRuntime

/// An interpreter of its own (arena and all) that runs one calibration
/// sample at a time and keeps, until the calibrator takes them in sample
/// order, the watched tensors' values and each LSTM probe's input. One
/// worker per thread; a worker is only ever used by one thread at a time.
final class CalibrationWorker: @unchecked Sendable {
  private var interpreter: Interpreter
  /// The watched tensors' values after the last sample, in `watched` order.
  private(set) var values: [[Float]] = []
  /// Each probe's input tensor after the last sample.
  private(set) var probeInputs: [[Float]] = []
  /// What the last sample threw, if anything.
  private(set) var failure: GMLError?

  init(_ model: borrowing Model) throws(GMLError) {
    interpreter = try Interpreter(
      model: model, options: Interpreter.Options(preserveAllTensors: true))
  }

  /// Runs `sample`, keeping the values of `watched` and of `probeTensors`.
  func run(
    _ sample: [[Float]], inputs: [Int], watched: [Int], probeTensors: [Int]
  ) {
    failure = nil
    do throws(GMLError) {
      for (i, position) in inputs.enumerated() {
        try interpreter.copySample(position < sample.count ? sample[position] : [], at: i)
      }
      try interpreter.invoke()
      values = watched.map { Calibrator.floats(interpreter.copyTensor(at: $0)) }
      probeInputs = probeTensors.map { Calibrator.floats(interpreter.copyTensor(at: $0)) }
    } catch {
      failure = error
    }
  }

  /// Threads calibration runs on: this machine's active cores, at most
  /// `samples` and 16 (each worker holds an arena with every tensor kept).
  static func threadCount(samples: Int) -> Int {
    max(1, min(ProcessInfo.processInfo.activeProcessorCount, samples, 16))
  }

  /// Runs `samples[first + w]` on `workers[w]` for every worker that has
  /// one, all at once.
  static func runAll(
    _ workers: [CalibrationWorker], samples: [[[Float]]], first: Int, inputs: [Int],
    watched: [Int], probeTensors: [Int]
  ) {
    let count = min(workers.count, samples.count - first)
    DispatchQueue.concurrentPerform(iterations: count) { w in
      workers[w].run(
        samples[first + w], inputs: inputs, watched: watched, probeTensors: probeTensors)
    }
  }

  /// Adds each worker's values of `watched[k]` to `estimators[watched[k]]`,
  /// in worker (sample) order, the tensors spread over every core.
  static func add(
    _ workers: [CalibrationWorker], to estimators: inout [RangeEstimator], watched: [Int]
  ) {
    estimators.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedEstimators(buffer: buffer)
      DispatchQueue.concurrentPerform(iterations: watched.count) { k in
        for worker in workers { shared.buffer[watched[k]].add(worker.values[k]) }
      }
    }
  }
}

/// The estimators, shared by the threads of `CalibrationWorker.add`: each
/// thread touches only the estimators of its own tensors.
private struct SharedEstimators: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<RangeEstimator>
}
