// GMLConverter/TFLite/TFLiteReader+Options.swift — builtin_options: verifying and decoding the option tables the importer maps.
import GMLCore
import GMLFlatBuffers

extension TFLiteStructure {
  /// Verifies the fields of a `BuiltinOptions` member the reader decodes;
  /// any other member is left as `verifyUnion` checked it (its header).
  func options(_ v: inout V, _ type: UInt8, _ o: Table) throws(GMLError) {
    typealias O = S.Options
    switch type {
    case O.conv2D:
      try window(&v, o)
      try scalar(&v, o, S.Conv2D.activation, "fused_activation_function", Int8.self)
      try scalar(&v, o, S.Conv2D.dilationW, "dilation_w_factor", Int32.self)
      try scalar(&v, o, S.Conv2D.dilationH, "dilation_h_factor", Int32.self)
    case O.depthwiseConv2D:
      try window(&v, o)
      try scalar(&v, o, S.DepthwiseConv2D.depthMultiplier, "depth_multiplier", Int32.self)
      try scalar(&v, o, S.DepthwiseConv2D.activation, "fused_activation_function", Int8.self)
      try scalar(&v, o, S.DepthwiseConv2D.dilationW, "dilation_w_factor", Int32.self)
      try scalar(&v, o, S.DepthwiseConv2D.dilationH, "dilation_h_factor", Int32.self)
    case O.transposeConv:
      try window(&v, o)
      try scalar(&v, o, S.TransposeConv.activation, "fused_activation_function", Int8.self)
    case O.pool2D:
      try window(&v, o)
      try scalar(&v, o, S.Pool2D.filterWidth, "filter_width", Int32.self)
      try scalar(&v, o, S.Pool2D.filterHeight, "filter_height", Int32.self)
      try scalar(&v, o, S.Pool2D.activation, "fused_activation_function", Int8.self)
    case O.fullyConnected:
      typealias F = S.FullyConnected
      try scalar(&v, o, F.activation, "fused_activation_function", Int8.self)
      try scalar(&v, o, F.weightsFormat, "weights_format", Int8.self)
      try scalar(&v, o, F.keepNumDims, "keep_num_dims", Bool.self)
      try scalar(&v, o, F.asymmetricQuantizeInputs, "asymmetric_quantize_inputs", Bool.self)
    case O.softmax: try scalar(&v, o, S.onlyField, "beta", Float.self)
    case O.leakyRelu: try scalar(&v, o, S.onlyField, "alpha", Float.self)
    case O.concatenation:
      try scalar(&v, o, S.Concatenation.axis, "axis", Int32.self)
      try scalar(&v, o, S.Concatenation.activation, "fused_activation_function", Int8.self)
    case O.add, O.sub, O.mul, O.div:
      try scalar(&v, o, S.Arithmetic.activation, "fused_activation_function", Int8.self)
    case O.reshape: try vector(&v, o, S.onlyField, "new_shape", elementSize: 4)
    case O.squeeze: try vector(&v, o, S.onlyField, "squeeze_dims", elementSize: 4)
    case O.reducer: try scalar(&v, o, S.onlyField, "keep_dims", Bool.self)
    case O.stridedSlice:
      typealias M = S.StridedSlice
      try scalar(&v, o, M.beginMask, "begin_mask", Int32.self)
      try scalar(&v, o, M.endMask, "end_mask", Int32.self)
      try scalar(&v, o, M.ellipsisMask, "ellipsis_mask", Int32.self)
      try scalar(&v, o, M.newAxisMask, "new_axis_mask", Int32.self)
      try scalar(&v, o, M.shrinkAxisMask, "shrink_axis_mask", Int32.self)
      try scalar(&v, o, M.offset, "offset", Bool.self)
    case O.resizeBilinear:
      try scalar(&v, o, S.ResizeBilinear.alignCorners, "align_corners", Bool.self)
      try scalar(&v, o, S.ResizeBilinear.halfPixelCenters, "half_pixel_centers", Bool.self)
    case O.resizeNearestNeighbor:
      typealias R = S.ResizeNearestNeighbor
      try scalar(&v, o, R.alignCorners, "align_corners", Bool.self)
      try scalar(&v, o, R.halfPixelCenters, "half_pixel_centers", Bool.self)
    case O.pack:
      try scalar(&v, o, S.Pack.valuesCount, "values_count", Int32.self)
      try scalar(&v, o, S.Pack.axis, "axis", Int32.self)
    case O.unpack:
      try scalar(&v, o, S.Pack.valuesCount, "num", Int32.self)
      try scalar(&v, o, S.Pack.axis, "axis", Int32.self)
    case O.gather:
      try scalar(&v, o, S.Gather.axis, "axis", Int32.self)
      try scalar(&v, o, S.Gather.batchDims, "batch_dims", Int32.self)
    case O.shape: try scalar(&v, o, S.onlyField, "out_type", Int8.self)
    case O.cast:
      try scalar(&v, o, S.Cast.inType, "in_data_type", Int8.self)
      try scalar(&v, o, S.Cast.outType, "out_data_type", Int8.self)
    case O.batchMatMul:
      try scalar(&v, o, S.BatchMatMul.adjX, "adj_x", Bool.self)
      try scalar(&v, o, S.BatchMatMul.adjY, "adj_y", Bool.self)
      try scalar(
        &v, o, S.BatchMatMul.asymmetricQuantizeInputs, "asymmetric_quantize_inputs", Bool.self)
    case O.gelu: try scalar(&v, o, S.onlyField, "approximate", Bool.self)
    case O.sequenceLSTM:
      typealias L = S.SequenceLSTM
      try scalar(&v, o, L.activation, "fused_activation_function", Int8.self)
      try scalar(&v, o, L.cellClip, "cell_clip", Float.self)
      try scalar(&v, o, L.projClip, "proj_clip", Float.self)
      try scalar(&v, o, L.timeMajor, "time_major", Bool.self)
    case O.whileLoop:
      try scalar(&v, o, S.While.cond, "cond_subgraph_index", Int32.self)
      try scalar(&v, o, S.While.body, "body_subgraph_index", Int32.self)
    default: break
    }
  }

  /// `padding`, `stride_w`, `stride_h`: the start of the window options.
  private func window(_ v: inout V, _ o: Table) throws(GMLError) {
    try scalar(&v, o, S.Window.padding, "padding", Int8.self)
    try scalar(&v, o, S.Window.strideW, "stride_w", Int32.self)
    try scalar(&v, o, S.Window.strideH, "stride_h", Int32.self)
  }
}

extension TFLiteReader {
  /// Decodes operator `t`'s `builtin_options` (verified) into `TFLiteOptions`.
  /// - Parameter place: the operator's path, for messages.
  /// - Throws: `ConversionError` for a `padding` value the schema does not define.
  func options(_ t: Table, place: String) throws(ConversionError) -> TFLiteOptions {
    let type: UInt8 = view.scalar(t, slot: TFLiteSchema.Operator.builtinOptionsType, default: 0)
    guard type != 0, let o = view.table(t, slot: TFLiteSchema.Operator.builtinOptionsType + 1)
    else { return .none }
    typealias S = TFLiteSchema
    typealias O = S.Options
    let place = place + ".builtin_options"
    switch type {
    case O.conv2D:
      return .conv2D(
        padding: try padding(o, place), strideW: int(o, S.Window.strideW),
        strideH: int(o, S.Window.strideH), activation: byte(o, S.Conv2D.activation),
        dilationW: int(o, S.Conv2D.dilationW, 1), dilationH: int(o, S.Conv2D.dilationH, 1))
    case O.depthwiseConv2D:
      typealias D = S.DepthwiseConv2D
      return .depthwiseConv2D(
        padding: try padding(o, place), strideW: int(o, S.Window.strideW),
        strideH: int(o, S.Window.strideH), depthMultiplier: int(o, D.depthMultiplier),
        activation: byte(o, D.activation), dilationW: int(o, D.dilationW, 1),
        dilationH: int(o, D.dilationH, 1))
    case O.transposeConv:
      return .transposeConv(
        padding: try padding(o, place), strideW: int(o, S.Window.strideW),
        strideH: int(o, S.Window.strideH), activation: byte(o, S.TransposeConv.activation))
    case O.pool2D:
      return .pool2D(
        padding: try padding(o, place), strideW: int(o, S.Window.strideW),
        strideH: int(o, S.Window.strideH), filterWidth: int(o, S.Pool2D.filterWidth),
        filterHeight: int(o, S.Pool2D.filterHeight), activation: byte(o, S.Pool2D.activation))
    case O.fullyConnected:
      typealias F = S.FullyConnected
      return .fullyConnected(
        activation: byte(o, F.activation), weightsFormat: byte(o, F.weightsFormat),
        keepNumDims: flag(o, F.keepNumDims),
        asymmetricQuantizeInputs: flag(o, F.asymmetricQuantizeInputs))
    case O.softmax: return .softmax(beta: view.scalar(o, slot: S.onlyField, default: Float(0)))
    case O.leakyRelu: return .leakyRelu(alpha: view.scalar(o, slot: S.onlyField, default: Float(0)))
    case O.concatenation:
      return .concatenation(
        axis: int(o, S.Concatenation.axis), activation: byte(o, S.Concatenation.activation))
    case O.add, O.sub, O.mul, O.div:
      return .arithmetic(activation: byte(o, S.Arithmetic.activation))
    case O.reshape:
      return .reshape(newShape: view.hasField(o, slot: S.onlyField) ? ints(o, S.onlyField) : nil)
    case O.squeeze: return .squeeze(dims: ints(o, S.onlyField))
    case O.reducer: return .reducer(keepDims: flag(o, S.onlyField))
    case O.stridedSlice:
      typealias M = S.StridedSlice
      return .stridedSlice(
        beginMask: int(o, M.beginMask), endMask: int(o, M.endMask),
        ellipsisMask: int(o, M.ellipsisMask), newAxisMask: int(o, M.newAxisMask),
        shrinkAxisMask: int(o, M.shrinkAxisMask), offset: flag(o, M.offset))
    case O.resizeBilinear:
      typealias R = S.ResizeBilinear
      return .resize(
        alignCorners: flag(o, R.alignCorners), halfPixelCenters: flag(o, R.halfPixelCenters))
    case O.resizeNearestNeighbor:
      typealias R = S.ResizeNearestNeighbor
      return .resize(
        alignCorners: flag(o, R.alignCorners), halfPixelCenters: flag(o, R.halfPixelCenters))
    case O.pack: return .pack(valuesCount: int(o, S.Pack.valuesCount), axis: int(o, S.Pack.axis))
    case O.unpack: return .unpack(count: int(o, S.Pack.valuesCount), axis: int(o, S.Pack.axis))
    case O.gather:
      return .gather(axis: int(o, S.Gather.axis), batchDims: int(o, S.Gather.batchDims))
    case O.shape: return .shape(outType: byte(o, S.onlyField))
    case O.cast: return .cast(inType: byte(o, S.Cast.inType), outType: byte(o, S.Cast.outType))
    case O.batchMatMul:
      return .batchMatMul(adjX: flag(o, S.BatchMatMul.adjX), adjY: flag(o, S.BatchMatMul.adjY))
    case O.gelu: return .gelu(approximate: flag(o, S.onlyField))
    case O.whileLoop: return .whileLoop(cond: int(o, S.While.cond), body: int(o, S.While.body))
    case O.sequenceLSTM:
      typealias L = S.SequenceLSTM
      return .sequenceLSTM(
        activation: byte(o, L.activation),
        cellClip: view.scalar(o, slot: L.cellClip, default: Float(0)),
        projClip: view.scalar(o, slot: L.projClip, default: Float(0)),
        timeMajor: flag(o, L.timeMajor))
    default: return .other(unionType: type)
    }
  }

  /// The `padding` field (slot 0 of the window options): SAME (0) or VALID (1).
  private func padding(_ o: Table, _ place: String) throws(ConversionError) -> TFLitePadding {
    let raw = byte(o, TFLiteSchema.Window.padding)
    guard let padding = TFLitePadding(rawValue: raw) else {
      throw ConversionError(
        file: file, place: place + ".padding",
        "unknown padding \(raw); expected 0 (SAME) or 1 (VALID)")
    }
    return padding
  }

  /// An `int` field as `Int`.
  func int(_ o: Table, _ slot: Int, _ defaultValue: Int32 = 0) -> Int {
    Int(view.scalar(o, slot: slot, default: defaultValue))
  }

  /// A `byte` field (an enum such as ActivationFunctionType or TensorType).
  func byte(_ o: Table, _ slot: Int) -> Int8 { view.scalar(o, slot: slot, default: Int8(0)) }

  /// A `bool` field, default false.
  func flag(_ o: Table, _ slot: Int) -> Bool { view.scalar(o, slot: slot, default: false) }
}
