// GMLConverter/TFLite/TFLiteInt8Builder+Ops.swift — each full-integer TFLite operator as a .gml operator.
import GMLFormat
import GMLKernels

extension TFLiteInt8Builder {
  /// The `.gml` operator of `op` (its name is set by the caller).
  /// - Parameter input: the TFLite tensor to read instead of `op`'s first
  ///   input (a fused PAD's input).
  mutating func map(_ op: TFLiteOperator, input: Int? = nil) throws(TFLiteUnsupported)
    -> OperatorDefinition
  {
    guard op.customCode == nil else { throw TFLiteUnsupported() }
    guard op.outputs.count == 1, op.outputs[0] >= 0, !op.inputs.isEmpty, op.inputs[0] >= 0 else {
      throw TFLiteUnsupported("with \(op.inputs.count) inputs and \(op.outputs.count) outputs")
    }
    let output = try tensor(op.outputs[0])
    let x = try tensor(input ?? op.inputs[0])
    let rank = model.tensors[op.inputs[0]].shape.count
    func make(_ code: OpCode, _ options: OpOptions = .none, _ inputs: [Int32]? = nil)
      -> OperatorDefinition
    {
      OperatorDefinition(opcode: code, inputs: inputs ?? [x], outputs: [output], options: options)
    }
    let name = TFLiteBuiltin.name(op.builtinCode)
    if UnaryFunction(schemaName: name) != nil, let code = OpCode(schemaName: name) {
      return make(code)
    }
    if BinaryFunction(schemaName: name) != nil, let code = OpCode(schemaName: name) {
      return make(code, .none, try all(op))
    }
    switch (op.builtinCode, TFLiteImporter.options(op)) {
    case (TFLiteBuiltin.conv2D, .conv2D(let padding, let sw, let sh, let act, let dw, let dh)):
      let options = Conv2DOptions(
        window: try window(padding, sw, sh), dilationH: try int32(dh), dilationW: try int32(dw),
        activation: try TFLiteImporter.activation(act))
      return make(.conv2D, .conv2D(options), try weighted(op, x))
    case (
      TFLiteBuiltin.depthwiseConv2D,
      .depthwiseConv2D(let padding, let sw, let sh, _, let act, let dw, let dh)
    ):
      let filter = model.tensors[op.inputs.count > 1 && op.inputs[1] >= 0 ? op.inputs[1] : 0]
      let channels = model.tensors[op.inputs[0]].shape.last ?? 0
      let multiplier = channels > 0 ? (filter.shape.last ?? 0) / channels : 0
      let options = DepthwiseConv2DOptions(
        window: try window(padding, sw, sh), dilationH: try int32(dh), dilationW: try int32(dw),
        depthMultiplier: try int32(multiplier), activation: try TFLiteImporter.activation(act))
      return make(.depthwiseConv2D, .depthwiseConv2D(options), try weighted(op, x))
    case (TFLiteBuiltin.transposeConv, .transposeConv(let padding, let sw, let sh, let act)):
      guard op.inputs.count >= 3, op.inputs[1] >= 0, op.inputs[2] >= 0 else {
        throw TFLiteUnsupported("without its filter or input")
      }
      let options = Conv2DOptions(
        window: try window(padding, sw, sh), activation: try TFLiteImporter.activation(act))
      var inputs = [try tensor(op.inputs[2]), try tensor(op.inputs[1])]
      if op.inputs.count > 3, op.inputs[3] >= 0 { inputs.append(try tensor(op.inputs[3])) }
      return OperatorDefinition(
        opcode: .transposeConv, inputs: inputs, outputs: [output], options: .conv2D(options))
    case (TFLiteBuiltin.fullyConnected, .fullyConnected(let act, let format, let keep, _)):
      guard format == 0 else { throw TFLiteUnsupported("with shuffled weights") }
      let options = OpOptions.fullyConnected(
        activation: try TFLiteImporter.activation(act), keepNumDims: keep)
      return make(.fullyConnected, options, try weighted(op, x))
    case (TFLiteBuiltin.add, .arithmetic(let act)):
      return make(.add, .elementwise(activation: try TFLiteImporter.activation(act)), try all(op))
    case (TFLiteBuiltin.sub, .arithmetic(let act)):
      return make(.sub, .elementwise(activation: try TFLiteImporter.activation(act)), try all(op))
    case (TFLiteBuiltin.mul, .arithmetic(let act)):
      return make(.mul, .elementwise(activation: try TFLiteImporter.activation(act)), try all(op))
    case (TFLiteBuiltin.div, .arithmetic(let act)):
      return make(.div, .elementwise(activation: try TFLiteImporter.activation(act)), try all(op))
    case (TFLiteBuiltin.gather, .gather(let axis, 0)) where op.inputs.count == 2:
      guard op.inputs[1] >= 0, model.tensors[op.inputs[1]].type == .int32 else {
        throw TFLiteUnsupported("with indices that are not int32")
      }
      let a = try TFLiteSplit.normalized(axis, rank: rank)
      return make(.gather, .gather(axis: try int32(a)), [x, try tensor(op.inputs[1])])
    case (TFLiteBuiltin.relu, _): return make(.relu)
    case (TFLiteBuiltin.relu6, _): return make(.relu6)
    case (TFLiteBuiltin.reluN1To1, _): return make(.reluN1To1)
    case (TFLiteBuiltin.logistic, _): return make(.logistic)
    case (TFLiteBuiltin.tanh, _): return make(.tanh)
    case (TFLiteBuiltin.hardSwish, _): return make(.hardSwish)
    case (TFLiteBuiltin.quantize, _): return make(.quantize)
    case (TFLiteBuiltin.dequantize, _): return make(.dequantize)
    case (TFLiteBuiltin.leakyRelu, .leakyRelu(let alpha)):
      return make(.leakyRelu, .leakyRelu(alpha: alpha))
    case (TFLiteBuiltin.tile, _):
      return make(.tile, .tile(multiples: try int32s(try constant(op, 1, "multiples").ints)))
    case (TFLiteBuiltin.stridedSlice, let options), (TFLiteBuiltin.slice, let options):
      // The output keeps the dimensions shrink_axis_mask removes dropped:
      // the runtime takes a box whose dimensions of 1 come and go.
      let box = try TFLiteSlice(op, options: options, shape: model.tensors[op.inputs[0]].shape) {
        (slot, role) throws(TFLiteUnsupported) in try constant(op, slot, role).ints
      }
      return make(
        .stridedSlice,
        .stridedSlice(
          begin: try int32s(box.begin), end: try int32s(box.end), strides: try int32s(box.strides)))
    case (TFLiteBuiltin.resizeBilinear, .resize(let alignCorners, let halfPixelCenters)),
      (TFLiteBuiltin.resizeNearestNeighbor, .resize(let alignCorners, let halfPixelCenters)):
      let size = try TFLiteImporter.resizeSize(
        try constant(op, 1, "size").ints, alignCorners: alignCorners,
        halfPixelCenters: halfPixelCenters)
      let shape = model.tensors[op.outputs[0]].shape
      guard shape.count == 4, shape[1] == size.height, shape[2] == size.width else {
        throw TFLiteUnsupported("whose output shape \(shape) is not its size \(size)")
      }
      let code: OpCode =
        op.builtinCode == TFLiteBuiltin.resizeBilinear ? .resizeBilinear : .resizeNearestNeighbor
      return make(code, .resize(alignCorners: alignCorners, halfPixelCenters: halfPixelCenters))
    case (TFLiteBuiltin.prelu, _): return make(.prelu, .none, try all(op))
    case (TFLiteBuiltin.logSoftmax, _): return make(.logSoftmax)
    case (TFLiteBuiltin.unidirectionalSequenceLSTM, _): return try sequenceLSTM(op)
    case (TFLiteBuiltin.gelu, .gelu(let approximate)):
      return make(.gelu, .gelu(approximate: approximate))
    case (TFLiteBuiltin.batchMatMul, .batchMatMul(let adjX, let adjY)):
      return make(.batchMatmul, .batchMatMul(adjointLhs: adjX, adjointRhs: adjY), try all(op))
    case (TFLiteBuiltin.softmax, .softmax(let beta)):
      return make(.softmax, .softmax(beta: beta, axis: try int32(rank - 1)))
    case (let code, .pool2D(let padding, let sw, let sh, let fw, let fh, let act)):
      guard PoolFunction(schemaName: TFLiteBuiltin.name(code)) != nil,
        let gml = OpCode(schemaName: TFLiteBuiltin.name(code))
      else { throw TFLiteUnsupported() }
      return make(gml, .pool2D(try pool(padding, sw, sh, fw, fh, act)))
    case (let code, .reducer(let keepDims)):
      guard ReduceFunction(schemaName: TFLiteBuiltin.name(code)) != nil,
        let gml = OpCode(schemaName: TFLiteBuiltin.name(code))
      else { throw TFLiteUnsupported() }
      let axes = try constant(op, 1, "axes").ints.map { $0 < 0 ? $0 + rank : $0 }
      return make(gml, .mean(axes: try Set(axes).sorted().map(int32), keepDims: keepDims))
    case (TFLiteBuiltin.reshape, _), (TFLiteBuiltin.squeeze, _), (TFLiteBuiltin.expandDims, _):
      // A dynamic dimension beyond the batch leaves the static shape stale
      // (Keras 3's nearest UpSampling2D): the shape operand, folded, holds
      // the real one; `finish` then infers the shapes after it.
      var shape = model.tensors[op.outputs[0]].shape
      if TFLiteInt8Builder.isDynamic(model.tensors[op.outputs[0]]),
        op.builtinCode == TFLiteBuiltin.reshape
      {
        shape = try constant(op, 1, "shape").ints
      }
      return make(.reshape, .reshape(newShape: try shape.map(int32)))
    case (TFLiteBuiltin.concatenation, .concatenation(let axis, let act)):
      let options = OpOptions.concatenation(
        axis: try int32(axis < 0 ? axis + rank : axis),
        activation: try TFLiteImporter.activation(act))
      return make(.concatenation, options, try all(op))
    case (TFLiteBuiltin.pad, _), (TFLiteBuiltin.padV2, _):
      let paddings = try constant(op, 1, "paddings")
      guard paddings.shape == [rank, 2] else {
        throw TFLiteUnsupported("with paddings of shape \(paddings.shape)")
      }
      return make(.pad, .pad(paddings: try paddings.ints.map(int32), value: try padValue(op)))
    case (TFLiteBuiltin.transpose, _):
      let perm = try constant(op, 1, "permutation")
      return make(.transpose, .transpose(perm: try perm.ints.map(int32)))
    default:
      throw TFLiteUnsupported()
    }
  }

  /// A convolution's or FULLY_CONNECTED's inputs: activation, constant
  /// weights, bias or -1.
  mutating func weighted(_ op: TFLiteOperator, _ x: Int32) throws(TFLiteUnsupported) -> [Int32] {
    guard op.inputs.count >= 2, op.inputs[1] >= 0, model.tensors[op.inputs[1]].data != nil else {
      throw TFLiteUnsupported("with non-constant weights")
    }
    let bias = op.inputs.count > 2 && op.inputs[2] >= 0 ? try tensor(op.inputs[2]) : -1
    return [x, try tensor(op.inputs[1]), bias]
  }

  /// Every input of an elementwise operator or CONCATENATION.
  mutating func all(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> [Int32] {
    var inputs: [Int32] = []
    for t in op.inputs {
      guard t >= 0 else { throw TFLiteUnsupported("with an absent input") }
      inputs.append(try tensor(t))
    }
    return inputs
  }

  /// `values` as int32, each checked.
  func int32s(_ values: [Int]) throws(TFLiteUnsupported) -> [Int32] {
    try values.map { (x) throws(TFLiteUnsupported) in try int32(x) }
  }

  /// The integer constant at input `slot` of `op`.
  func constant(_ op: TFLiteOperator, _ slot: Int, _ role: String) throws(TFLiteUnsupported)
    -> TFLiteIntConstant
  {
    guard slot < op.inputs.count, op.inputs[slot] >= 0,
      let c = TFLiteIntConstant(model.tensors[op.inputs[slot]])
    else { throw TFLiteUnsupported("with \(role) that are not a constant") }
    return c
  }

  /// PADV2's constant value as a real number (PAD pads with the zero
  /// point, the real number 0).
  func padValue(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> Float {
    guard op.builtinCode == TFLiteBuiltin.padV2, op.inputs.count > 2, op.inputs[2] >= 0 else {
      return 0
    }
    let t = model.tensors[op.inputs[2]]
    guard t.type == .int8, let data = t.data, data.count == 1, let q = t.quantization,
      q.scales.count == 1
    else { throw TFLiteUnsupported("with a pad value that is not an int8 scalar constant") }
    return Float(Int64(Int8(bitPattern: data[0])) - (q.zeroPoints.first ?? 0)) * q.scales[0]
  }

  func window(_ padding: TFLitePadding, _ sw: Int, _ sh: Int) throws(TFLiteUnsupported)
    -> Window2D
  {
    Window2D(
      padding: padding == .same ? .same : .valid, strideH: try int32(sh), strideW: try int32(sw))
  }

  func pool(
    _ padding: TFLitePadding, _ sw: Int, _ sh: Int, _ fw: Int, _ fh: Int, _ act: Int8
  ) throws(TFLiteUnsupported) -> Pool2DOptions {
    Pool2DOptions(
      window: try window(padding, sw, sh), filterH: try int32(fh), filterW: try int32(fw),
      activation: try TFLiteImporter.activation(act))
  }

  func int32(_ value: Int) throws(TFLiteUnsupported) -> Int32 {
    guard let v = Int32(exactly: value) else {
      throw TFLiteUnsupported("with the value \(value), beyond 32 bits")
    }
    return v
  }

  /// Whether an operator or the graph's outputs read TFLite tensor `t`.
  func isRead(_ t: Int) -> Bool {
    model.outputs.contains(t) || model.operators.contains { $0.inputs.contains(t) }
  }

  /// The `.gml` operators of a TFLite operator that becomes several, or
  /// nil for the others: SPLIT, SPLIT_V and UNPACK a STRIDED_SLICE per
  /// output (UNPACK's output drops the slice's axis of 1, which the
  /// runtime allows); PACK a RESHAPE per input (to a new tensor with the
  /// input's quantization and a unit axis) and a CONCATENATION along it;
  /// GATHER with constant indices as `gathered` (GATHER with indices that
  /// are data maps to the `.gml` op).
  mutating func expanded(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> [OperatorDefinition]? {
    if TFLiteSplit.splits(op.builtinCode) {
      guard op.customCode == nil else { return nil }
      let split = try TFLiteSplit(op, options: TFLiteImporter.options(op), model: model) {
        (slot, role) throws(TFLiteUnsupported) in try constant(op, slot, role).ints
      }
      let x = try tensor(split.input)
      var definitions: [OperatorDefinition] = []
      // Parts nothing reads (an UNPACK of rows of which a few are used) are left out.
      for (k, box) in split.boxes.enumerated() where op.outputs[k] >= 0 && isRead(op.outputs[k]) {
        let options = OpOptions.stridedSlice(
          begin: try int32s(box.begin), end: try int32s(box.end),
          strides: Array(repeating: 1, count: box.begin.count))
        var d = OperatorDefinition(
          opcode: .stridedSlice, inputs: [x], outputs: [try tensor(op.outputs[k])], options: options
        )
        d.name = names[op.outputs[k]]
        definitions.append(d)
      }
      return definitions
    }
    if op.builtinCode == TFLiteBuiltin.gather, op.outputs.count == 1, op.outputs[0] >= 0,
      op.inputs.count == 2, op.inputs[1] >= 0, model.tensors[op.inputs[1]].data != nil
    {
      return try gathered(op)
    }
    guard op.builtinCode == TFLiteBuiltin.pack,
      case .pack(_, let axis) = TFLiteImporter.options(op),
      op.outputs.count == 1, op.outputs[0] >= 0, !op.inputs.isEmpty
    else { return nil }
    let output = try tensor(op.outputs[0])
    let a = try TFLiteSplit.normalized(axis, rank: model.tensors[op.outputs[0]].shape.count)
    var definitions: [OperatorDefinition] = []
    var expandedInputs: [Int32] = []
    for (k, t) in op.inputs.enumerated() {
      let input = try tensor(t)
      var shape = tensors[Int(input)].shape
      shape.insert(1, at: min(a, shape.count))
      let expanded = Int32(tensors.count)
      var definition = tensors[Int(input)]
      (definition.name, definition.shape, definition.buffer) = (
        names[op.outputs[0]] + "/expanded\(k)", shape, 0
      )
      tensors.append(definition)
      var d = OperatorDefinition(
        opcode: .reshape, inputs: [input], outputs: [expanded], options: .reshape(newShape: shape))
      d.name = definition.name
      definitions.append(d)
      expandedInputs.append(expanded)
    }
    var concat = OperatorDefinition(
      opcode: .concatenation, inputs: expandedInputs, outputs: [output],
      options: .concatenation(axis: try int32(a), activation: .none))
    concat.name = names[op.outputs[0]]
    return definitions + [concat]
  }

  /// GATHER on data: one STRIDED_SLICE for one run of indices (its output
  /// may drop the axis, which the runtime allows), else one per run into a
  /// new tensor with the input's parameters and a CONCATENATION.
  mutating func gathered(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> [OperatorDefinition] {
    let gather = try TFLiteGather(op, options: TFLiteImporter.options(op), model: model) {
      (slot, role) throws(TFLiteUnsupported) in try constant(op, slot, role)
    }
    let (x, output) = (try tensor(gather.input), try tensor(op.outputs[0]))
    let name = names[op.outputs[0]]
    var definitions: [OperatorDefinition] = []
    var parts: [Int32] = []
    for (k, box) in gather.boxes.enumerated() {
      var part = output
      if gather.boxes.count > 1 {
        var t = tensors[Int(x)]
        t.name = name + "/part\(k)"
        t.shape = zip(box.begin, box.end).map { Int32($1 - $0) }
        t.buffer = 0
        part = Int32(tensors.count)
        tensors.append(t)
      }
      var d = OperatorDefinition(
        opcode: .stridedSlice, inputs: [x], outputs: [part],
        options: .stridedSlice(
          begin: try int32s(box.begin), end: try int32s(box.end),
          strides: Array(repeating: 1, count: box.begin.count)))
      d.name = gather.boxes.count > 1 ? name + "/part\(k)" : name
      definitions.append(d)
      parts.append(part)
    }
    if parts.count > 1 {
      var concat = OperatorDefinition(
        opcode: .concatenation, inputs: parts, outputs: [output],
        options: .concatenation(axis: try int32(gather.axis), activation: .none))
      concat.name = name
      definitions.append(concat)
    }
    return definitions
  }
}
