// GMLFormat/Model+Definition.swift — decodes a verified model into plain ModelDefinition values.
import GMLCore

extension Model {
  /// Every field of the file as plain values (copies the constant buffers).
  /// `ModelWriter.write(model.definition())` gives an equivalent file.
  public func definition() -> ModelDefinition {
    var subgraphs: [SubgraphDefinition] = []
    for s in 0..<subgraphCount {
      let g = subgraphAt(s)
      var tensors: [TensorDefinition] = []
      for i in 0..<g.tensorCount {
        let t = g.tensorAt(i)
        tensors.append(
          TensorDefinition(
            name: t.name, shape: t.shape.dims.map { Int32($0) }, type: t.type,
            buffer: UInt32(t.buffer), quantization: t.quantization))
      }
      var operators: [OperatorDefinition] = []
      for i in 0..<g.operatorCount {
        let op = g.operatorAt(i)
        operators.append(
          OperatorDefinition(
            opcode: op.opcode, inputs: op.inputs.map { Int32($0) },
            outputs: op.outputs.map { Int32($0) }, options: (try? op.options()) ?? .none,
            name: op.name))
      }
      subgraphs.append(
        SubgraphDefinition(
          name: g.name, tensors: tensors, inputs: g.inputs.map { Int32($0) },
          outputs: g.outputs.map { Int32($0) }, operators: operators, memoryPlan: g.memoryPlan))
    }
    var buffers: [[UInt8]] = []
    for b in 0..<bufferCount { buffers.append(Array(bufferAt(b).bytes)) }
    return ModelDefinition(
      formatVersion: formatVersion, subgraphs: subgraphs, buffers: buffers,
      metadata: metadata?.definition, roundingMode: roundingMode)
  }
}
