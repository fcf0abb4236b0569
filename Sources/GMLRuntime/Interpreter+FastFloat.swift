// GMLRuntime/Interpreter+FastFloat.swift — choosing the float32 and hybrid operators' fast kernels at prepare (none in an int8-only build).
import GMLFormat
import GMLKernels

extension Interpreter {
  /// Replaces the float32 and hybrid operators in `ops` that have a fast
  /// kernel. Float32 operators: on every tier, DEPTHWISE_CONV_2D with depth
  /// multiplier 1 (`FastKernelSet.floatDepthwise`), ADD/SUB/MUL/DIV whose
  /// broadcast is a whole operand and a repeating one, the pools and
  /// MEAN/SUM/REDUCE_MAX over adjacent axes; all give the reference's
  /// values bit for bit but the FMA depthwise kernel. Where the tier has
  /// float GEMM microkernels with FMA: FULLY_CONNECTED on its weights in
  /// place, and CONV_2D without groups on its filter packed into the
  /// arena's tail (`PreparedFloatConv2D`); those differ from the
  /// reference by the sums' order. Hybrid FULLY_CONNECTED and CONV_2D
  /// without groups, with constant weights, and DEPTHWISE_CONV_2D with
  /// depth multiplier 1, on every tier: `HybridGEMM`'s kernels
  /// (`PreparedHybridGEMM`), the reference's floats bit for bit.
  ///
  /// A `GML_INT8_ONLY` build has no float32 or hybrid operators, and
  /// leaves these kernels out.
  static func chooseFastFloatKernels(
    _ ops: inout [PreparedOp], _ graph: Subgraph, _ kernels: FastKernelSet
  ) {
    #if !GML_INT8_ONLY
      func isConstant(_ t: Int) -> Bool { t >= 0 && graph.tensorAt(t).buffer != 0 }
      for i in ops.indices {
        switch ops[i] {
        case .depthwiseConv2D(let p, let input, let filter, let bias, let output)
        where p.hasFastKernel:
          ops[i] = .depthwiseConv2DFast(
            p, kernels.supportedFloatDepthwise, input: input, filter: filter, bias: bias,
            output: output)
        case .elementwise(let p, let lhs, let rhs, let output) where p.hasFastKernel:
          ops[i] = .elementwiseFast(p, lhs: lhs, rhs: rhs, output: output)
        case .maxPool2D(let p, let input, let output):
          ops[i] = .maxPool2DFast(p, input: input, output: output)
        case .averagePool2D(let p, let input, let output):
          ops[i] = .averagePool2DFast(p, input: input, output: output)
        case .mean(let p, let input, let output) where p.hasFastKernel:
          ops[i] = .meanFast(p, input: input, output: output)
        case .hybrid(.fullyConnected(let p, let input, let weights, let bias, let output))
        where isConstant(weights):
          ops[i] = .hybridFast(
            PreparedHybridGEMM(
              .fullyConnected(p), kernels.supportedHybridGEMM, input: input, weights: weights,
              bias: bias, output: output))
        case .hybrid(.conv2D(let p, let input, let filter, let bias, let output))
        where p.hasFastKernel && isConstant(filter):
          ops[i] = .hybridFast(
            PreparedHybridGEMM(
              .conv2D(p), kernels.supportedHybridGEMM, input: input, weights: filter, bias: bias,
              output: output))
        case .hybrid(.depthwiseConv2D(let p, let input, let filter, let bias, let output))
        where p.hasFastKernel:
          ops[i] = .hybridFast(
            PreparedHybridGEMM(
              .depthwiseConv2D(p), kernels.supportedHybridGEMM, input: input, weights: filter,
              bias: bias, output: output))
        default: break
        }
        if let k = kernels.floatGEMM, k.isSupported,
          case .fullyConnected(let p, let input, let weights, let bias, let output) = ops[i]
        {
          ops[i] = .fullyConnectedFast(
            p, k, input: input, weights: weights, bias: bias, output: output)
        }
        if let k = kernels.floatPackedGEMM, k.isSupported,
          case .conv2D(let p, let input, let filter, let bias, let output) = ops[i],
          p.hasFastKernel && isConstant(filter) && (bias < 0 || isConstant(bias))
        {
          ops[i] = .conv2DFast(
            PreparedFloatConv2D(p, k, input: input, filter: filter, bias: bias, output: output))
        }
      }
    #endif
  }
}
