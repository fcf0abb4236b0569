// GMLConverter/Calibration/Calibrator.swift — runs the float graph over calibration samples and records tensor ranges.
import GMLCore
import GMLFormat
import GMLRuntime

/// Records the range of every float activation of a graph over samples.
public enum Calibrator {
  /// Runs the float graph (already optimized) on every sample and returns a
  /// range for every float activation tensor (graph inputs, node outputs)
  /// by name, and for each LSTM's cell state (`cellStateName`).
  /// - Parameters:
  ///   - graph: an optimized, lowerable graph.
  ///   - samples: batch-1 samples, one value array per graph input.
  ///   - method: how a range is chosen from the observed values.
  ///   - percentile: for `.percentile`, the share kept in each tail.
  ///   - progress: called with (done, total) after each sample.
  /// - Throws: `ConversionError` when the graph cannot be lowered or run, or
  ///   a sample does not fit an input.
  public static func ranges(
    of graph: Graph, samples: CalibrationSamples, method: CalibrationMethod,
    percentile: Double = 99.99, progress: ((Int, Int) -> Void)? = nil
  ) throws(ConversionError) -> [String: TensorRange] {
    let model = try Lowering.lower(graph, planMemory: false)
    let tensors = model.subgraphs[0].tensors
    let watched = tensors.indices.filter { tensors[$0].buffer == 0 && tensors[$0].type == .float32 }
    var estimators = [RangeEstimator](repeating: RangeEstimator(), count: tensors.count)
    var probes: [LSTMCellProbe] = []
    let bytes = try ModelWriter.checkedWrite(model, file: graph.sourceFile)
    let failure: GMLError? = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        let verified = try Model(verifying: raw)
        probes = try LSTMCellProbe.all(model, graph)
        var interpreter = try Interpreter(
          model: verified, options: Interpreter.Options(preserveAllTensors: true))
        for (s, sample) in samples.samples.enumerated() {
          for (i, name) in graph.inputs.enumerated() {
            let position = samples.inputNames.firstIndex(of: name) ?? i
            try interpreter.copySample(position < sample.count ? sample[position] : [], at: i)
          }
          try interpreter.invoke()
          for t in watched { estimators[t].add(floats(interpreter.copyTensor(at: t))) }
          for k in probes.indices {
            probes[k].observe(floats(interpreter.copyTensor(at: probes[k].input)))
          }
          progress?(s + 1, samples.samples.count)
        }
        return nil
      } catch {
        return error
      }
    }
    if let failure {
      throw ConversionError(
        file: samples.sourceName, place: GraphEvaluator.place(failure, graph), failure)
    }
    var result: [String: TensorRange] = [:]
    for t in watched where estimators[t].min <= estimators[t].max {
      result[tensors[t].name] = estimators[t].range(method, percentile: percentile)
    }
    for p in probes {
      result[cellStateName(of: p.output)] = TensorRange(min: -p.extent, max: p.extent)
    }
    return result
  }

  /// Little-endian float32 bytes as values.
  static func floats(_ bytes: [UInt8]) -> [Float] {
    let count = bytes.count / 4
    var values = [Float](repeating: 0, count: count)
    values.withUnsafeMutableBytes { $0.copyBytes(from: bytes.prefix(count * 4)) }
    return values
  }
}
