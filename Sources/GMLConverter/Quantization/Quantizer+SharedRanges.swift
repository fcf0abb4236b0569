// GMLConverter/Quantization/Quantizer+SharedRanges.swift — a CONCATENATION's inputs take its output's range, as TFLiteConverter quantizes them, where it costs them at most a bit.
import GMLFormat

extension Quantizer {
  /// How much wider than its own calibrated range (both taken to include 0)
  /// a tensor's range may become by sharing: 2, at most one bit of its
  /// precision. A narrower input (a skip connection beside a wide branch)
  /// keeps its own range, and the kernel rescales it.
  static let maximumWidening: Float = 2

  /// `ranges` with the inputs of each op whose rule is `sharedWithInputs`
  /// given that op's output range, so that they get its int8 parameters and
  /// its kernel copies them without requantizing, as TFLiteConverter's
  /// quantizer does (one scale and zero point for a CONCATENATION's
  /// operands and result).
  ///
  /// An input takes the range when the op making it sets its parameters
  /// from its own range (`calibrated`, `sharedWithInputs`) and that range
  /// lies inside it, at most `maximumWidening` times narrower (a wider
  /// range only: never one that would clip), or shares its input's
  /// (`sameAsInput`: a pool, RESHAPE, PAD …) and that input can take it in
  /// turn. Graph inputs, constants and fixed outputs (LOGISTIC,
  /// SOFTMAX, TANH) keep theirs; so does a tensor another such op has
  /// already given its range (ops later in the graph first): the kernel
  /// rescales those.
  /// - Parameters:
  ///   - ranges: every activation's calibrated range, by tensor name.
  ///   - subgraph: the lowered float graph.
  /// - Returns: `ranges`, shared where it can be done.
  static func sharedWithInputs(_ ranges: [String: TensorRange], _ subgraph: SubgraphDefinition)
    -> [String: TensorRange]
  {
    let producer = producers(subgraph)
    var shared = ranges
    var given: Set<Int32> = []
    func name(_ t: Int32) -> String { subgraph.tensors[Int(t)].name }
    /// Gives tensor `t` `range` if it can take it; whether it has it now.
    func give(_ t: Int32, _ range: TensorRange) -> Bool {
      if given.contains(t) { return shared[name(t)] == range }
      guard let op = producer[t] else { return false }
      switch op.opcode.outputQuantization {
      case .calibrated, .sharedWithInputs:
        guard let own = ranges[name(t)], range.min <= own.min, range.max >= own.max,
          range.width <= own.width * maximumWidening
        else { return false }
      case .sameAsInput:
        guard let input = op.inputs.first, input >= 0, give(input, range) else { return false }
      case .fixed, .float: return false
      }
      shared[name(t)] = range
      given.insert(t)
      return true
    }
    for op in subgraph.operators.reversed() where op.opcode.outputQuantization == .sharedWithInputs
    {
      guard let output = op.outputs.first, let range = shared[name(output)] else { continue }
      for t in op.inputs where t >= 0 { _ = give(t, range) }
    }
    return shared
  }
}
