// GMLRuntime/PreparedHybridOp.swift — hybrid (dynamic-range) operators after prepare, and how they are prepared.
import GMLCore
import GMLKernels

/// A hybrid operator ready to run: float32 activations, int8 per-channel
/// weights; the input is quantized at invoke into `TensorMemory.scratch`.
/// Indirect: see `PreparedOp`.
indirect enum PreparedHybridOp {
  case conv2D(Conv2DHybrid, input: Int, filter: Int, bias: Int, output: Int)
  case depthwiseConv2D(DepthwiseConv2DHybrid, input: Int, filter: Int, bias: Int, output: Int)
  case fullyConnected(FullyConnectedHybrid, input: Int, weights: Int, bias: Int, output: Int)

  /// Bytes of scratch the kernel needs at invoke.
  var scratchByteCount: Int {
    switch self {
    case .conv2D(let p, _, _, _, _): return p.scratch.byteCount
    case .depthwiseConv2D(let p, _, _, _, _): return p.scratch.byteCount
    case .fullyConnected(let p, _, _, _, _): return p.scratch.byteCount
    }
  }

  /// Runs the hybrid reference kernel. No allocation.
  func run(_ m: TensorMemory) {
    switch self {
    case .conv2D(let p, let input, let filter, let bias, let output):
      p.reference(
        input: m.floats(input), filter: m.int8s(filter), bias: m.floats(bias),
        output: m.mutableFloats(output), scratch: m.scratch)
    case .depthwiseConv2D(let p, let input, let filter, let bias, let output):
      p.reference(
        input: m.floats(input), filter: m.int8s(filter), bias: m.floats(bias),
        output: m.mutableFloats(output), scratch: m.scratch)
    case .fullyConnected(let p, let input, let weights, let bias, let output):
      p.reference(
        input: m.floats(input), weights: m.int8s(weights), bias: m.floats(bias),
        output: m.mutableFloats(output), scratch: m.scratch)
    }
  }
}

extension OpResolver {
  /// The weights' scales, checked to be symmetric (zero point 0) on `axis`.
  private static func hybridScales(_ c: OpContext, axis: Int) throws(GMLError) -> [Float] {
    guard let q = c.tensors[c.input(1)].quantization else {
      throw GMLError(.invalidQuantization, "hybrid weights need quantization parameters")
    }
    guard q.isSymmetric, !q.isPerAxis || q.axis == axis else {
      throw GMLError(
        .invalidQuantization, "hybrid weights must be symmetric, per channel on the output axis")
    }
    return q.scales
  }

  static func hybridConv2D(_ p: Conv2D, _ c: OpContext) throws(GMLError) -> PreparedOp {
    let h = try Conv2DHybrid(p, filterScales: hybridScales(c, axis: 0))
    return .hybrid(
      .conv2D(
        h, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output))
  }

  static func hybridDepthwiseConv2D(_ p: DepthwiseConv2D, _ c: OpContext) throws(GMLError)
    -> PreparedOp
  {
    let h = try DepthwiseConv2DHybrid(p, filterScales: hybridScales(c, axis: 3))
    return .hybrid(
      .depthwiseConv2D(
        h, input: c.input(0), filter: c.input(1), bias: c.optionalInput(2), output: c.output))
  }

  static func hybridFullyConnected(_ p: FullyConnected, _ c: OpContext) throws(GMLError)
    -> PreparedOp
  {
    let h = try FullyConnectedHybrid(p, weightScales: hybridScales(c, axis: 0))
    return .hybrid(
      .fullyConnected(
        h, input: c.input(0), weights: c.input(1), bias: c.optionalInput(2), output: c.output))
  }
}
