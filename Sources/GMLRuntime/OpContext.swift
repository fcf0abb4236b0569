// GMLRuntime/OpContext.swift — one operator's operands and options as OpResolver checks them.
import GMLCore
import GMLFormat

/// An operator's operands, options and the graph's tensor facts, with the
/// checks every op's prepare shares. Errors thrown here carry no location;
/// `OpResolver.prepare` puts the op's index on them.
struct OpContext {
  let opcode: OpCode
  let inputs: [Int]
  let outputs: [Int]
  let options: OpOptions
  let tensors: [TensorInfo]

  /// Decodes the options and checks that every operand is float32.
  /// - Throws: `unsupportedType` for another element type, `malformed` for
  ///   options that do not decode.
  init(_ op: Operator, index: Int, tensors: [TensorInfo]) throws(GMLError) {
    opcode = op.opcode
    inputs = op.inputs
    outputs = op.outputs
    self.tensors = tensors
    options = try op.options()
    for (k, t) in inputs.enumerated() where t >= 0 {
      // RESHAPE's optional second input is a shape tensor (int32), unused.
      if opcode == .reshape && k == 1 { continue }
      if tensors[t].type != .float32 {
        throw GMLError(.unsupportedType, "only float32 tensors have kernels in this build")
      }
    }
    for t in outputs where tensors[t].type != .float32 {
      throw GMLError(.unsupportedType, "only float32 tensors have kernels in this build")
    }
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

  /// Checks that the output tensor has the shape the op computes.
  /// - Throws: `shapeMismatch`.
  func checkOutput(_ computed: Shape) throws(GMLError) {
    if tensors[output].shape != computed {
      throw GMLError(.shapeMismatch, "output shape differs from what the op computes")
    }
  }

  /// The error for an options table of another op.
  func wrongOptions() -> GMLError {
    GMLError(.malformed, "options table does not belong to the op")
  }
}
