// GMLConverter/Validation/ModelRun.swift — runs a .gml over samples and keeps every activation as real numbers.
import GMLCore
import GMLFormat
import GMLRuntime

/// Every activation of one model over a set of samples, dequantized.
struct ModelRun {
  /// One activation tensor: its name, producing op and values per sample.
  struct Activation {
    var name: String
    var op: String
    var isGraphInput: Bool
    var isQuantized: Bool
    var values: [[Float]]
  }

  /// Activations in tensor order (constants and non-numeric tensors left out).
  var activations: [Activation] = []
  /// The graph outputs' names, in order.
  var outputNames: [String] = []

  /// The activation named `name`, preferring a quantized one when a float
  /// and an int8 tensor share it.
  func activation(named name: String) -> Activation? {
    let matches = activations.filter { $0.name == name }
    return matches.first(where: \.isQuantized) ?? matches.first
  }

  /// Runs `bytes` on every sample, on every core (`SampleWorker`), the
  /// values kept in sample order.
  /// - Parameters:
  ///   - bytes: a `.gml` model.
  ///   - samples: batch-1 samples; inputs matched by name, else by position.
  ///   - file: the name errors carry.
  /// - Throws: `ConversionError` when the model is refused or a sample does
  ///   not fit an input.
  init(bytes: [UInt8], samples: CalibrationSamples, file: String) throws(ConversionError) {
    let result: Result<ModelRun, GMLError> = bytes.withUnsafeBytes { raw in
      do throws(GMLError) {
        return .success(try ModelRun.run(Model(verifying: raw), samples))
      } catch {
        return .failure(error)
      }
    }
    switch result {
    case .success(let run): self = run
    case .failure(let error): throw ConversionError(file: file, error)
    }
  }

  private init() {}

  private static func run(_ model: Model, _ samples: CalibrationSamples) throws(GMLError)
    -> ModelRun
  {
    let graph = model.subgraphAt(0)
    var producers: [Int: String] = [:]
    for o in 0..<graph.operatorCount {
      let op = graph.operatorAt(o)
      for t in op.outputs { producers[t] = op.opcode.schemaName }
    }
    var run = ModelRun()
    var watched: [(index: Int, tensor: Tensor)] = []
    for t in 0..<graph.tensorCount {
      let tensor = graph.tensorAt(t)
      guard tensor.buffer == 0, [.float32, .float16, .int8].contains(tensor.type) else { continue }
      guard producers[t] != nil || graph.inputs.contains(t) else { continue }
      watched.append((t, tensor))
      run.activations.append(
        Activation(
          name: tensor.name, op: producers[t] ?? "INPUT", isGraphInput: graph.inputs.contains(t),
          isQuantized: tensor.type == .int8, values: []))
    }
    run.outputNames = graph.outputs.map { graph.tensorAt($0).name }
    let all = samples.samples
    let workers = try SampleWorker.make(SampleWorker.threadCount(samples: all.count), model)
    let positions = workers[0].positions(in: samples.inputNames)
    let keep = watched.map(\.index)
    var first = 0
    while first < all.count {
      let done = try SampleWorker.runAll(
        workers, samples: all, first: first, positions: positions, keep: keep)
      for worker in done {
        for (k, watch) in watched.enumerated() {
          run.activations[k].values.append(decode(worker.tensors[k], watch.tensor))
        }
      }
      first += done.count
    }
    return run
  }

  /// `bytes` of `tensor` as real numbers (int8 dequantized per tensor).
  static func decode(_ bytes: [UInt8], _ tensor: Tensor) -> [Float] {
    switch tensor.type {
    case .int8:
      let q = tensor.quantization
      let scale = q?.scales.first ?? 1
      let zero = Float(q?.zeroPoints.first ?? 0)
      return bytes.map { scale * (Float(Int8(bitPattern: $0)) - zero) }
    case .float16:
      return stride(from: 0, to: bytes.count - 1, by: 2).map { i in
        Float16Conversion.float(fromHalf: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
      }
    default:
      let count = bytes.count / 4
      var values = [Float](repeating: 0, count: count)
      values.withUnsafeMutableBytes { $0.copyBytes(from: bytes.prefix(count * 4)) }
      return values
    }
  }
}
