// GMLConverter/TFLite/TFLiteInt8Builder.swift — a full-integer .tflite model as a .gml model, parameters unchanged.
import GMLCore
import GMLFormat
import GMLRuntime

/// Builds a `.gml` model from a full-integer TFLite model: the same
/// tensors (int8 activations and weights, int32 biases, float32 at float
/// edges), the same quantization parameters and constant bytes, one gml
/// operator per TFLite operator (SPLIT, SPLIT_V, UNPACK and PACK on data
/// become several, `expanded`). Integer operands that are options in
/// `.gml` (axes, paddings, permutations, shapes) become options.
///
/// With fusion, a PAD whose value is the zero point, over height and width
/// only, feeding a VALID convolution alone, becomes the convolution's
/// explicit padding: the reference kernels skip padded positions, which
/// adds `(zero point − zero point) · weight = 0`, exactly what the padded
/// values add.
struct TFLiteInt8Builder {
  let model: TFLiteModel
  let file: String
  let names: [String]
  var tensors: [TensorDefinition] = []
  var buffers: [[UInt8]] = [[]]
  var indices: [Int: Int32] = [:]
  var operators: [OperatorDefinition] = []
  /// The TFLite operator index of each gml operator.
  var sources: [Int] = []
  var padsFused = 0

  init(model: TFLiteModel, file: String) {
    self.model = model
    self.file = file
    self.names = TFLiteGraphBuilder.uniqueNames(model.tensors)
  }

  /// Maps every operator in `operators`; problems are recorded.
  /// - Returns: the graph inputs and outputs as gml tensor indices.
  mutating func build(_ operators: [Int], fuse: Bool, problems: inout TFLiteProblems)
    -> (inputs: [Int32], outputs: [Int32])
  {
    let pads = fuse ? fusablePads(operators) : [:]
    var inputs: [Int32] = []
    for t in model.inputs {
      do throws(TFLiteUnsupported) {
        inputs.append(try tensor(t))
      } catch {
        problems.add("graph input '\(model.tensors[t].name)'", error, at: -1)
      }
    }
    for index in operators where !pads.values.contains(where: { $0.pad == index }) {
      let op = model.operators[index]
      do throws(TFLiteUnsupported) {
        if let definitions = try expanded(op) {
          self.operators += definitions
          sources += Array(repeating: index, count: definitions.count)
          continue
        }
        var definition = try map(op, input: pads[index].map { model.operators[$0.pad].inputs[0] })
        if let pad = pads[index] {
          definition = fused(definition, pad)
          padsFused += 1
        }
        definition.name = names[op.outputs[0]]
        self.operators.append(definition)
        sources.append(index)
      } catch {
        problems.add(op.opName, error, at: index, origin: model.origin(ofOperator: index))
      }
    }
    var outputs: [Int32] = []
    for t in model.outputs {
      do throws(TFLiteUnsupported) {
        outputs.append(try tensor(t))
      } catch {
        problems.add("graph output '\(model.tensors[t].name)'", error, at: -1)
      }
    }
    return (inputs, outputs)
  }

  /// The finished model, its memory planned and every operator prepared
  /// once by the runtime, so a model the runtime would refuse is refused
  /// here, at the TFLite operator.
  func finish(_ io: (inputs: [Int32], outputs: [Int32])) throws(ConversionError)
    -> ModelDefinition
  {
    let title = model.name.isEmpty ? "main" : model.name
    var definition = ModelDefinition(
      subgraphs: [
        SubgraphDefinition(
          name: title, tensors: tensors, inputs: io.inputs, outputs: io.outputs,
          operators: operators)
      ],
      buffers: buffers)
    try inferDynamicShapes(&definition)
    let plan = try verified(definition) { (model) throws(GMLError) in
      _ = try Interpreter(model: model)
      return try ArenaPlanner().plan(model.subgraphAt(0))
    }
    definition.subgraphs[0].memoryPlan = MemoryPlanDefinition(
      arenaSize: UInt64(plan.arenaSize), alignment: 16, offsets: plan.offsets.map { Int64($0) })
    return definition
  }

  /// `body` of `definition` written and verified; a runtime error comes
  /// back at its TFLite operator.
  func verified<T>(
    _ definition: ModelDefinition, _ body: (Model) throws(GMLError) -> T
  ) throws(ConversionError) -> T {
    try WrittenModel(definition, file: file).withVerified(place: place(of:), body)
  }

  /// Whether `tensor`'s shape signature has a dynamic dimension beyond the
  /// first, or is of rank 2 with a dynamic first one: either leaves its
  /// static shape unreliable. (A Dense on a sequence, [batch, steps, in],
  /// is a FULLY_CONNECTED on [batch · steps, in] rows whose count the file
  /// marks dynamic and states as 1.)
  static func isDynamic(_ tensor: TFLiteTensor) -> Bool {
    guard let signature = tensor.shapeSignature else { return false }
    return signature.dropFirst().contains(-1) || (signature.count == 2 && signature[0] == -1)
  }

  /// Replaces the static shape of each operator output the file marks
  /// dynamic beyond the batch with the one the runtime's prepare computes
  /// from the operators before it (`ShapeInference`). No change when no
  /// tensor is so marked.
  func inferDynamicShapes(_ definition: inout ModelDefinition) throws(ConversionError) {
    let dynamic = Set(indices.filter { TFLiteInt8Builder.isDynamic(model.tensors[$0.key]) }.values)
    guard !dynamic.isEmpty else { return }
    let shapes = try verified(definition) { (model) throws(GMLError) in
      try ShapeInference.outputShapes(model)
    }
    for (op, shape) in zip(definition.subgraphs[0].operators, shapes) {
      guard let out = op.outputs.first, dynamic.contains(out) else { continue }
      definition.subgraphs[0].tensors[Int(out)].shape = shape.dims.map { Int32($0) }
    }
  }

  /// The TFLite place of a runtime error.
  func place(of error: GMLError) -> String {
    switch error.location {
    case .op(let i) where i >= 0 && i < sources.count:
      return "\(model.place(ofOperator: sources[i])) (\(model.operators[sources[i]].opName))"
    case .tensor(let i) where i >= 0 && i < tensors.count:
      return "tensor '\(tensors[i].name)'"
    default:
      return ""
    }
  }

  /// The gml index of TFLite tensor `t`, adding it on first use.
  mutating func tensor(_ t: Int) throws(TFLiteUnsupported) -> Int32 {
    if let i = indices[t] { return i }
    let source = model.tensors[t]
    let type: ElementType
    switch source.type {
    case .int8?: type = .int8
    case .int32?: type = .int32
    case .float32?: type = .float32
    default:
      let name = source.type?.schemaName ?? "type \(source.typeCode)"
      throw TFLiteUnsupported("with \(name) tensors")
    }
    var quantization: QuantizationDefinition?
    if let q = source.quantization, q.isQuantized, type != .float32 {
      guard !q.hasCustomDetails else {
        throw TFLiteUnsupported("with non-affine quantization of '\(source.name)'")
      }
      let zeroPoints =
        q.zeroPoints.isEmpty ? Array(repeating: 0, count: q.scales.count) : q.zeroPoints
      quantization = QuantizationDefinition(
        scales: q.scales, zeroPoints: zeroPoints, axis: Int32(q.quantizedDimension), min: q.min,
        max: q.max)
    } else if type == .int8 {
      throw TFLiteUnsupported("with int8 tensor '\(source.name)' that has no quantization")
    }
    guard source.shape.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }) else {
      throw TFLiteUnsupported("with tensor '\(source.name)' of shape \(source.shape)")
    }
    var buffer: UInt32 = 0
    if let data = source.data {
      buffer = UInt32(buffers.count)
      buffers.append(data)
    }
    let index = Int32(tensors.count)
    tensors.append(
      TensorDefinition(
        name: names[t], shape: source.shape.map { Int32($0) }, type: type, buffer: buffer,
        quantization: quantization))
    indices[t] = index
    return index
  }
}
