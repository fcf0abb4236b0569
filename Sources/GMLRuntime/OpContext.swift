// GMLRuntime/OpContext.swift — one operator's operands and options as OpResolver checks them.
import GMLCore
import GMLFormat

/// An operator's operands, options and the graph's tensor facts, with the
/// checks every op's prepare shares. Errors thrown here carry no location;
/// `OpResolver.prepare` puts the op's index on them.
struct OpContext {
  /// The arithmetic an operator runs in, from its operands' types.
  enum Arithmetic: Equatable {
    /// Every operand float32.
    case float32
    /// int8 activations and weights, int32 biases; QUANTIZE (float32 in)
    /// and DEQUANTIZE (float32 out) count here too.
    case int8
    /// float32 activations, bias and output with int8 per-channel
    /// weights (input 1 of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED):
    /// TFLite's hybrid (dynamic-range) kernels.
    case hybrid
  }

  let opcode: OpCode
  let inputs: [Int]
  let outputs: [Int]
  let options: OpOptions
  let tensors: [TensorInfo]
  private let operandArithmetic: Arithmetic
  /// Where `checkOutput` puts the computed shape instead of checking it
  /// (`ShapeInference`); nil when preparing to run.
  var shapeSink: ShapeSink?

  /// The arithmetic the op runs in. A build with `GML_INT8_ONLY`
  /// (`tools/embedded-build.sh --int8-only`) has int8 kernels only: `init`
  /// refuses every other op, and this is the constant `.int8`, so the
  /// compiler drops the float32 and hybrid prepare code after each test
  /// of it.
  var arithmetic: Arithmetic {
    #if GML_INT8_ONLY
      return .int8
    #else
      return operandArithmetic
    #endif
  }

  /// Decodes the options and finds the op's arithmetic from its operand
  /// types: all float32; or int8 with int32 biases (input 2 of CONV_2D,
  /// DEPTHWISE_CONV_2D and FULLY_CONNECTED); QUANTIZE float32 → int8 and
  /// DEQUANTIZE int8 → float32.
  /// - Throws: `unsupportedType` for any other mix, or in a
  ///   `GML_INT8_ONLY` build for any but int8; `malformed` for options
  ///   that do not decode.
  init(_ op: Operator, index: Int, tensors: [TensorInfo]) throws(GMLError) {
    opcode = op.opcode
    inputs = op.inputs
    outputs = op.outputs
    self.tensors = tensors
    options = try op.options()
    operandArithmetic = try OpContext.arithmetic(op.opcode, op.inputs, op.outputs, tensors)
    if arithmetic != operandArithmetic {
      throw GMLError(
        .unsupportedType,
        "this build runs int8 operators only (GML_INT8_ONLY): no float32 or hybrid kernels")
    }
  }

  private static func arithmetic(
    _ opcode: OpCode, _ inputs: [Int], _ outputs: [Int], _ tensors: [TensorInfo]
  ) throws(GMLError) -> Arithmetic {
    let error = GMLError(
      .unsupportedType, "no kernel for these operand types (float32, or int8 with int32 bias)")
    // The first operand decides; the others must agree with it.
    guard let first = inputs.first(where: { $0 >= 0 }) ?? outputs.first else { return .float32 }
    if isHybrid(opcode, inputs, outputs, tensors) { return .hybrid }
    let kind: Arithmetic = tensors[first].type == .int8 ? .int8 : .float32
    for (k, t) in inputs.enumerated() where t >= 0 {
      let expected: ElementType
      switch (opcode, k) {
      // RESHAPE's optional second input is a shape tensor (int32), unused.
      case (.reshape, 1): continue
      // GATHER's indices are int32 in every arithmetic.
      case (.gather, 1): expected = .int32
      case (.quantize, _): expected = .float32
      // LAYER_NORM's gamma and beta are float32 in int8 models too.
      case (.layerNorm, 1), (.layerNorm, 2): expected = .float32
      case (.dequantize, _): expected = .int8
      case (.conv2D, 2), (.depthwiseConv2D, 2), (.fullyConnected, 2), (.transposeConv, 2),
        (.unidirectionalSequenceLstm, 9...12), (.gru, 7...12):
        expected = kind == .int8 ? .int32 : .float32
      default: expected = kind == .int8 ? .int8 : .float32
      }
      if tensors[t].type != expected { throw error }
    }
    for t in outputs {
      let expected: ElementType
      switch opcode {
      case .quantize: expected = .int8
      case .dequantize: expected = .float32
      default: expected = kind == .int8 ? .int8 : .float32
      }
      if tensors[t].type != expected { throw error }
    }
    if opcode == .quantize || opcode == .dequantize { return .int8 }
    return kind
  }

  /// Whether a weighted op has float32 input/bias/output and quantized
  /// int8 weights.
  private static func isHybrid(
    _ opcode: OpCode, _ inputs: [Int], _ outputs: [Int], _ tensors: [TensorInfo]
  ) -> Bool {
    guard opcode == .conv2D || opcode == .depthwiseConv2D || opcode == .fullyConnected,
      inputs.count >= 2, inputs[0] >= 0, inputs[1] >= 0, outputs.count == 1,
      tensors[inputs[0]].type == .float32, tensors[inputs[1]].type == .int8,
      tensors[inputs[1]].quantization != nil, tensors[outputs[0]].type == .float32
    else { return false }
    return inputs.count < 3 || inputs[2] < 0 || tensors[inputs[2]].type == .float32
  }

  /// Checks the operand counts: `inputs` inputs of which the first
  /// `required` must be present (not -1), and `outputs` outputs.
  func expect(inputs range: ClosedRange<Int>, required: Int, outputs: Int) throws(GMLError) {
    guard range.contains(inputs.count), self.outputs.count == outputs else {
      throw GMLError(.malformed, "wrong number of inputs or outputs for the op")
    }
    for k in 0..<required where inputs[k] < 0 {
      throw GMLError(.malformed, "a required input of the op is absent (-1)")
    }
  }

  /// Checks exactly `inputs` inputs, all present, and `outputs` outputs.
  func expect(inputs: Int, outputs: Int) throws(GMLError) {
    try expect(inputs: inputs...inputs, required: inputs, outputs: outputs)
  }

  /// The tensor index of input `k`.
  func input(_ k: Int) -> Int { inputs[k] }

  /// The tensor index of optional input `k`, or -1 when absent.
  func optionalInput(_ k: Int) -> Int { k < inputs.count ? inputs[k] : -1 }

  /// The tensor index of the (only) output.
  var output: Int { outputs[0] }

  /// The shape of tensor `t`.
  func shape(_ t: Int) -> Shape { tensors[t].shape }

  /// The shape of optional tensor `t`, or nil when absent.
  func optionalShape(_ t: Int) -> Shape? { t < 0 ? nil : tensors[t].shape }

  /// Checks that the output tensor has the shape the op computes; with
  /// `unitDimensionsMayDiffer`, up to dimensions of 1 (STRIDED_SLICE's
  /// `shrink_axis_mask`: the same elements in the same order). Under
  /// `ShapeInference`, hands the shape to the sink instead (the file's
  /// shape where it matches up to dimensions of 1).
  /// - Throws: `shapeMismatch`.
  func checkOutput(_ computed: Shape, unitDimensionsMayDiffer: Bool = false) throws(GMLError) {
    let declared = tensors[output].shape
    let matches =
      declared == computed
      || (unitDimensionsMayDiffer && OpContext.sameLayout(declared, computed))
    // Boards (int8-only builds) never infer shapes: that is the converter's.
    #if !GML_INT8_ONLY
      if let shapeSink {
        shapeSink.shape = matches ? declared : computed
        return
      }
    #endif
    if !matches {
      throw GMLError(.shapeMismatch, "output shape differs from what the op computes")
    }
  }

  /// Whether two shapes hold their elements in the same order: the same
  /// dimensions once those of 1 are left out.
  static func sameLayout(_ a: Shape, _ b: Shape) -> Bool {
    var (i, j) = (0, 0)
    while true {
      while i < a.rank && a.dims[i] == 1 { i += 1 }
      while j < b.rank && b.dims[j] == 1 { j += 1 }
      if i == a.rank || j == b.rank { return i == a.rank && j == b.rank }
      if a.dims[i] != b.dims[j] { return false }
      i += 1
      j += 1
    }
  }

  /// The error for an options table of another op.
  func wrongOptions() -> GMLError {
    GMLError(.malformed, "options table does not belong to the op")
  }
}
