// GMLConverter/Validation/PairedRun.swift — a reference and a converted .gml run side by side over samples on every core, reduced to layer errors and output figures.
import Dispatch
import GMLCore
import GMLFormat

/// Both models run every sample, one sample per worker and core
/// (`PairedWorker`); each sample is reduced to per-layer sums and its
/// first outputs' top-1 classes and errors at once, then merged in sample
/// order, so the figures are the same for any number of threads and memory
/// holds two arenas per worker, not every activation of every sample.
struct PairedRun {
  /// The matched layers, worst SQNR first (`LayerComparison`).
  var layers: [LayerError] = []
  /// Each sample's top-1 class (argmax of the first output) in the
  /// reference and the converted model; empty when either model's first
  /// output is not a float32, float16 or int8 activation.
  var top1: [(reference: Int, converted: Int)] = []
  /// The largest and the summed `|reference − converted|` over the first
  /// outputs of all samples, and how many elements were summed.
  var outputMaxAbs = 0.0
  var outputSumAbs = 0.0
  var outputCount = 0

  /// Runs `reference` and `converted` (`.gml` bytes) on every sample.
  /// - Parameters:
  ///   - reference: the float model.
  ///   - converted: the model compared with it.
  ///   - samples: batch-1 samples; inputs matched by name, else by position.
  ///   - files: the names errors carry for each model.
  /// - Throws: `ConversionError` naming the model that was refused or that
  ///   a sample did not fit (the first such sample's error).
  init(
    reference: [UInt8], converted: [UInt8], samples: CalibrationSamples,
    files: (reference: String, converted: String)
  ) throws(ConversionError) {
    let result: Result<PairedRun, PairedFailure> = reference.withUnsafeBytes { r in
      converted.withUnsafeBytes { c in
        do throws(PairedFailure) {
          return .success(try PairedRun.run(r, c, samples))
        } catch {
          return .failure(error)
        }
      }
    }
    switch result {
    case .success(let run): self = run
    case .failure(let failure):
      throw ConversionError(
        file: failure.isReference ? files.reference : files.converted, failure.error)
    }
  }

  private init() {}

  private static func verified(_ bytes: UnsafeRawBufferPointer, isReference: Bool)
    throws(PairedFailure) -> Model
  {
    do {
      return try Model(verifying: bytes)
    } catch {
      throw PairedFailure(error: error, isReference: isReference)
    }
  }

  private static func run(
    _ referenceBytes: UnsafeRawBufferPointer, _ convertedBytes: UnsafeRawBufferPointer,
    _ samples: CalibrationSamples
  ) throws(PairedFailure) -> PairedRun {
    let reference = try verified(referenceBytes, isReference: true)
    let converted = try verified(convertedBytes, isReference: false)
    let ours = ComparedTensor.all(of: reference)
    let theirs = ComparedTensor.all(of: converted)
    var seen: Set<String> = []
    var pairs: [(reference: ComparedTensor, converted: ComparedTensor)] = []
    for a in ours where !a.isGraphInput && !seen.contains(a.name) {
      seen.insert(a.name)
      if let b = ComparedTensor.named(a.name, in: theirs) { pairs.append((a, b)) }
    }
    let output = outputPair(reference, converted, ours, theirs)
    let all = samples.samples
    var made: [PairedWorker] = []
    for _ in 0..<SampleWorker.threadCount(samples: all.count) {
      made.append(try PairedWorker(reference: reference, converted: converted))
    }
    let workers = made
    let matched = pairs
    let positions = (
      workers[0].reference.positions(in: samples.inputNames),
      workers[0].converted.positions(in: samples.inputNames)
    )
    var sums = [LayerSums](repeating: LayerSums(), count: pairs.count)
    var run = PairedRun()
    var first = 0
    while first < all.count {
      let count = min(workers.count, all.count - first)
      let start = first
      DispatchQueue.concurrentPerform(iterations: count) { w in
        workers[w].run(all[start + w], positions: positions, pairs: matched, output: output)
      }
      for worker in workers.prefix(count) {
        if let failure = worker.failure {
          throw PairedFailure(error: failure.error, isReference: failure.isReference)
        }
        for k in sums.indices { sums[k].merge(worker.sums[k]) }
        if output != nil { run.addOutputs(worker.outputs.reference, worker.outputs.converted) }
      }
      first += count
    }
    for (k, pair) in pairs.enumerated() {
      if let error = sums[k].layerError(name: pair.reference.name, op: pair.converted.op) {
        run.layers.append(error)
      }
    }
    run.layers.sort { ($0.sqnrDB, $0.name) < ($1.sqnrDB, $1.name) }
    return run
  }

  /// The reference's first output and the converted tensor of that name
  /// (or else the converted model's first output).
  private static func outputPair(
    _ reference: borrowing Model, _ converted: borrowing Model, _ ours: [ComparedTensor],
    _ theirs: [ComparedTensor]
  ) -> (reference: ComparedTensor, converted: ComparedTensor)? {
    let refGraph = reference.subgraphAt(0)
    let convGraph = converted.subgraphAt(0)
    guard let first = refGraph.outputs.first else { return nil }
    let name = refGraph.tensorAt(first).name
    guard let ref = ComparedTensor.named(name, in: ours) else { return nil }
    let fallback = convGraph.outputs.first.map { convGraph.tensorAt($0).name }
    guard
      let conv = ComparedTensor.named(name, in: theirs)
        ?? fallback.flatMap({ ComparedTensor.named($0, in: theirs) })
    else { return nil }
    return (ref, conv)
  }

  /// Adds one sample's first outputs to the output figures.
  private mutating func addOutputs(_ ref: [Float], _ out: [Float]) {
    top1.append((Self.argmax(ref), Self.argmax(out)))
    for (x, y) in zip(ref, out) {
      let e = abs(Double(x) - Double(y))
      outputMaxAbs = max(outputMaxAbs, e)
      outputSumAbs += e
      outputCount += 1
    }
  }

  /// The index of the largest value (the first on ties).
  static func argmax(_ values: [Float]) -> Int {
    var best = 0
    for i in values.indices where values[i] > values[best] { best = i }
    return best
  }
}
