// GMLRuntime/OpResolver+Shape.swift — prepare for the data-movement ops: Mean, Reshape, Concatenation, Pad, Transpose, the strided copies, Gather, Resize.
import GMLCore
import GMLFormat
import GMLKernels

extension OpResolver {
  static func prepareMean(_ c: OpContext, _ f: ReduceFunction) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    guard case .mean(let axes, let keepDims) = c.options else { throw c.wrongOptions() }
    let p = try Mean(
      input: c.shape(c.input(0)), axes: axes.map { Int($0) }, keepDims: keepDims, function: f)
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 {
      return try int8Mean(p, c, axes: axes.map { Int($0) }, keepDims: keepDims)
    }
    return .mean(p, input: c.input(0), output: c.output)
  }

  /// RESHAPE: the output tensor's shape is the new shape; `new_shape`, when
  /// given, must resolve to it. A second input (TFLite's shape tensor) may
  /// be present and is not read.
  static func prepareReshape(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1...2, required: 1, outputs: 1)
    var requested: [Int32] = []
    switch c.options {
    case .none: break
    case .reshape(let newShape): requested = newShape
    default: throw c.wrongOptions()
    }
    let input = c.shape(c.input(0))
    var output = c.shape(c.output)
    if !requested.isEmpty {
      let resolved = try Reshape.resolve(
        requested.map { Int($0) }, elementCount: try input.elementCount())
      try c.checkOutput(resolved)
      output = resolved
    }
    let p = try Reshape(input: input, output: output)
    if c.arithmetic == .int8 { return try int8Reshape(p, c) }
    return .reshape(p, input: c.input(0), output: c.output)
  }

  static func prepareConcatenation(_ c: OpContext) throws(GMLError) -> PreparedOp {
    guard !c.inputs.isEmpty else {
      throw GMLError(.malformed, "wrong number of inputs or outputs for the op")
    }
    try c.expect(inputs: c.inputs.count...c.inputs.count, required: c.inputs.count, outputs: 1)
    var (axis, activation): (Int32, ActivationFunction) = (0, .none)
    switch c.options {
    case .none: break
    case .concatenation(let a, let f): (axis, activation) = (a, f)
    default: throw c.wrongOptions()
    }
    let p = try Concatenation(
      inputs: c.inputs.map { c.shape($0) }, axis: Int(axis),
      activation: Activation(activation))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8Concatenation(p, c) }
    return .concatenation(p, inputs: c.inputs, output: c.output)
  }

  static func preparePad(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    guard case .pad(let paddings, let value) = c.options else { throw c.wrongOptions() }
    let p = try Pad(
      input: c.shape(c.input(0)), paddings: paddings.map { Int($0) }, value: value)
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8Pad(p, c) }
    return .pad(p, input: c.input(0), output: c.output)
  }

  static func prepareTranspose(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    guard case .transpose(let perm) = c.options else { throw c.wrongOptions() }
    let p = try Transpose(input: c.shape(c.input(0)), perm: perm.map { Int($0) })
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 { return try int8Transpose(p, c) }
    return .transpose(p, input: c.input(0), output: c.output)
  }

  /// TILE and STRIDED_SLICE: elements moved, never computed; int8 input
  /// and output share their parameters. STRIDED_SLICE's output may drop
  /// or add dimensions of 1 to its box (`shrink_axis_mask`).
  static func prepareStridedCopy(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    let p: StridedCopy
    switch (c.opcode, c.options) {
    case (.tile, .tile(let multiples)):
      p = try StridedCopy(input: c.shape(c.input(0)), multiples: multiples.map { Int($0) })
    case (.stridedSlice, .stridedSlice(let begin, let end, let strides)):
      p = try StridedCopy(
        input: c.shape(c.input(0)), begin: begin.map { Int($0) }, end: end.map { Int($0) },
        strides: strides.map { Int($0) })
    default: throw c.wrongOptions()
    }
    try c.checkOutput(p.outputShape, unitDimensionsMayDiffer: c.opcode == .stridedSlice)
    if c.arithmetic == .int8 {
      try c.checkSameParameters(c.input(0), c.output)
      return .int8(.stridedCopy(p, input: c.input(0), output: c.output))
    }
    return .stridedCopy(p, input: c.input(0), output: c.output)
  }

  /// GATHER: int32 indices into a float32 or int8 table; int8 table and
  /// output share their parameters. `Preparation` checks where the
  /// indices come from (`IndexChecks`).
  static func prepareGather(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 2, outputs: 1)
    guard case .gather(let axis) = c.options else { throw c.wrongOptions() }
    let p = try Gather(table: c.shape(c.input(0)), indices: c.shape(c.input(1)), axis: Int(axis))
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 {
      try c.checkSameParameters(c.input(0), c.output)
      return .int8(.gather(p, table: c.input(0), indices: c.input(1), output: c.output))
    }
    return .gather(p, table: c.input(0), indices: c.input(1), output: c.output)
  }

  /// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: the output tensor's
  /// height and width are the size (TFLite's constant size input, folded
  /// by the converter); int8 input and output share their parameters.
  static func prepareResize(_ c: OpContext) throws(GMLError) -> PreparedOp {
    try c.expect(inputs: 1, outputs: 1)
    guard case .resize(let alignCorners, let halfPixelCenters) = c.options else {
      throw c.wrongOptions()
    }
    let output = c.shape(c.output)
    guard output.rank == 4 else {
      throw GMLError(.shapeMismatch, "a resize needs a rank-4 (NHWC) output")
    }
    let p = try Resize(
      c.opcode == .resizeBilinear ? .bilinear : .nearestNeighbor, input: c.shape(c.input(0)),
      height: output.dims[1], width: output.dims[2], alignCorners: alignCorners,
      halfPixelCenters: halfPixelCenters)
    try c.checkOutput(p.outputShape)
    if c.arithmetic == .int8 {
      try c.checkSameParameters(c.input(0), c.output)
      return .int8(.resize(p, input: c.input(0), output: c.output))
    }
    return .resize(p, input: c.input(0), output: c.output)
  }
}
