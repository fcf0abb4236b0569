// GMLConverter/Passes/InferShapes+Conv.swift — shape rules of Conv2D, DepthwiseConv2D, pools, Dense, MatMul, BatchNorm and LayerNorm.
import GMLKernels

extension NodeCheck {
  /// Conv2D: x [N,H,W,C], filter [O,KH,KW,C/G] → [N,OH,OW,O] (G groups). DepthwiseConv2D:
  /// filter [1,KH,KW,C·M] → [N,OH,OW,C·M].
  func conv(_ a: ConvAttributes, depthwise: Bool) throws(ConversionError) -> [Int] {
    try arity(2...3)
    let x = try shape(0)
    if x.count != 4 { throw fail("input must be NHWC (rank 4), got shape \(x)") }
    let f = try operand(1, "filter", rank: 4).shape
    let outChannels: Int
    if depthwise {
      if a.depthMultiplier < 1 {
        throw fail("depth_multiplier must be ≥ 1, got \(a.depthMultiplier)")
      }
      outChannels = x[3] * a.depthMultiplier
      if f[0] != 1 || f[3] != outChannels {
        throw fail(
          "filter shape \(f) does not fit input channels \(x[3]) × depth_multiplier "
            + "\(a.depthMultiplier): expected [1, kh, kw, \(outChannels)]")
      }
    } else {
      outChannels = f[0]
      // Grouped: the filter reads in / groups channels, groups dividing out.
      if f[3] < 1 || x[3] < f[3] || x[3] % f[3] != 0 || f[0] % (x[3] / f[3]) != 0 {
        throw fail(
          "filter shape \(f) reads \(f[3]) input channels but the input has \(x[3]): expected "
            + "[out, kh, kw, \(x[3]) / groups], groups dividing \(x[3]) and out")
      }
    }
    if node.inputs.count == 3 {
      let bias = try operand(2, "bias")
      if bias.shape != [outChannels] {
        throw fail("bias shape \(bias.shape) does not match \(outChannels) output channels")
      }
    }
    if a.dilationH < 1 || a.dilationW < 1 {
      throw fail("dilations must be ≥ 1, got [\(a.dilationH), \(a.dilationW)]")
    }
    let (oh, ow) = try windowOutput(
      x, kernel: (f[1], f[2]), dilation: (a.dilationH, a.dilationW), a.window)
    return [x[0], oh, ow, outChannels]
  }

  /// Conv2DTranspose: x [N,H,W,C], filter [out, kh, kw, C] → [N, H·sh, W·sw,
  /// out] ("same") or [N, (H−1)·sh + kh, (W−1)·sw + kw, out] ("valid").
  func transposeConv(_ a: ConvAttributes) throws(ConversionError) -> [Int] {
    try arity(2...3)
    let x = try shape(0)
    if x.count != 4 { throw fail("input must be NHWC (rank 4), got shape \(x)") }
    let f = try operand(1, "filter", rank: 4).shape
    if f[3] != x[3] {
      throw fail(
        "filter shape \(f) reads \(f[3]) input channels but the input has \(x[3]): expected "
          + "[out, kh, kw, \(x[3])]")
    }
    if node.inputs.count == 3, try operand(2, "bias").shape != [f[0]] {
      throw fail("bias shape does not match \(f[0]) output channels")
    }
    guard a.dilationH == 1, a.dilationW == 1 else {
      throw fail("Conv2DTranspose takes no dilation, got [\(a.dilationH), \(a.dilationW)]")
    }
    let (sh, sw) = (a.window.strideH, a.window.strideW)
    guard sh >= 1, sw >= 1 else { throw fail("strides must be ≥ 1, got [\(sh), \(sw)]") }
    switch a.window.padding {
    case .same: return [x[0], x[1] * sh, x[2] * sw, f[0]]
    case .valid: return [x[0], (x[1] - 1) * sh + f[1], (x[2] - 1) * sw + f[2], f[0]]
    case .explicit:
      throw fail("Conv2DTranspose takes padding \"same\" or \"valid\", not explicit amounts")
    }
  }

  /// MaxPool2D, AvgPool2D: x [N,H,W,C] → [N,OH,OW,C].
  func pool(_ a: PoolAttributes) throws(ConversionError) -> [Int] {
    try arity(1...1)
    let x = try shape(0)
    if x.count != 4 { throw fail("input must be NHWC (rank 4), got shape \(x)") }
    if a.poolH < 1 || a.poolW < 1 {
      throw fail("pool_size must be ≥ 1, got [\(a.poolH), \(a.poolW)]")
    }
    let (oh, ow) = try windowOutput(x, kernel: (a.poolH, a.poolW), dilation: (1, 1), a.window)
    return [x[0], oh, ow, x[3]]
  }

  /// The output height and width of a window sliding over NHWC `x`.
  func windowOutput(
    _ x: [Int], kernel: (Int, Int), dilation: (Int, Int), _ w: Window
  ) throws(ConversionError) -> (Int, Int) {
    if w.strideH < 1 || w.strideW < 1 {
      throw fail("strides must be ≥ 1, got [\(w.strideH), \(w.strideW)]")
    }
    if kernel.0 < 1 || kernel.1 < 1 { throw fail("the window must be at least 1×1") }
    var pads = (0, 0, 0, 0)
    if case .explicit(let t, let b, let l, let r) = w.padding {
      if min(t, b, l, r) < 0 {
        throw fail("explicit padding must be ≥ 0, got [[\(t), \(b)], [\(l), \(r)]]")
      }
      pads = (t, b, l, r)
    }
    let effH = (kernel.0 - 1) * dilation.0 + 1
    let effW = (kernel.1 - 1) * dilation.1 + 1
    let oh = outputSize(x[1], effH, w.strideH, w.padding, pads.0 + pads.1)
    let ow = outputSize(x[2], effW, w.strideW, w.padding, pads.2 + pads.3)
    if oh < 1 || ow < 1 {
      throw fail(
        "the \(effH)×\(effW) window (after dilation) does not fit the \(x[1])×\(x[2]) input "
          + "with this padding: output would be \(oh)×\(ow), expected at least 1×1")
    }
    return (oh, ow)
  }

  /// Dense: x [..., I], weights [O, I] → [..., O].
  func dense() throws(ConversionError) -> [Int] {
    try arity(2...3)
    let x = try shape(0, minRank: 1)
    let w = try operand(1, "weights", rank: 2).shape
    if w[1] != x[x.count - 1] {
      throw fail("weights shape \(w) expects last input dimension \(w[1]), got input shape \(x)")
    }
    if node.inputs.count == 3 {
      let bias = try operand(2, "bias")
      if bias.shape != [w[0]] {
        throw fail("bias shape \(bias.shape) does not match \(w[0]) outputs")
      }
    }
    return x.dropLast() + [w[0]]
  }

  /// MatMul: a [..., m, k] and b [..., k, n] (the last two axes swapped
  /// where transposed) give [..., m, n], the leading axes broadcast.
  func matMul(transposeA: Bool, transposeB: Bool) throws(ConversionError) -> [Int] {
    try arity(2...2)
    let (a, b) = (try shape(0, minRank: 2), try shape(1, minRank: 2))
    let (m, k) = transposeA ? (a[a.count - 1], a[a.count - 2]) : (a[a.count - 2], a[a.count - 1])
    let (kb, n) = transposeB ? (b[b.count - 1], b[b.count - 2]) : (b[b.count - 2], b[b.count - 1])
    guard k == kb else {
      throw fail("a \(a) sums over \(k) values but b \(b) over \(kb)")
    }
    return try broadcast(Array(a.dropLast(2)), Array(b.dropLast(2))) + [m, n]
  }

  /// BatchNorm: gamma, beta, mean and variance are constant vectors as long
  /// as the last dimension of x, and variance + epsilon > 0.
  func batchNorm(epsilon: Float) throws(ConversionError) -> [Int] {
    try arity(5...5)
    let x = try shape(0, minRank: 1)
    let channels = x[x.count - 1]
    for (i, role) in ["gamma", "beta", "mean", "variance"].enumerated() {
      let t = try operand(i + 1, role, constant: true)
      if t.shape != [channels] {
        throw fail("\(role) shape \(t.shape) must be [\(channels)] (the last dimension of x)")
      }
    }
    if !(epsilon >= 0) { throw fail("epsilon must be ≥ 0, got \(epsilon)") }
    if let v = graph.constant(node.inputs[4]), v.contains(where: { !($0 + epsilon > 0) }) {
      throw fail("variance + epsilon must be > 0 in every channel")
    }
    return x
  }

  /// LayerNorm: gamma and beta constants of x's last dimension.
  func layerNorm(epsilon: Float) throws(ConversionError) -> [Int] {
    try arity(3...3)
    let x = try shape(0, minRank: 1)
    let depth = x[x.count - 1]
    for (i, role) in ["gamma", "beta"].enumerated() {
      let t = try operand(i + 1, role, constant: true)
      if t.shape != [depth] {
        throw fail("\(role) shape \(t.shape) must be [\(depth)] (the last dimension of x)")
      }
    }
    if !(epsilon >= 0 && epsilon.isFinite) {
      throw fail("epsilon must be finite and ≥ 0, got \(epsilon)")
    }
    if depth > LayerNorm.maxDepth { throw fail("rows of \(depth), above \(LayerNorm.maxDepth)") }
    return x
  }
}

/// The output size of a window of effective size `k` (dilation applied)
/// sliding with `stride` over `input`: SAME `ceil(in/stride)`, VALID
/// `ceil((in - k + 1)/stride)`, explicit `floor((in + pad - k)/stride) + 1`.
/// Zero or negative when the window does not fit.
func outputSize(_ input: Int, _ k: Int, _ stride: Int, _ padding: PaddingSpec, _ pad: Int) -> Int {
  switch padding {
  case .same: return (input + stride - 1) / stride
  case .valid: return input >= k ? (input - k) / stride + 1 : 0
  case .explicit: return input + pad >= k ? (input + pad - k) / stride + 1 : 0
  }
}

/// TFLite's SAME padding of one axis: `(before, after)`, the odd pixel after.
func samePadding(_ input: Int, _ k: Int, _ stride: Int) -> (Int, Int) {
  let out = (input + stride - 1) / stride
  let total = max((out - 1) * stride + k - input, 0)
  return (total / 2, total - total / 2)
}
