// GMLRuntime/PreparedInt8Op.swift — one int8 operator after prepare: kernel parameters with precomputed multipliers.
import GMLCore
import GMLFormat
import GMLKernels

/// An int8 operator ready to run: the kernel's parameters (multipliers,
/// offsets, clamps and tables computed at prepare) and the tensors it
/// reads and writes. An absent optional input is -1. Indirect: see
/// `PreparedOp`.
indirect enum PreparedInt8Op {
  case conv2D(Conv2DInt8, input: Int, filter: Int, bias: Int, output: Int)
  case transposeConv(TransposeConv2DInt8, input: Int, filter: Int, bias: Int, output: Int)
  case depthwiseConv2D(DepthwiseConv2DInt8, input: Int, filter: Int, bias: Int, output: Int)
  case fullyConnected(FullyConnectedInt8, input: Int, weights: Int, bias: Int, output: Int)
  case elementwise(ElementwiseInt8, lhs: Int, rhs: Int, output: Int)
  /// ADD, SUB or MUL on a C microkernel (`Interpreter.Options.kernels`).
  case elementwiseFast(
    ElementwiseInt8, ElementwiseInt8.Microkernel, lhs: Int, rhs: Int, output: Int)
  /// LOGISTIC, TANH, GELU and the `UnaryFunction` ops: a 256-entry table.
  case lookupTable(LookupTableInt8, input: Int, output: Int)
  case hardSwish(HardSwishInt8, input: Int, output: Int)
  /// RELU, RELU6 and RELU_N1_TO_1.
  case relu(ReluInt8, input: Int, output: Int)
  case leakyRelu(LeakyReluInt8, input: Int, output: Int)
  case prelu(PreluInt8, input: Int, alpha: Int, output: Int)
  /// The `BinaryFunction` ops.
  case binary(BinaryFunctionOpInt8, lhs: Int, rhs: Int, output: Int)
  case div(DivInt8, lhs: Int, rhs: Int, output: Int)
  case batchMatMul(BatchMatMulInt8, lhs: Int, rhs: Int, output: Int)
  /// BATCH_MATMUL on a C microkernel, its operands packed in the scratch.
  case batchMatMulFast(
    BatchMatMulInt8, BatchMatMulInt8.Microkernel, lhs: Int, rhs: Int, output: Int)
  case softmax(SoftmaxInt8, input: Int, output: Int)
  /// SOFTMAX with a row's passes on a C microkernel.
  case softmaxFast(SoftmaxInt8, SoftmaxInt8.Microkernel, input: Int, output: Int)
  case logSoftmax(LogSoftmaxInt8, input: Int, output: Int)
  case layerNorm(LayerNormInt8, input: Int, gamma: Int, beta: Int, output: Int)
  /// UNIDIRECTIONAL_SEQUENCE_LSTM: its 13 inputs in order, the cell
  /// state in the scratch.
  case sequenceLSTM(SequenceLSTMInt8, inputs: [Int], output: Int)
  /// UNIDIRECTIONAL_SEQUENCE_LSTM on a C step microkernel, its folded
  /// biases and cell state in the scratch.
  case sequenceLSTMFast(
    SequenceLSTMInt8, SequenceLSTMInt8.Microkernel, inputs: [Int], output: Int)
  /// GRU: its 13 inputs in order, the int16 state in the scratch.
  case gru(GRUInt8, inputs: [Int], output: Int)
  /// GRU on the C step microkernel, its folded biases and state in the
  /// scratch.
  case gruFast(GRUInt8, SequenceLSTMInt8.Microkernel, inputs: [Int], output: Int)
  case maxPool2D(Pool2DInt8, input: Int, output: Int)
  case averagePool2D(Pool2DInt8, input: Int, output: Int)
  case mean(MeanInt8, input: Int, output: Int)
  /// MAX_POOL_2D, AVERAGE_POOL_2D and MEAN with the channel loop
  /// innermost (`Interpreter.Options.kernels`).
  case maxPool2DFast(Pool2DInt8, input: Int, output: Int)
  case averagePool2DFast(Pool2DInt8, input: Int, output: Int)
  case meanFast(MeanInt8, MeanInt8.Microkernel?, input: Int, output: Int)
  case reshape(ReshapeInt8, input: Int, output: Int)
  case pad(PadInt8, input: Int, output: Int)
  case transpose(TransposeInt8, input: Int, output: Int)
  /// TILE and STRIDED_SLICE.
  case stridedCopy(StridedCopy, input: Int, output: Int)
  case resize(Resize, input: Int, output: Int)
  case gather(Gather, table: Int, indices: Int, output: Int)
  case concatenation(ConcatenationInt8, inputs: [Int], output: Int)
  /// QUANTIZE: float32 in, int8 out.
  case quantize(QuantizeInt8, input: Int, output: Int)
  /// DEQUANTIZE: int8 in, float32 out.
  case dequantize(DequantizeInt8, input: Int, output: Int)
  /// CONV_2D or FULLY_CONNECTED on a fast kernel (`Interpreter.Options.kernels`).
  case fast(PreparedFastOp)
  /// CONV_2D on the Cortex-M DSP kernel: weights in place, two im2col
  /// rows of scratch (`ISATier.dsp`).
  case conv2DDSP(Conv2DInt8, input: Int, filter: Int, bias: Int, output: Int)
  /// DEPTHWISE_CONV_2D on the Cortex-M DSP kernel, weights in place.
  case depthwiseConv2DDSP(DepthwiseConv2DInt8, input: Int, filter: Int, bias: Int, output: Int)
  /// FULLY_CONNECTED on the Cortex-M DSP kernel, weights in place.
  case fullyConnectedDSP(FullyConnectedInt8, input: Int, weights: Int, bias: Int, output: Int)

  /// Runs the int8 kernel (the reference, or a fast one) on `memory`. No allocation, no
  /// checks beyond debug asserts: prepare proved every size.
  func run(_ memory: TensorMemory) {
    let m = memory
    switch self {
    case .conv2D(let p, let input, let filter, let bias, let output):
      guard OpCode.conv2D.isBuilt else { return }
      p.reference(
        input: m.int8s(input), filter: m.int8s(filter), bias: m.int32s(bias),
        output: m.mutableInt8s(output))
    case .transposeConv(let p, let input, let filter, let bias, let output):
      guard OpCode.transposeConv.isBuilt else { return }
      p.reference(
        input: m.int8s(input), filter: m.int8s(filter), bias: m.int32s(bias),
        output: m.mutableInt8s(output))
    case .depthwiseConv2D(let p, let input, let filter, let bias, let output):
      guard OpCode.depthwiseConv2D.isBuilt else { return }
      p.reference(
        input: m.int8s(input), filter: m.int8s(filter), bias: m.int32s(bias),
        output: m.mutableInt8s(output))
    case .fullyConnected(let p, let input, let weights, let bias, let output):
      guard OpCode.fullyConnected.isBuilt else { return }
      p.reference(
        input: m.int8s(input), weights: m.int8s(weights), bias: m.int32s(bias),
        output: m.mutableInt8s(output))
    case .elementwise(let p, let lhs, let rhs, let output):
      guard OpCode.add.isBuilt || OpCode.sub.isBuilt || OpCode.mul.isBuilt else { return }
      p.reference(lhs: m.int8s(lhs), rhs: m.int8s(rhs), output: m.mutableInt8s(output))
    case .elementwiseFast(let p, let k, let lhs, let rhs, let output):
      guard OpCode.add.isBuilt || OpCode.sub.isBuilt || OpCode.mul.isBuilt else { return }
      p.fast(
        lhs: m.int8s(lhs), rhs: m.int8s(rhs), output: m.mutableInt8s(output), microkernel: k)
    case .lookupTable(let p, let input, let output):
      guard
        OpCode.logistic.isBuilt || OpCode.tanh.isBuilt || OpCode.elu.isBuilt || OpCode.exp.isBuilt
          || OpCode.log.isBuilt || OpCode.sqrt.isBuilt || OpCode.rsqrt.isBuilt || OpCode.abs.isBuilt
          || OpCode.neg.isBuilt || OpCode.gelu.isBuilt
      else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .hardSwish(let p, let input, let output):
      guard OpCode.hardSwish.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .relu(let p, let input, let output):
      guard OpCode.relu.isBuilt || OpCode.relu6.isBuilt || OpCode.reluN1To1.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .leakyRelu(let p, let input, let output):
      guard OpCode.leakyRelu.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .prelu(let p, let input, let alpha, let output):
      guard OpCode.prelu.isBuilt else { return }
      p.reference(input: m.int8s(input), alpha: m.int8s(alpha), output: m.mutableInt8s(output))
    case .binary(let p, let lhs, let rhs, let output):
      guard
        OpCode.maximum.isBuilt || OpCode.minimum.isBuilt || OpCode.squaredDifference.isBuilt
          || OpCode.pow.isBuilt
      else { return }
      p.reference(lhs: m.int8s(lhs), rhs: m.int8s(rhs), output: m.mutableInt8s(output))
    case .div(let p, let lhs, let rhs, let output):
      guard OpCode.div.isBuilt else { return }
      p.reference(lhs: m.int8s(lhs), rhs: m.int8s(rhs), output: m.mutableInt8s(output))
    case .batchMatMul(let p, let lhs, let rhs, let output):
      guard OpCode.batchMatmul.isBuilt else { return }
      p.reference(lhs: m.int8s(lhs), rhs: m.int8s(rhs), output: m.mutableInt8s(output))
    case .batchMatMulFast(let p, let k, let lhs, let rhs, let output):
      guard OpCode.batchMatmul.isBuilt else { return }
      p.fast(
        lhs: m.int8s(lhs), rhs: m.int8s(rhs), output: m.mutableInt8s(output),
        scratch: m.scratch(thread: 0), microkernel: k)
    case .logSoftmax(let p, let input, let output):
      guard OpCode.logSoftmax.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .layerNorm(let p, let input, let gamma, let beta, let output):
      guard OpCode.layerNorm.isBuilt else { return }
      p.reference(
        input: m.int8s(input), gamma: m.floats(gamma), beta: m.floats(beta),
        output: m.mutableInt8s(output))
    case .sequenceLSTM(let p, let inputs, let output):
      guard OpCode.unidirectionalSequenceLstm.isBuilt else { return }
      p.reference(
        input: m.int8s(inputs[0]), gates: Self.lstmGates(inputs, m),
        output: m.mutableInt8s(output), scratch: m.scratch(thread: 0))
    case .gru(let p, let inputs, let output):
      guard OpCode.gru.isBuilt else { return }
      p.reference(
        input: m.int8s(inputs[0]), gates: Self.gruGates(inputs, m),
        output: m.mutableInt8s(output), scratch: m.scratch(thread: 0))
    case .gruFast(let p, let k, let inputs, let output):
      guard OpCode.gru.isBuilt else { return }
      p.fast(
        input: m.int8s(inputs[0]), gates: Self.gruGates(inputs, m),
        output: m.mutableInt8s(output), scratch: m.scratch(thread: 0), microkernel: k)
    case .sequenceLSTMFast(let p, let k, let inputs, let output):
      guard OpCode.unidirectionalSequenceLstm.isBuilt else { return }
      p.fast(
        input: m.int8s(inputs[0]), gates: Self.lstmGates(inputs, m),
        output: m.mutableInt8s(output), scratch: m.scratch(thread: 0), microkernel: k)
    case .softmax(let p, let input, let output):
      guard OpCode.softmax.isBuilt else { return }
      p.fast(input: m.int8s(input), output: m.mutableInt8s(output))
    case .softmaxFast(let p, let k, let input, let output):
      guard OpCode.softmax.isBuilt else { return }
      p.fast(input: m.int8s(input), output: m.mutableInt8s(output), microkernel: k)
    case .maxPool2D(let p, let input, let output):
      guard OpCode.maxPool2D.isBuilt else { return }
      p.maxReference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .averagePool2D(let p, let input, let output):
      guard OpCode.averagePool2D.isBuilt else { return }
      p.averageReference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .mean(let p, let input, let output):
      guard OpCode.mean.isBuilt || OpCode.sum.isBuilt || OpCode.reduceMax.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .maxPool2DFast(let p, let input, let output):
      guard OpCode.maxPool2D.isBuilt else { return }
      p.fastMax(input: m.int8s(input), output: m.mutableInt8s(output))
    case .averagePool2DFast(let p, let input, let output):
      guard OpCode.averagePool2D.isBuilt else { return }
      p.fastAverage(input: m.int8s(input), output: m.mutableInt8s(output))
    case .meanFast(let p, let k, let input, let output):
      guard OpCode.mean.isBuilt || OpCode.sum.isBuilt || OpCode.reduceMax.isBuilt else { return }
      p.fast(input: m.int8s(input), output: m.mutableInt8s(output), microkernel: k)
    case .reshape(let p, let input, let output):
      guard OpCode.reshape.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .pad(let p, let input, let output):
      guard OpCode.pad.isBuilt else { return }
      p.fast(input: m.int8s(input), output: m.mutableInt8s(output))
    case .transpose(let p, let input, let output):
      guard OpCode.transpose.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .stridedCopy(let p, let input, let output):
      guard OpCode.tile.isBuilt || OpCode.stridedSlice.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableInt8s(output))
    case .gather(let p, let table, let indices, let output):
      guard OpCode.gather.isBuilt else { return }
      p.reference(table: m.int8s(table), indices: m.int32s(indices), output: m.mutableInt8s(output))
    case .resize(let p, let input, let output):
      guard OpCode.resizeBilinear.isBuilt || OpCode.resizeNearestNeighbor.isBuilt else { return }
      if p.method == .bilinear {
        p.bilinearInt8Reference(input: m.int8s(input), output: m.mutableInt8s(output))
      } else {
        p.nearestReference(input: m.int8s(input), output: m.mutableInt8s(output))
      }
    case .concatenation(let p, let inputs, let output):
      guard OpCode.concatenation.isBuilt else { return }
      let out = m.mutableInt8s(output)
      for (k, input) in inputs.enumerated() {
        p.fast(input: m.int8s(input), index: k, output: out)
      }
    case .quantize(let p, let input, let output):
      guard OpCode.quantize.isBuilt else { return }
      p.reference(input: m.floats(input), output: m.mutableInt8s(output))
    case .dequantize(let p, let input, let output):
      guard OpCode.dequantize.isBuilt else { return }
      p.reference(input: m.int8s(input), output: m.mutableFloats(output))
    case .fast(let op):
      guard
        OpCode.conv2D.isBuilt || OpCode.depthwiseConv2D.isBuilt || OpCode.fullyConnected.isBuilt
          || OpCode.transposeConv.isBuilt
      else { return }
      op.run(m)
    case .conv2DDSP(let p, let input, let filter, let bias, let output):
      guard OpCode.conv2D.isBuilt else { return }
      let (x, f, b, y) = (m.int8s(input), m.int8s(filter), m.int32s(bias), m.mutableInt8s(output))
      if PreparedInt8Op.runsDSP {
        p.dsp(input: x, filter: f, bias: b, output: y, scratch: m.scratch(thread: 0))
      } else {
        p.reference(input: x, filter: f, bias: b, output: y)
      }
    case .depthwiseConv2DDSP(let p, let input, let filter, let bias, let output):
      guard OpCode.depthwiseConv2D.isBuilt else { return }
      let (x, f, b, y) = (m.int8s(input), m.int8s(filter), m.int32s(bias), m.mutableInt8s(output))
      if PreparedInt8Op.runsDSP {
        p.dsp(input: x, filter: f, bias: b, output: y, scratch: m.scratch(thread: 0))
      } else {
        p.reference(input: x, filter: f, bias: b, output: y)
      }
    case .fullyConnectedDSP(let p, let input, let weights, let bias, let output):
      guard OpCode.fullyConnected.isBuilt else { return }
      let (x, w, b, y) = (m.int8s(input), m.int8s(weights), m.int32s(bias), m.mutableInt8s(output))
      if PreparedInt8Op.runsDSP {
        p.dsp(input: x, weights: w, bias: b, output: y)
      } else {
        p.reference(input: x, weights: w, bias: b, output: y)
      }
    }
  }
}

extension PreparedInt8Op {
  /// An LSTM's four gates' operands from its inputs 1–12 (input weights,
  /// recurrent weights, biases, four of each).
  static func lstmGates(_ inputs: [Int], _ m: TensorMemory) -> (
    SequenceLSTMInt8.Gate, SequenceLSTMInt8.Gate, SequenceLSTMInt8.Gate, SequenceLSTMInt8.Gate
  ) {
    func gate(_ g: Int) -> SequenceLSTMInt8.Gate {
      SequenceLSTMInt8.Gate(
        inputWeights: m.int8s(inputs[1 + g]), recurrentWeights: m.int8s(inputs[5 + g]),
        bias: m.int32s(inputs[9 + g]))
    }
    return (gate(0), gate(1), gate(2), gate(3))
  }

  /// A GRU's three gates' operands from its inputs 1–12 (input weights,
  /// recurrent weights, input biases, recurrent biases, three of each).
  static func gruGates(_ inputs: [Int], _ m: TensorMemory) -> (
    GRUInt8.Gate, GRUInt8.Gate, GRUInt8.Gate
  ) {
    func gate(_ g: Int) -> GRUInt8.Gate {
      GRUInt8.Gate(
        inputWeights: m.int8s(inputs[1 + g]), recurrentWeights: m.int8s(inputs[4 + g]),
        inputBias: m.int32s(inputs[7 + g]), recurrentBias: m.int32s(inputs[10 + g]))
    }
    return (gate(0), gate(1), gate(2))
  }

  /// Whether the Cortex-M DSP ops run their kernels: on 32-bit Arm
  /// builds. Elsewhere they exist only for a host to size a
  /// microcontroller's arena (`Interpreter.Options.Kernels.microcontroller`)
  /// and run the reference kernels, the same bytes; the constant leaves
  /// the DSP kernels out of those programs (the host's tests call them
  /// directly).
  static var runsDSP: Bool {
    #if arch(arm)
      return true
    #else
      return false
    #endif
  }
}
