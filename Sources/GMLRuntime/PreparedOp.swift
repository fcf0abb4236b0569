// GMLRuntime/PreparedOp.swift — one operator after prepare: its kernel parameters and tensor indices (float32 here).
import GMLCore
import GMLKernels

/// An operator ready to run: the kernel's checked parameters and the
/// tensors it reads and writes. An absent optional input is -1.
///
/// Every payload is boxed (`indirect`; `PreparedInt8Op` and
/// `PreparedHybridOp` are indirect enums), so an op is two words and
/// `run` reads its parameters in place: unboxed, each run copied them
/// (100-odd bytes) several times, 1,100 instructions an operator on a
/// Cortex-M4 where it is now about 440.
enum PreparedOp {
  indirect case conv2D(Conv2D, input: Int, filter: Int, bias: Int, output: Int)
  indirect case transposeConv(
    TransposeConv2D, input: Int, filter: Int, bias: Int, output: Int)
  indirect case depthwiseConv2D(DepthwiseConv2D, input: Int, filter: Int, bias: Int, output: Int)
  /// DEPTHWISE_CONV_2D with depth multiplier 1 on a float depthwise
  /// microkernel, the filter in place.
  indirect case depthwiseConv2DFast(
    DepthwiseConv2D, FloatDepthwise.Microkernel, input: Int, filter: Int, bias: Int, output: Int)
  indirect case fullyConnected(FullyConnected, input: Int, weights: Int, bias: Int, output: Int)
  /// FULLY_CONNECTED on a float GEMM microkernel, the weights in place.
  indirect case fullyConnectedFast(
    FullyConnected, FloatGEMM.Microkernel, input: Int, weights: Int, bias: Int, output: Int)
  /// CONV_2D without groups on a packed float GEMM microkernel.
  case conv2DFast(PreparedFloatConv2D)
  indirect case elementwise(Elementwise, lhs: Int, rhs: Int, output: Int)
  /// ADD/SUB/MUL/DIV in flat loops (`Elementwise.fast`: the same values).
  indirect case elementwiseFast(Elementwise, lhs: Int, rhs: Int, output: Int)
  indirect case activation(Activation, input: Int, output: Int)
  indirect case unary(UnaryFunction, input: Int, output: Int)
  indirect case gelu(Gelu, input: Int, output: Int)
  indirect case leakyRelu(LeakyRelu, input: Int, output: Int)
  indirect case prelu(Prelu, input: Int, alpha: Int, output: Int)
  /// The `BinaryFunction` ops.
  indirect case binary(BinaryFunctionOp, lhs: Int, rhs: Int, output: Int)
  indirect case batchMatMul(BatchMatMul, lhs: Int, rhs: Int, output: Int)
  indirect case softmax(Softmax, input: Int, output: Int)
  indirect case logSoftmax(LogSoftmax, input: Int, output: Int)
  indirect case layerNorm(LayerNorm, input: Int, gamma: Int, beta: Int, output: Int)
  /// UNIDIRECTIONAL_SEQUENCE_LSTM: its 13 inputs in order, the cell state
  /// in the arena tail's scratch.
  indirect case sequenceLSTM(SequenceLSTM, inputs: [Int], output: Int)
  /// GRU: its 13 inputs in order.
  indirect case gru(GRU, inputs: [Int], output: Int)
  indirect case maxPool2D(Pool2D, input: Int, output: Int)
  indirect case averagePool2D(Pool2D, input: Int, output: Int)
  indirect case mean(Mean, input: Int, output: Int)
  /// The pools and reductions with the channels innermost (`Pool2D.maxFast`,
  /// `averageFast`, `Mean.fast`: the same values).
  indirect case maxPool2DFast(Pool2D, input: Int, output: Int)
  indirect case averagePool2DFast(Pool2D, input: Int, output: Int)
  indirect case meanFast(Mean, input: Int, output: Int)
  indirect case reshape(Reshape, input: Int, output: Int)
  indirect case concatenation(Concatenation, inputs: [Int], output: Int)
  indirect case pad(Pad, input: Int, output: Int)
  indirect case transpose(Transpose, input: Int, output: Int)
  /// TILE and STRIDED_SLICE.
  indirect case stridedCopy(StridedCopy, input: Int, output: Int)
  indirect case resize(Resize, input: Int, output: Int)
  indirect case gather(Gather, table: Int, indices: Int, output: Int)
  /// An int8 kernel (QUANTIZE and DEQUANTIZE included).
  case int8(PreparedInt8Op)
  /// A hybrid kernel: float activations, int8 weights, arena scratch.
  case hybrid(PreparedHybridOp)
  /// A hybrid FULLY_CONNECTED or CONV_2D on a HybridGEMM microkernel.
  case hybridFast(PreparedHybridGEMM)

  /// Whether the op runs int8 arithmetic (and so depends on the model's
  /// rounding mode).
  var isQuantized: Bool {
    if case .int8 = self { return true }
    return false
  }

  /// Runs the reference kernel on `memory`. No allocation, no checks
  /// beyond debug asserts: prepare proved every size.
  ///
  /// A build with `GML_INT8_ONLY` (`tools/embedded-build.sh --int8-only`)
  /// runs the int8 kernels only: prepare refuses every other op
  /// (`OpContext.arithmetic`), and the float32 and hybrid kernels, reached
  /// from here alone, are left out.
  func run(_ memory: TensorMemory) {
    let m = memory
    switch self {
    case .int8(let op):
      op.run(m)
    #if GML_INT8_ONLY
      default:
        break
    #else
      case .conv2D(let p, let input, let filter, let bias, let output):
        p.reference(
          input: m.floats(input), filter: m.floats(filter), bias: m.floats(bias),
          output: m.mutableFloats(output))
      case .conv2DFast(let op):
        op.run(m)
      case .fullyConnectedFast(let p, let k, let input, let weights, let bias, let output):
        p.fast(
          input: m.floats(input), weights: m.floats(weights), bias: m.floats(bias),
          output: m.mutableFloats(output), microkernel: k)
      case .transposeConv(let p, let input, let filter, let bias, let output):
        p.reference(
          input: m.floats(input), filter: m.floats(filter), bias: m.floats(bias),
          output: m.mutableFloats(output))
      case .depthwiseConv2D(let p, let input, let filter, let bias, let output):
        p.reference(
          input: m.floats(input), filter: m.floats(filter), bias: m.floats(bias),
          output: m.mutableFloats(output))
      case .depthwiseConv2DFast(let p, let k, let input, let filter, let bias, let output):
        p.fast(
          input: m.floats(input), filter: m.floats(filter), bias: m.floats(bias),
          output: m.mutableFloats(output), microkernel: k)
      case .fullyConnected(let p, let input, let weights, let bias, let output):
        p.reference(
          input: m.floats(input), weights: m.floats(weights), bias: m.floats(bias),
          output: m.mutableFloats(output))
      case .elementwise(let p, let lhs, let rhs, let output):
        p.reference(lhs: m.floats(lhs), rhs: m.floats(rhs), output: m.mutableFloats(output))
      case .elementwiseFast(let p, let lhs, let rhs, let output):
        p.fast(lhs: m.floats(lhs), rhs: m.floats(rhs), output: m.mutableFloats(output))
      case .activation(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .unary(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .gelu(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .leakyRelu(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .prelu(let p, let input, let alpha, let output):
        p.reference(input: m.floats(input), alpha: m.floats(alpha), output: m.mutableFloats(output))
      case .binary(let p, let lhs, let rhs, let output):
        p.reference(lhs: m.floats(lhs), rhs: m.floats(rhs), output: m.mutableFloats(output))
      case .batchMatMul(let p, let lhs, let rhs, let output):
        p.reference(lhs: m.floats(lhs), rhs: m.floats(rhs), output: m.mutableFloats(output))
      case .softmax(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .logSoftmax(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .layerNorm(let p, let input, let gamma, let beta, let output):
        p.reference(
          input: m.floats(input), gamma: m.floats(gamma), beta: m.floats(beta),
          output: m.mutableFloats(output))
      case .sequenceLSTM(let p, let inputs, let output):
        func gate(_ g: Int) -> SequenceLSTM.Gate {
          SequenceLSTM.Gate(
            inputWeights: m.floats(inputs[1 + g]), recurrentWeights: m.floats(inputs[5 + g]),
            bias: m.floats(inputs[9 + g]))
        }
        p.reference(
          input: m.floats(inputs[0]), gates: (gate(0), gate(1), gate(2), gate(3)),
          output: m.mutableFloats(output), scratch: m.scratch(thread: 0))
      case .gru(let p, let inputs, let output):
        func gate(_ g: Int) -> GRU.Gate {
          GRU.Gate(
            inputWeights: m.floats(inputs[1 + g]), recurrentWeights: m.floats(inputs[4 + g]),
            inputBias: m.floats(inputs[7 + g]), recurrentBias: m.floats(inputs[10 + g]))
        }
        p.reference(
          input: m.floats(inputs[0]), gates: (gate(0), gate(1), gate(2)),
          output: m.mutableFloats(output))
      case .maxPool2D(let p, let input, let output):
        p.maxReference(input: m.floats(input), output: m.mutableFloats(output))
      case .averagePool2D(let p, let input, let output):
        p.averageReference(input: m.floats(input), output: m.mutableFloats(output))
      case .mean(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .maxPool2DFast(let p, let input, let output):
        p.maxFast(input: m.floats(input), output: m.mutableFloats(output))
      case .averagePool2DFast(let p, let input, let output):
        p.averageFast(input: m.floats(input), output: m.mutableFloats(output))
      case .meanFast(let p, let input, let output):
        p.fast(input: m.floats(input), output: m.mutableFloats(output))
      case .reshape(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .concatenation(let p, let inputs, let output):
        let out = m.mutableFloats(output)
        for (k, input) in inputs.enumerated() {
          p.fast(input: m.floats(input), index: k, output: out)
        }
        p.finish(output: out)
      case .pad(let p, let input, let output):
        p.fast(input: m.floats(input), output: m.mutableFloats(output))
      case .transpose(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .stridedCopy(let p, let input, let output):
        p.reference(input: m.floats(input), output: m.mutableFloats(output))
      case .resize(let p, let input, let output):
        if p.method == .bilinear {
          p.bilinearReference(input: m.floats(input), output: m.mutableFloats(output))
        } else {
          p.nearestReference(input: m.floats(input), output: m.mutableFloats(output))
        }
      case .gather(let p, let table, let indices, let output):
        p.reference(
          table: m.floats(table), indices: m.int32s(indices), output: m.mutableFloats(output))
      case .hybrid(let op):
        op.run(m)
      case .hybridFast(let op):
        op.run(m)
    #endif
    }
  }
}
