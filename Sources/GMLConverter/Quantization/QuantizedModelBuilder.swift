// GMLConverter/Quantization/QuantizedModelBuilder.swift — rewrites a float subgraph's tensors and ops to int8.
import GMLCore
import GMLFormat

/// The state of one `Quantizer.quantize` run: the subgraph being rewritten,
/// the buffers, and the int8 parameters chosen so far by tensor index.
struct QuantizedModelBuilder {
  let source: SubgraphDefinition
  var subgraph: SubgraphDefinition
  var buffers: [[UInt8]]
  let ranges: [String: TensorRange]
  let keepFloat: Set<String>
  let file: String
  /// The int8 parameters of each activation tensor.
  var params: [Int32: ActivationQuantization] = [:]
  /// The float32 twin (`<name>_float`) of an int8 activation, once made.
  var floatCopies: [Int32: Int32] = [:]
  var operators: [OperatorDefinition] = []
  /// The float values of each bias quantized so far, for a later op that
  /// shares the bias with another input scale (`biasFor`).
  var floatBiases: [Int32: [Float]] = [:]

  init(
    source: SubgraphDefinition, buffers: [[UInt8]], ranges: [String: TensorRange],
    keepFloat: Set<String>, file: String
  ) {
    self.source = source
    self.subgraph = source
    self.buffers = buffers
    self.ranges = ranges
    self.keepFloat = keepFloat
    self.file = file
  }

  /// Rewrites every op, then the graph edges for `io`.
  mutating func run(io: IOType) throws(ConversionError) {
    for i in source.inputs where source.tensors[Int(i)].type == .float32 {
      params[i] = try calibrated(i)
    }
    for op in source.operators {
      if keepFloat.contains(op.name) { try keepInFloat(op) } else { try quantize(op) }
    }
    for (index, q) in params {
      let name = subgraph.tensors[Int(index)].name
      let range = ranges[name]
      subgraph.tensors[Int(index)].type = .int8
      subgraph.tensors[Int(index)].quantization = QuantizationDefinition(
        scales: [q.scale], zeroPoints: [Int64(q.zeroPoint)], min: range.map { [$0.min] } ?? [],
        max: range.map { [$0.max] } ?? [])
    }
    if io == .float {
      var edges: [OperatorDefinition] = []
      for (k, i) in source.inputs.enumerated() where params[i] != nil {
        let copy = addTensor(like: i, type: .float32)
        edges.append(edgeOp(.quantize, copy, i))
        subgraph.inputs[k] = copy
      }
      operators = edges + operators
      for (k, o) in source.outputs.enumerated() { subgraph.outputs[k] = floatCopy(of: o) }
    }
    subgraph.operators = operators
  }

  /// The parameters of activation `index` from its calibrated range.
  func calibrated(_ index: Int32) throws(ConversionError) -> ActivationQuantization {
    let name = subgraph.tensors[Int(index)].name
    guard let range = ranges[name] else {
      throw ConversionError(file: file, "no calibrated range for tensor '\(name)'")
    }
    return ActivationQuantization(range)
  }

  /// Quantizes one op: its output parameters, then its constants.
  mutating func quantize(_ op: OperatorDefinition) throws(ConversionError) {
    var op = op
    for o in op.outputs {
      switch op.opcode.outputQuantization {
      case .fixed(let scale, let zeroPoint):
        params[o] = ActivationQuantization(scale: scale, zeroPoint: zeroPoint)
      case .sameAsInput where params[op.inputs[0]] != nil:
        params[o] = params[op.inputs[0]]
      case .sameAsInput where isFloatConstant(op.inputs[0]):
        // GATHER's table: quantized over its own range, which the output takes.
        params[o] = quantizeConstant(op.inputs[0], op.opcode.constantQuantization)
      case .sameAsInput where constantParameters(op.inputs[0]) != nil:
        // A table an earlier GATHER quantized (two lookups of one embedding).
        params[o] = constantParameters(op.inputs[0])
      case .calibrated, .sharedWithInputs, .sameAsInput, .float:
        params[o] = try calibrated(o)
      }
    }
    if op.opcode == .unidirectionalSequenceLstm {
      try quantizeSequenceLSTM(&op)
    } else if op.opcode == .gru {
      try quantizeGRU(&op)
    } else if let axis = op.opcode.weightsAxis {
      let scales = quantizeWeights(op.inputs[1], axis: axis)
      let inputScale = params[op.inputs[0]]?.scale ?? 1
      if op.inputs.count > 2 && op.inputs[2] >= 0 {
        op.inputs[2] = biasFor(op, op.inputs[2], inputScale: inputScale, weightScales: scales)
      }
    } else {
      for i in op.inputs
      where i >= 0 && isFloatConstant(i) && op.opcode.constantQuantization != .float {
        quantizeConstant(i, op.opcode.constantQuantization)
      }
    }
    operators.append(op)
  }

  /// Leaves `op` in float: DEQUANTIZE its int8 inputs, run it on
  /// `<name>_float` tensors, QUANTIZE its outputs back.
  mutating func keepInFloat(_ op: OperatorDefinition) throws(ConversionError) {
    var kept = op
    for (k, i) in op.inputs.enumerated() where i >= 0 && params[i] != nil {
      kept.inputs[k] = floatCopy(of: i)
    }
    var after: [OperatorDefinition] = []
    for (k, o) in op.outputs.enumerated() {
      let copy = addTensor(like: o, type: .float32)
      floatCopies[o] = copy
      kept.outputs[k] = copy
      params[o] = try calibrated(o)
      after.append(edgeOp(.quantize, copy, o))
    }
    operators.append(kept)
    operators += after
  }

  /// The float32 twin of int8 activation `index`, adding a DEQUANTIZE on
  /// first use.
  mutating func floatCopy(of index: Int32) -> Int32 {
    if let copy = floatCopies[index] { return copy }
    let copy = addTensor(like: index, type: .float32)
    operators.append(edgeOp(.dequantize, index, copy))
    floatCopies[index] = copy
    return copy
  }

  /// A new activation tensor `<name>_float` shaped like `index`.
  mutating func addTensor(like index: Int32, type: ElementType) -> Int32 {
    var t = source.tensors[Int(index)]
    t.name += "_float"
    t.type = type
    t.quantization = nil
    subgraph.tensors.append(t)
    return Int32(subgraph.tensors.count - 1)
  }

  func edgeOp(_ opcode: OpCode, _ input: Int32, _ output: Int32) -> OperatorDefinition {
    OperatorDefinition(
      opcode: opcode, inputs: [input], outputs: [output], options: .none,
      name: subgraph.tensors[Int(output)].name + (opcode == .quantize ? "/quantize" : "/dequantize")
    )
  }
}
