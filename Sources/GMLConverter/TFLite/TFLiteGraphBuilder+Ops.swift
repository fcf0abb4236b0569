// GMLConverter/TFLite/TFLiteGraphBuilder+Ops.swift — each float TFLite operator as gml-float nodes.
import GMLKernels

extension TFLiteGraphBuilder {
  /// Adds the node(s) of `op`.
  /// - Throws: `TFLiteUnsupported` for an operator or option gml-float
  ///   cannot express.
  mutating func add(_ op: TFLiteOperator, place: String) throws(TFLiteUnsupported) {
    guard op.customCode == nil else { throw TFLiteUnsupported() }
    if TFLiteSplit.splits(op.builtinCode) {
      try addSplit(op, place: place)
      return
    }
    guard op.outputs.count == 1, op.outputs[0] >= 0 else {
      throw TFLiteUnsupported("with \(op.outputs.count) outputs")
    }
    // -1 marks an omitted optional input; no operator here omits its first.
    guard let first = op.inputs.first, first >= 0 else {
      throw TFLiteUnsupported("without a first input")
    }
    let out = names[op.outputs[0]]
    let x = first
    if let f = UnaryFunction(schemaName: TFLiteBuiltin.name(op.builtinCode)) {
      node(.unary(f), [try operand(x)], out, place: place)
      return
    }
    if let f = BinaryFunction(schemaName: TFLiteBuiltin.name(op.builtinCode)) {
      node(.binary(f), try operands(op), out, place: place)
      return
    }
    switch (op.builtinCode, TFLiteImporter.options(op)) {
    case (TFLiteBuiltin.conv2D, .conv2D(let padding, let sw, let sh, let act, let dw, let dh)):
      let window = Window(strideH: sh, strideW: sw, padding: padding == .same ? .same : .valid)
      let a = ConvAttributes(
        window: window, dilationH: dh, dilationW: dw,
        activation: try TFLiteImporter.activation(act))
      node(.conv2D(a), try weighted(op), out, place: place)
    case (
      TFLiteBuiltin.depthwiseConv2D,
      .depthwiseConv2D(let padding, let sw, let sh, let multiplier, let act, let dw, let dh)
    ):
      let window = Window(strideH: sh, strideW: sw, padding: padding == .same ? .same : .valid)
      let a = ConvAttributes(
        window: window, dilationH: dh, dilationW: dw,
        depthMultiplier: depthMultiplier(op, option: multiplier),
        activation: try TFLiteImporter.activation(act))
      node(.depthwiseConv2D(a), try weighted(op), out, place: place)
    case (TFLiteBuiltin.transposeConv, .transposeConv(let padding, let sw, let sh, let act)):
      let window = Window(strideH: sh, strideW: sw, padding: padding == .same ? .same : .valid)
      let a = ConvAttributes(window: window, activation: try TFLiteImporter.activation(act))
      try checkTransposeConvSize(op, padding: padding, strideH: sh, strideW: sw)
      var inputs = [try operand(op.inputs[2]), try operand(op.inputs[1])]
      if op.inputs.count > 3, op.inputs[3] >= 0 { inputs.append(try operand(op.inputs[3])) }
      node(.transposeConv(a), inputs, out, place: place)
    case (TFLiteBuiltin.fullyConnected, .fullyConnected(let act, let format, let keep, _)):
      guard format == 0 else { throw TFLiteUnsupported("with shuffled weights") }
      var inputs = try weighted(op)
      let shape = model.tensors[x].shape
      let weights = model.tensors[op.inputs[1]].shape
      if !keep && shape.count != 2, weights.count == 2, weights[1] > 0 {
        let flat = inputs[0] + "/flattened"
        let rows = shape.reduce(1, *) / weights[1]
        node(.reshape(shape: [rows, weights[1]]), [inputs[0]], flat, place: place)
        inputs[0] = flat
      }
      node(.dense(activation: try TFLiteImporter.activation(act)), inputs, out, place: place)
    case (TFLiteBuiltin.add, .arithmetic(let act)):
      node(
        .add(activation: try TFLiteImporter.activation(act)), try operands(op), out, place: place)
    case (TFLiteBuiltin.sub, .arithmetic(let act)):
      node(
        .sub(activation: try TFLiteImporter.activation(act)), try operands(op), out, place: place)
    case (TFLiteBuiltin.mul, .arithmetic(let act)):
      node(
        .mul(activation: try TFLiteImporter.activation(act)), try operands(op), out, place: place)
    case (TFLiteBuiltin.div, .arithmetic(let act)):
      node(
        .div(activation: try TFLiteImporter.activation(act)), try operands(op), out, place: place)
    case (TFLiteBuiltin.relu, _): node(.relu, [try operand(x)], out, place: place)
    case (TFLiteBuiltin.relu6, _): node(.relu6, [try operand(x)], out, place: place)
    case (TFLiteBuiltin.logistic, _): node(.sigmoid, [try operand(x)], out, place: place)
    case (TFLiteBuiltin.tanh, _): node(.tanh, [try operand(x)], out, place: place)
    case (TFLiteBuiltin.hardSwish, _): node(.hardSwish, [try operand(x)], out, place: place)
    case (TFLiteBuiltin.leakyRelu, .leakyRelu(let alpha)):
      node(.leakyRelu(alpha: alpha), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.prelu, _): node(.prelu, try operands(op), out, place: place)
    case (TFLiteBuiltin.logSoftmax, _): node(.logSoftmax, [try operand(x)], out, place: place)
    case (TFLiteBuiltin.unidirectionalSequenceLSTM, _): try addSequenceLSTM(op, place: place)
    case (TFLiteBuiltin.gelu, .gelu(let approximate)):
      node(.gelu(approximate: approximate), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.batchMatMul, .batchMatMul(let adjX, let adjY)):
      node(.matMul(transposeA: adjX, transposeB: adjY), try operands(op), out, place: place)
    case (TFLiteBuiltin.softmax, .softmax(let beta)):
      node(.softmax(axis: -1, beta: beta), [try operand(x)], out, place: place)
    case (let code, .pool2D(let padding, let sw, let sh, let fw, let fh, let act)):
      guard let f = PoolFunction(schemaName: TFLiteBuiltin.name(code)) else {
        throw TFLiteUnsupported()
      }
      let window = Window(strideH: sh, strideW: sw, padding: padding == .same ? .same : .valid)
      try nodeWithActivation(
        .pool2D(f, PoolAttributes(poolH: fh, poolW: fw, window: window)), [try operand(x)], out,
        activation: act, place: place)
    case (let code, .reducer(let keepDims)):
      guard let f = ReduceFunction(schemaName: TFLiteBuiltin.name(code)) else {
        throw TFLiteUnsupported()
      }
      let axes = try integers(op.inputs.count > 1 ? op.inputs[1] : -1, "axes")
      node(.reduce(f, axes: axes.ints, keepDims: keepDims), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.tile, _):
      let multiples = try integers(op.inputs.count > 1 ? op.inputs[1] : -1, "multiples")
      node(.tile(multiples: multiples.ints), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.stridedSlice, let options), (TFLiteBuiltin.slice, let options):
      let box = try TFLiteSlice(op, options: options, shape: model.tensors[x].shape) {
        (slot, role) throws(TFLiteUnsupported) in
        try integers(slot < op.inputs.count ? op.inputs[slot] : -1, role).ints
      }
      let slice = Op.stridedSlice(begin: box.begin, end: box.end, strides: box.strides)
      if box.shrunk.isEmpty {
        node(slice, [try operand(x)], out, place: place)
      } else {
        node(slice, [try operand(x)], out + "/box", place: place)
        node(.reshape(shape: model.tensors[op.outputs[0]].shape), [out + "/box"], out, place: place)
      }
    case (TFLiteBuiltin.resizeBilinear, .resize(let alignCorners, let halfPixelCenters)),
      (TFLiteBuiltin.resizeNearestNeighbor, .resize(let alignCorners, let halfPixelCenters)):
      let size = try TFLiteImporter.resizeSize(
        try integers(op.inputs.count > 1 ? op.inputs[1] : -1, "size").ints,
        alignCorners: alignCorners, halfPixelCenters: halfPixelCenters)
      let a = ResizeAttributes(
        method: op.builtinCode == TFLiteBuiltin.resizeBilinear ? .bilinear : .nearestNeighbor,
        height: size.height, width: size.width, alignCorners: alignCorners,
        halfPixelCenters: halfPixelCenters)
      node(.resize(a), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.gather, .gather(let axis, 0))
    where op.inputs.count == 2 && op.inputs[1] >= 0 && model.tensors[op.inputs[1]].data == nil:
      // Indices that are data (token ids): one Gather node.
      let indices = op.inputs[1]
      guard model.tensors[indices].type == .int32 else {
        throw TFLiteUnsupported(
          "with \(model.tensors[indices].type?.schemaName ?? "unknown type") indices (int32 only)")
      }
      node(.gather(axis: axis), [try operand(x), activation(indices)], out, place: place)
    case (TFLiteBuiltin.gather, .gather):
      let gather = try TFLiteGather(op, options: TFLiteImporter.options(op), model: model) {
        (slot, role) throws(TFLiteUnsupported) in try integers(op.inputs[slot], role)
      }
      let input = try operand(gather.input)
      var parts: [String] = []
      for (k, box) in gather.boxes.enumerated() {
        let part = gather.boxes.count == 1 ? out + "/box" : out + "/part\(k)"
        let slice = Op.stridedSlice(
          begin: box.begin, end: box.end, strides: Array(repeating: 1, count: box.begin.count))
        node(slice, [input], part, place: place)
        parts.append(part)
      }
      if parts.count == 1 {
        node(.reshape(shape: model.tensors[op.outputs[0]].shape), parts, out, place: place)
      } else {
        node(.concat(axis: gather.axis), parts, out, place: place)
      }
    case (TFLiteBuiltin.pack, .pack(_, let axis)):
      // Each input with a unit axis inserted, then concatenated along it.
      let rank = model.tensors[x].shape.count + 1
      let a = try TFLiteSplit.normalized(axis, rank: rank)
      var inputs: [String] = []
      for (k, t) in op.inputs.enumerated() {
        var shape = model.tensors[t].shape
        shape.insert(1, at: min(a, shape.count))
        let expanded = out + "/expanded\(k)"
        node(.reshape(shape: shape), [try operand(t)], expanded, place: place)
        inputs.append(expanded)
      }
      node(.concat(axis: a), inputs, out, place: place)
    case (TFLiteBuiltin.reshape, _):
      node(.reshape(shape: try reshapeTarget(op)), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.squeeze, _), (TFLiteBuiltin.expandDims, _):
      node(.reshape(shape: model.tensors[op.outputs[0]].shape), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.concatenation, .concatenation(let axis, let act)):
      var inputs: [String] = []
      for t in op.inputs { inputs.append(try operand(t)) }
      try nodeWithActivation(.concat(axis: axis), inputs, out, activation: act, place: place)
    case (TFLiteBuiltin.pad, _), (TFLiteBuiltin.padV2, _):
      let paddings = try integers(op.inputs.count > 1 ? op.inputs[1] : -1, "paddings")
      guard paddings.shape.count == 2, paddings.shape.last == 2 else {
        throw TFLiteUnsupported("with paddings of shape \(paddings.shape)")
      }
      let pairs = stride(from: 0, to: paddings.ints.count, by: 2).map {
        Array(paddings.ints[$0..<$0 + 2])
      }
      node(.pad(paddings: pairs, value: try padValue(op)), [try operand(x)], out, place: place)
    case (TFLiteBuiltin.transpose, _):
      let perm = try integers(op.inputs.count > 1 ? op.inputs[1] : -1, "permutation")
      node(.transpose(perm: perm.ints), [try operand(x)], out, place: place)
    default:
      throw TFLiteUnsupported()
    }
  }

  /// A convolution's or FULLY_CONNECTED's inputs: the activation, the
  /// constant weights and the bias if present.
  mutating func weighted(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> [String] {
    guard op.inputs.count >= 2, op.inputs[1] >= 0, model.tensors[op.inputs[1]].data != nil else {
      throw TFLiteUnsupported("with non-constant weights")
    }
    var inputs = [try operand(op.inputs[0]), try operand(op.inputs[1])]
    if op.inputs.count > 2 && op.inputs[2] >= 0 { inputs.append(try operand(op.inputs[2])) }
    return inputs
  }

  /// The operands of an elementwise operator.
  mutating func operands(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> [String] {
    var inputs: [String] = []
    for t in op.inputs {
      guard t >= 0 else { throw TFLiteUnsupported("with an absent input") }
      inputs.append(try operand(t))
    }
    return inputs
  }

  /// DEPTHWISE_CONV_2D's multiplier: filter channels over input channels
  /// (the option is unreliable in older files), or the option.
  func depthMultiplier(_ op: TFLiteOperator, option: Int) -> Int {
    let input = model.tensors[op.inputs[0]].shape
    let filter = op.inputs.count > 1 && op.inputs[1] >= 0 ? model.tensors[op.inputs[1]].shape : []
    if let c = input.last, let f = filter.last, c > 0, f % c == 0 { return f / c }
    return option
  }

  /// PADV2's constant value (a float32 scalar), or 0 for PAD.
  /// TRANSPOSE_CONV's inputs (output shape, filter, input) and its output
  /// shape against gml's: the input's size times the strides ("same"), or
  /// plus the filter's overhang ("valid").
  /// - Throws: `TFLiteUnsupported` for missing inputs or another size
  ///   (Keras' `output_padding`).
  func checkTransposeConvSize(
    _ op: TFLiteOperator, padding: TFLitePadding, strideH: Int, strideW: Int
  ) throws(TFLiteUnsupported) {
    guard op.inputs.count >= 3, op.inputs[1] >= 0, op.inputs[2] >= 0 else {
      throw TFLiteUnsupported("without its filter or input")
    }
    let (x, w) = (model.tensors[op.inputs[2]].shape, model.tensors[op.inputs[1]].shape)
    let declared = try integers(op.inputs[0], "output shape").ints
    guard x.count == 4, w.count == 4 else { throw TFLiteUnsupported("with a rank other than 4") }
    let expected =
      padding == .same
      ? [x[0], x[1] * strideH, x[2] * strideW, w[0]]
      : [x[0], (x[1] - 1) * strideH + w[1], (x[2] - 1) * strideW + w[2], w[0]]
    guard declared == expected else {
      throw TFLiteUnsupported(
        "with output shape \(declared) where the strides give \(expected) (Keras' output_padding)")
    }
  }

  /// RESHAPE's target: its shape operand where that is known (a constant or
  /// a folded shape chain: the output's static shape is stale when a
  /// dimension other than the batch is dynamic, as after Keras 3's
  /// nearest UpSampling2D), else the output's static shape.
  func reshapeTarget(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> [Int] {
    let output = model.tensors[op.outputs[0]]
    let dynamic = output.shapeSignature?.dropFirst().contains(-1) ?? false
    guard dynamic, op.inputs.count > 1, op.inputs[1] >= 0 else { return output.shape }
    return try integers(op.inputs[1], "shape").ints
  }

  func padValue(_ op: TFLiteOperator) throws(TFLiteUnsupported) -> Float {
    guard op.builtinCode == TFLiteBuiltin.padV2, op.inputs.count > 2, op.inputs[2] >= 0 else {
      return 0
    }
    guard let v = floats(model.tensors[op.inputs[2]]), v.count == 1 else {
      throw TFLiteUnsupported("with a pad value that is not a float32 constant")
    }
    return v[0]
  }

  /// SPLIT, SPLIT_V and UNPACK: a StridedSlice per output (UNPACK's then
  /// reshaped to drop the split axis).
  mutating func addSplit(_ op: TFLiteOperator, place: String) throws(TFLiteUnsupported) {
    let split = try TFLiteSplit(op, options: TFLiteImporter.options(op), model: model) {
      (slot, role) throws(TFLiteUnsupported) in
      try integers(slot < op.inputs.count ? op.inputs[slot] : -1, role).ints
    }
    let x = try operand(split.input)
    for (k, box) in split.boxes.enumerated() {
      guard op.outputs[k] >= 0 else { continue }
      let out = names[op.outputs[k]]
      let slice = Op.stridedSlice(
        begin: box.begin, end: box.end, strides: Array(repeating: 1, count: box.begin.count))
      if op.builtinCode == TFLiteBuiltin.unpack {
        node(slice, [x], out + "/box", place: place)
        node(.reshape(shape: model.tensors[op.outputs[k]].shape), [out + "/box"], out, place: place)
      } else {
        node(slice, [x], out, place: place)
      }
    }
  }
}
