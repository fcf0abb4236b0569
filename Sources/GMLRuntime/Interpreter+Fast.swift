// GMLRuntime/Interpreter+Fast.swift — choosing fast kernels at prepare, placing their packed weights, packing them at init.
import GMLCore
import GMLFormat
import GMLKernels

extension Interpreter {
  /// Replaces every int8 operator in `ops` that a fast kernel runs
  /// bit-exactly by it: CONV_2D (a grouped one as its ungrouped
  /// convolution), DEPTHWISE_CONV_2D, FULLY_CONNECTED and TRANSPOSE_CONV
  /// (as a convolution) whose weights (and bias, if any)
  /// are constants, ADD/SUB/MUL, pools, MEAN, UNIDIRECTIONAL_SEQUENCE_LSTM
  /// (a C step microkernel on every tier), SOFTMAX (where a tier has a
  /// microkernel) and (with SIMD, its operands
  /// packed in the scratch) BATCH_MATMUL, each when its parameters are ones the fast kernel
  /// reproduces (`hasFastKernel`). The others keep their reference kernel.
  ///
  /// Each takes its kernel from `kernels`, the set of the tier the
  /// interpreter runs: the one place kernels are chosen.
  ///
  /// Convolutions and FULLY_CONNECTED repack their weights into the arena,
  /// which only pays with SIMD (`FastKernelSet.packsWeights`): without it
  /// they read their weights in place, from flash: on a Cortex-M with the
  /// DSP extension (`FastKernelSet.readsWeightsInPlace`) the convolutions
  /// and FULLY_CONNECTED run its kernels, Conv2D with two im2col rows of
  /// scratch, a depthwise filter other than 3×3 with its widened taps;
  /// elsewhere (the
  /// portable tier) the reference kernels, and the arena stays as small as
  /// the plan. Builds for other architectures leave the packing kernels
  /// out (`GEMMInt8.isSIMDArchitecture`).
  ///
  /// Float32 and hybrid operators first: `chooseFastFloatKernels`.
  static func chooseFastKernels(
    _ ops: inout [PreparedOp], _ graph: Subgraph, _ kernels: FastKernelSet
  ) {
    let packs = kernels.packsWeights
    let inPlace = kernels.readsWeightsInPlace
    func isConstant(_ t: Int) -> Bool { t >= 0 && graph.tensorAt(t).buffer != 0 }
    chooseFastFloatKernels(&ops, graph, kernels)
    for i in ops.indices {
      guard case .int8(let int8) = ops[i] else { continue }
      switch int8 {
      case .conv2D(let p, let input, let filter, let bias, let output)
      where inPlace && p.geometry.groups == 1:
        ops[i] = .int8(.conv2DDSP(p, input: input, filter: filter, bias: bias, output: output))
      case .depthwiseConv2D(let p, let input, let filter, let bias, let output)
      where inPlace && p.hasDSPKernel:
        ops[i] = .int8(
          .depthwiseConv2DDSP(p, input: input, filter: filter, bias: bias, output: output))
      case .fullyConnected(let p, let input, let weights, let bias, let output) where inPlace:
        ops[i] = .int8(
          .fullyConnectedDSP(p, input: input, weights: weights, bias: bias, output: output))
      case .conv2D(let p, let input, let filter, let bias, let output)
      where packs && p.hasFastKernel && isConstant(filter) && (bias < 0 || isConstant(bias)):
        ops[i] = .int8(
          .fast(
            PreparedFastOp(
              .conv2D(p), tile: p.preferredTile(in: kernels), input: input, weights: filter,
              bias: bias, output: output)))
      case .conv2D(let grouped, let input, let filter, let bias, let output)
      where packs && grouped.geometry.groups > 1 && isConstant(filter)
        && (bias < 0 || isConstant(bias)):
        guard let p = grouped.ungrouped, p.hasFastKernel else { break }
        ops[i] = .int8(
          .fast(
            PreparedFastOp(
              .groupedConv2D(grouped, p), tile: p.preferredTile(in: kernels), input: input,
              weights: filter, bias: bias, output: output)))
      case .fullyConnected(let p, let input, let weights, let bias, let output)
      where packs && p.hasFastKernel && isConstant(weights) && (bias < 0 || isConstant(bias)):
        ops[i] = .int8(
          .fast(
            PreparedFastOp(
              .fullyConnected(p), tile: p.preferredTile(in: kernels), input: input,
              weights: weights, bias: bias, output: output)))
      case .depthwiseConv2D(let p, let input, let filter, let bias, let output)
      where packs && p.hasFastKernel && isConstant(filter) && (bias < 0 || isConstant(bias)):
        let k = kernels.depthwise(taps: p.geometry.filterH * p.geometry.filterW)
        ops[i] = .int8(
          .fast(
            PreparedFastOp(
              .depthwiseConv2D(p, k), tile: GEMMInt8.tile2x8, input: input, weights: filter,
              bias: bias, output: output)))
      case .transposeConv(let t, let input, let filter, let bias, let output)
      where packs && isConstant(filter) && (bias < 0 || isConstant(bias)):
        guard let p = t.spreadConvolution, p.hasFastKernel else { break }
        ops[i] = .int8(
          .fast(
            PreparedFastOp(
              .transposeConv(t, p), tile: p.preferredTile(in: kernels), input: input,
              weights: filter, bias: bias, output: output)))
      case .elementwise(var p, let lhs, let rhs, let output) where p.hasFastKernel:
        p.findLinearForm()
        ops[i] = .int8(
          .elementwiseFast(p, kernels.elementwise, lhs: lhs, rhs: rhs, output: output))
      case .maxPool2D(let p, let input, let output) where p.hasFastKernel:
        ops[i] = .int8(.maxPool2DFast(p, input: input, output: output))
      case .averagePool2D(let p, let input, let output) where p.hasFastKernel:
        ops[i] = .int8(.averagePool2DFast(p, input: input, output: output))
      case .mean(let p, let input, let output) where p.hasFastKernel:
        ops[i] = .int8(.meanFast(p, kernels.mean, input: input, output: output))
      case .batchMatMul(let p, let lhs, let rhs, let output) where packs:
        ops[i] = .int8(
          .batchMatMulFast(p, kernels.batchMatMul, lhs: lhs, rhs: rhs, output: output))
      case .softmax(let p, let input, let output):
        guard let k = kernels.softmax else { break }
        ops[i] = .int8(.softmaxFast(p, k, input: input, output: output))
      case .sequenceLSTM(let p, let inputs, let output):
        ops[i] = .int8(.sequenceLSTMFast(p, kernels.sequenceLSTM, inputs: inputs, output: output))
      case .gru(let p, let inputs, let output):
        ops[i] = .int8(.gruFast(p, kernels.sequenceLSTM, inputs: inputs, output: output))
      default:
        break
      }
    }
  }

  /// Packs every fast op's weights into its slot. Runs once, at `init`.
  static func packFastKernels(_ ops: [PreparedOp], _ memory: TensorMemory) {
    for op in ops {
      if case .int8(.fast(let f)) = op { f.pack(memory) }
      #if !GML_INT8_ONLY
        if case .conv2DFast(let f) = op { f.pack(memory) }
        if case .hybridFast(let f) = op { f.pack(memory) }
      #endif
    }
  }
}

extension PreparedOp {
  /// Whether the op runs a fast kernel.
  var isFast: Bool {
    switch self {
    case .fullyConnectedFast, .conv2DFast, .depthwiseConv2DFast, .elementwiseFast, .hybridFast,
      .maxPool2DFast, .averagePool2DFast, .meanFast, .int8(.fast),
      .int8(.elementwiseFast),
      .int8(.maxPool2DFast),
      .int8(.averagePool2DFast), .int8(.meanFast), .int8(.batchMatMulFast), .int8(.conv2DDSP),
      .int8(.depthwiseConv2DDSP), .int8(.fullyConnectedDSP), .int8(.sequenceLSTMFast),
      .int8(.gruFast), .int8(.softmaxFast):
      return true
    default: return false
    }
  }

  /// Sets where a fast op's packed weights start in the arena
  /// (`ArenaTail`); other ops have none.
  /// - Parameter offset: the slot's arena offset.
  func placePacked(at offset: Int) {
    if case .int8(.fast(let f)) = self { f.packedOffset = offset }
    if case .conv2DFast(let f) = self { f.packedOffset = offset }
    if case .hybridFast(let f) = self { f.packedOffset = offset }
  }

  /// Bytes of packed weights the op keeps in the arena's tail.
  var packedByteCount: Int {
    if case .int8(.fast(let f)) = self { return f.packedByteCount }
    if case .conv2DFast(let f) = self { return f.packedByteCount }
    if case .hybridFast(let f) = self { return f.packedByteCount }
    return 0
  }

  /// Bytes of the arena tail's shared scratch the op needs at invoke.
  var scratchByteCount: Int {
    switch self {
    case .hybrid(let h): return h.scratchByteCount
    case .hybridFast(let f): return f.scratchByteCount
    case .conv2DFast(let f): return f.conv.fastScratchByteCount
    case .int8(.fast(let f)): return f.scratchByteCount
    case .int8(.batchMatMulFast(let p, _, _, _, _)): return p.fastScratchByteCount
    case .int8(.conv2DDSP(let p, _, _, _, _)): return p.dspScratchByteCount
    case .int8(.depthwiseConv2DDSP(let p, _, _, _, _)): return p.dspScratchByteCount
    case .sequenceLSTM(let p, _, _): return p.scratchByteCount
    case .int8(.sequenceLSTM(let p, _, _)): return p.scratchByteCount
    case .int8(.gru(let p, _, _)): return p.scratchByteCount
    case .int8(.gruFast(let p, let k, _, _)): return p.fastScratchByteCount(k)
    case .int8(.sequenceLSTMFast(let p, let k, _, _)): return p.fastScratchByteCount(k)
    default: return 0
    }
  }
}
