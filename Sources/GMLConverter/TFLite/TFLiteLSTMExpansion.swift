// GMLConverter/TFLite/TFLiteLSTMExpansion.swift — a float UNIDIRECTIONAL_SEQUENCE_LSTM written out as the operators of its steps.
import GMLCore

/// Replaces each float32 UNIDIRECTIONAL_SEQUENCE_LSTM of subgraph 0 (what
/// TFLiteConverter makes of a tf_keras LSTM with a fixed batch; Keras 3's
/// becomes a WHILE loop) by the operators of its time steps, as TFLite's float kernel
/// computes them (`lstm_eval.cc`), zero initial states:
///
///     i = σ(Wi·x + Ri·h + bi)   f = σ(Wf·x + Rf·h + bf)
///     g = a(Wc·x + Rc·h + bc)   o = σ(Wo·x + Ro·h + bo)
///     c = f·c + i·g (clipped to ±cell_clip when set)   h = o·a(c)
///
/// one FULLY_CONNECTED per gate for the step's input (with the gate's bias)
/// and one for the state, ADD, LOGISTIC, the cell activation `a`, MUL; each
/// step's `h` reshaped and concatenated along time. The ops then import as
/// any float model's, so `--quantize int8` quantizes them.
///
/// Not expanded (left for the importer to report with `problem`): the
/// variants Keras does not make (coupled input and forget gates, peephole
/// connections, a projection, layer normalization, a state tensor that is
/// absent or starts other than at zero) and quantized models, whose
/// integer LSTM kernel gml does not have.
enum TFLiteLSTMExpansion {
  /// Expands every expandable UNIDIRECTIONAL_SEQUENCE_LSTM of `model`.
  /// - Returns: how many were expanded.
  static func run(_ model: inout TFLiteModel) -> Int {
    let code = TFLiteBuiltin.unidirectionalSequenceLSTM
    guard model.operators.contains(where: { $0.builtinCode == code }) else { return 0 }
    var writer = Writer(tensors: model.tensors)
    var origins: [String?] = []
    var expanded = 0
    for (index, op) in model.operators.enumerated() {
      guard op.builtinCode == code, problem(op, model.tensors) == nil else {
        writer.operators.append(op)
        origins.append(model.origin(ofOperator: index))
        continue
      }
      let before = writer.operators.count
      writer.expand(op)
      expanded += 1
      let place = model.place(ofOperator: index)
      origins += Array(repeating: place, count: writer.operators.count - before)
    }
    model.tensors = writer.tensors
    model.operators = writer.operators
    model.origins = origins
    return expanded
  }

  /// Why `op` (an UNIDIRECTIONAL_SEQUENCE_LSTM) cannot be expanded, as a
  /// phrase following the operator's name; nil when it can.
  static func problem(_ op: TFLiteOperator, _ tensors: [TFLiteTensor]) -> String? {
    if let problem = variantProblem(op, tensors) { return problem }
    guard case .sequenceLSTM(let activation, let cellClip, _, _) = op.options else { return nil }
    let input = tensors[op.inputs[0]]
    guard input.type == .float32 else {
      return "with a \(input.type?.schemaName ?? "typeless") input in a float model"
    }
    if op.inputs.contains(where: { $0 >= 0 && tensors[$0].type == .int8 }) {
      return "with int8 weights on float32 activations (dynamic range); gml imports float32 "
        + "and full-integer int8 LSTMs"
    }
    for k in 18...19
    where op.inputs[k] < 0 || tensors[op.inputs[k]].data?.contains(where: { $0 != 0 }) == true {
      return
        "with \(op.inputs[k] < 0 ? "no" : "a non-zero initial") \(k == 18 ? "output" : "cell") state"
    }
    guard Activation(raw: activation) != nil else {
      return "with cell activation \(TFLiteImporter.activationName(activation))"
    }
    guard cellClip >= 0, cellClip.isFinite else { return "with cell_clip \(cellClip)" }
    guard input.shape.count == 3, input.data == nil, input.shape.allSatisfy({ $0 >= 1 }),
      let cells = tensors[op.inputs[2]].shape.first
    else { return "with an input that is not a [batch, time, features] activation" }
    let features = input.shape[2]
    for k in 1...15 where !(9...11).contains(k) {
      let t = tensors[op.inputs[k]]
      let shape = k <= 4 ? [cells, features] : k <= 8 ? [cells, cells] : [cells]
      guard t.type == .float32, t.shape == shape, let data = t.data,
        data.count == shape.reduce(4, *)
      else { return "whose input \(k) is not a float32 constant of shape \(shape)" }
    }
    return nil
  }

  /// Why `op` is a variant no importer maps, float or int8: options or
  /// operands missing, or what Keras does not make (coupled input and
  /// forget gates, peepholes, a projection, layer normalization).
  static func variantProblem(_ op: TFLiteOperator, _ tensors: [TFLiteTensor]) -> String? {
    guard case .sequenceLSTM = op.options else {
      return "without UnidirectionalSequenceLSTMOptions"
    }
    guard op.inputs.count >= 20, op.outputs.count == 1, op.inputs[0] >= 0 else {
      return "with \(op.inputs.count) inputs; expected 20 or 24"
    }
    if op.inputs[1] < 0 || op.inputs[5] < 0 { return "with coupled input and forget gates" }
    if op.inputs[9...11].contains(where: { $0 >= 0 }) { return "with peephole connections" }
    if op.inputs[16...17].contains(where: { $0 >= 0 }) { return "with a projection" }
    if op.inputs.count > 20, op.inputs[20...].contains(where: { $0 >= 0 }) {
      return "with layer normalization"
    }
    for k in [2, 3, 4, 6, 7, 8, 12, 13, 14, 15] where op.inputs[k] < 0 {
      return "without its input \(k)"
    }
    return nil
  }

  /// The cell activation: none, RELU, RELU6 or TANH.
  enum Activation {
    case none, relu, relu6, tanh
    init?(raw: Int8) {
      switch raw {
      case 0: self = .none
      case 1: self = .relu
      case 3: self = .relu6
      case 4: self = .tanh
      default: return nil
      }
    }
  }

  /// The tensors and operators of the model being rewritten.
  struct Writer {
    var tensors: [TFLiteTensor]
    var operators: [TFLiteOperator] = []

    mutating func tensor(_ name: String, _ shape: [Int], data: [UInt8]? = nil, int32: Bool = false)
      -> Int
    {
      let code = int32 ? TFLiteTensorType.int32.rawValue : TFLiteTensorType.float32.rawValue
      tensors.append(TFLiteTensor(name: name, shape: shape, typeCode: code, data: data))
      return tensors.count - 1
    }

    mutating func ints(_ name: String, _ values: [Int]) -> Int {
      tensor(name, [values.count], data: LittleEndian.encode(values.map { Int32($0) }), int32: true)
    }

    /// Appends `code` on `inputs`, its output a new float tensor.
    mutating func op(
      _ code: Int32, _ inputs: [Int], _ name: String, _ shape: [Int],
      _ options: TFLiteOptions = .none, into output: Int? = nil
    ) -> Int {
      let out = output ?? tensor(name, shape)
      operators.append(
        TFLiteOperator(builtinCode: code, inputs: inputs, outputs: [out], options: options))
      return out
    }

    /// `x` through the cell activation.
    mutating func activated(_ x: Int, _ activation: Activation, _ name: String, _ shape: [Int])
      -> Int
    {
      switch activation {
      case .none: return x
      case .relu: return op(TFLiteBuiltin.relu, [x], name, shape)
      case .relu6: return op(TFLiteBuiltin.relu6, [x], name, shape)
      case .tanh: return op(TFLiteBuiltin.tanh, [x], name, shape)
      }
    }

    /// The steps of LSTM `lstm` (checked by `problem`).
    mutating func expand(_ lstm: TFLiteOperator) {
      guard case .sequenceLSTM(let raw, let clip, _, let timeMajor) = lstm.options,
        let activation = Activation(raw: raw)
      else { return }
      typealias B = TFLiteBuiltin
      let input = lstm.inputs[0]
      let dims = tensors[input].shape
      let (batch, steps, features) =
        timeMajor ? (dims[1], dims[0], dims[2]) : (dims[0], dims[1], dims[2])
      let cells = tensors[lstm.inputs[2]].shape[0]
      let base = tensors[lstm.outputs[0]].name
      let arithmetic = TFLiteOptions.arithmetic(activation: 0)
      let fc = TFLiteOptions.fullyConnected(
        activation: 0, weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: false)
      let zeros = LittleEndian.encode([Float](repeating: 0, count: batch * cells))
      var h = tensor(base + "/h0", [batch, cells], data: zeros)
      var c = tensor(base + "/c0", [batch, cells], data: zeros)
      let state = [batch, cells]
      let bounds =
        clip > 0
        ? (
          tensor(base + "/clip", [1], data: LittleEndian.encode([clip])),
          tensor(base + "/-clip", [1], data: LittleEndian.encode([-clip]))
        ) : nil
      let strides = ints(base + "/strides", [1, 1, 1])
      let stepShape = ints(
        base + "/step_shape", timeMajor ? [1, batch, cells] : [batch, 1, cells])
      var outputs: [Int] = []
      for t in 0..<steps {
        let p = "\(base)/step\(t)/"
        let begin = ints(p + "begin", timeMajor ? [t, 0, 0] : [0, t, 0])
        let end = ints(p + "end", timeMajor ? [t + 1, batch, features] : [batch, t + 1, features])
        let x = op(
          B.stridedSlice, [input, begin, end, strides], p + "x", [batch, features],
          .stridedSlice(
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0,
            shrinkAxisMask: timeMajor ? 1 : 2, offset: false))
        var gates: [Int] = []
        for (k, gate) in ["input", "forget", "cell", "output"].enumerated() {
          let wx = op(
            B.fullyConnected, [x, lstm.inputs[1 + k], lstm.inputs[12 + k]], p + gate + "_x", state,
            fc)
          let wh = op(B.fullyConnected, [h, lstm.inputs[5 + k], -1], p + gate + "_h", state, fc)
          let sum = op(B.add, [wx, wh], p + gate + "_sum", state, arithmetic)
          gates.append(
            k == 2
              ? activated(sum, activation, p + "cell_gate", state)
              : op(B.logistic, [sum], p + gate + "_gate", state))
        }
        let kept = op(B.mul, [gates[1], c], p + "kept", state, arithmetic)
        let new = op(B.mul, [gates[0], gates[2]], p + "new", state, arithmetic)
        c = op(B.add, [kept, new], p + "c", state, arithmetic)
        if let (high, low) = bounds {
          c = op(
            B.maximum, [op(B.minimum, [c, high], p + "c_below", state), low], p + "c_clipped", state
          )
        }
        h = op(
          B.mul, [gates[3], activated(c, activation, p + "c_activated", state)], p + "h", state,
          arithmetic
        )
        let shape = timeMajor ? [1, batch, cells] : [batch, 1, cells]
        let last = steps == 1 ? lstm.outputs[0] : nil
        outputs.append(
          op(B.reshape, [h, stepShape], p + "h_step", shape, .reshape(newShape: shape), into: last))
      }
      if steps > 1 {
        _ = op(
          B.concatenation, outputs, base, [],
          .concatenation(axis: timeMajor ? 0 : 1, activation: 0),
          into: lstm.outputs[0])
      }
    }
  }
}
