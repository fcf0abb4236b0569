// GMLConverter/Calibration/Calibrator.swift — runs the float graph over calibration samples and records tensor ranges.
import GMLCore
import GMLFormat
import GMLRuntime

/// Records the range of every float activation of a graph over samples.
public enum Calibrator {
  /// Runs the float graph (already optimized) on every sample and returns a
  /// range for every float activation tensor (graph inputs, node outputs)
  /// by name, and for each LSTM's cell state (`cellStateName`).
  ///
  /// The samples run on every core (`SampleWorker`: an interpreter
  /// each, on the fast kernels), a batch of one per worker at a time; the
  /// estimators then take their values in sample order, so the ranges are
  /// the ones a single thread finds.
  /// - Parameters:
  ///   - graph: an optimized, lowerable graph.
  ///   - samples: batch-1 samples, one value array per graph input.
  ///   - method: how a range is chosen from the observed values.
  ///   - percentile: for `.percentile`, the share kept in each tail.
  ///   - threads: the workers, or nil for one per active core (at most 16
  ///     and the samples' count).
  ///   - progress: called with (done, total) after each sample, in order,
  ///     on the calling thread.
  /// - Throws: `ConversionError` when the graph cannot be lowered or run, or
  ///   a sample does not fit an input (the first such sample's error).
  public static func ranges(
    of graph: Graph, samples: CalibrationSamples, method: CalibrationMethod,
    percentile: Double = 99.99, threads: Int? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws(ConversionError) -> [String: TensorRange] {
    let model = try Lowering.lower(graph, planMemory: false)
    return try ranges(
      of: model, written: WrittenModel(model, file: graph.sourceFile), graph: graph,
      samples: samples, method: method, percentile: percentile, threads: threads,
      progress: progress)
  }

  /// `ranges(of:samples:...)` on `graph` lowered already (`model`, its
  /// bytes `written`): the conversion lowers and writes the float model
  /// once for calibration, the report and its size.
  static func ranges(
    of model: ModelDefinition, written: WrittenModel, graph: Graph, samples: CalibrationSamples,
    method: CalibrationMethod, percentile: Double, threads: Int?,
    progress: ((Int, Int) -> Void)?
  ) throws(ConversionError) -> [String: TensorRange] {
    let tensors = model.subgraphs[0].tensors
    let watched = tensors.indices.filter { tensors[$0].buffer == 0 && tensors[$0].type == .float32 }
    var estimators = [RangeEstimator](
      repeating: RangeEstimator(for: method), count: tensors.count)
    var cells: [LSTMCellProbe] = []
    try written.withVerified(
      errorFile: samples.sourceName, place: { GraphEvaluator.place($0, graph) }
    ) { (verified) throws(GMLError) in
      cells = try LSTMCellProbe.all(model, graph)
      let all = samples.samples
      let workers = try SampleWorker.make(
        threads.map { max(1, $0) } ?? SampleWorker.threadCount(samples: all.count), verified)
      let positions = workers[0].positions(in: samples.inputNames)
      var first = 0
      while first < all.count {
        let done = try SampleWorker.runAll(
          workers, samples: all, first: first, positions: positions)
        // Each estimator takes the samples in order, as one thread
        // would; the estimators (one per tensor) on every core.
        SampleWorker.add(done, to: &estimators, watched: watched)
        for worker in done {
          for k in cells.indices {
            cells[k].observe(worker.withTensorBytes(at: cells[k].input, floats))
          }
          first += 1
          progress?(first, all.count)
        }
      }
    }
    var result: [String: TensorRange] = [:]
    for t in watched where estimators[t].min <= estimators[t].max {
      result[tensors[t].name] = estimators[t].range(method, percentile: percentile)
    }
    for p in cells {
      result[cellStateName(of: p.output)] = TensorRange(min: -p.extent, max: p.extent)
    }
    return result
  }

  /// Little-endian float32 bytes as values.
  static func floats(_ bytes: UnsafeRawBufferPointer) -> [Float] {
    let count = bytes.count / 4
    var values = [Float](repeating: 0, count: count)
    values.withUnsafeMutableBytes {
      $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<(count * 4)]))
    }
    return values
  }
}
