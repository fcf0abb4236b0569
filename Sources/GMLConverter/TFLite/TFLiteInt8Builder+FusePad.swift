// GMLConverter/TFLite/TFLiteInt8Builder+FusePad.swift — int8 PAD folded into the convolution it feeds, where exact.
import GMLFormat

extension TFLiteInt8Builder {
  /// A PAD to fuse: its operator index and `[top, bottom, left, right]`.
  struct FusablePad {
    var pad: Int
    var amounts: [Int32]
  }

  /// The PADs that can become a convolution's explicit padding, keyed by
  /// the convolution's operator index.
  ///
  /// A PAD fuses when it pads only height and width of an NHWC tensor by
  /// its zero point (PAD, or PADV2 with the zero point as value), its input
  /// and output share quantization, and its output is read by exactly one
  /// operator, a VALID CONV_2D or DEPTHWISE_CONV_2D, as that operator's
  /// input, and is not a graph output.
  func fusablePads(_ operators: [Int]) -> [Int: FusablePad] {
    var result: [Int: FusablePad] = [:]
    for p in operators {
      let pad = model.operators[p]
      guard pad.builtinCode == TFLiteBuiltin.pad || pad.builtinCode == TFLiteBuiltin.padV2,
        pad.inputs.count >= 2, pad.outputs.count == 1, pad.inputs[0] >= 0, pad.inputs[1] >= 0,
        !model.outputs.contains(pad.outputs[0]),
        let paddings = TFLiteIntConstant(model.tensors[pad.inputs[1]]), paddings.shape == [4, 2]
      else { continue }
      let v = paddings.values
      guard v[0] == 0, v[1] == 0, v[6] == 0, v[7] == 0, v[2...5].allSatisfy({ $0 >= 0 }),
        padsWithZeroPoint(pad)
      else { continue }
      let readers = operators.filter { model.operators[$0].inputs.contains(pad.outputs[0]) }
      guard readers.count == 1, let c = readers.first else { continue }
      let conv = model.operators[c]
      guard conv.inputs.filter({ $0 == pad.outputs[0] }).count == 1,
        conv.inputs.first == pad.outputs[0], isValidConvolution(conv)
      else { continue }
      result[c] = FusablePad(pad: p, amounts: [v[2], v[3], v[4], v[5]].map { Int32($0) })
    }
    return result
  }

  /// Whether `pad` pads with its input's zero point and keeps the
  /// input's quantization.
  func padsWithZeroPoint(_ pad: TFLiteOperator) -> Bool {
    let input = model.tensors[pad.inputs[0]]
    let output = model.tensors[pad.outputs[0]]
    guard input.type == .int8, let q = input.quantization, q.scales.count == 1,
      q.scales == output.quantization?.scales, q.zeroPoints == output.quantization?.zeroPoints
    else { return false }
    guard pad.builtinCode == TFLiteBuiltin.padV2, pad.inputs.count > 2, pad.inputs[2] >= 0 else {
      return true
    }
    let value = model.tensors[pad.inputs[2]]
    guard let data = value.data, data.count == 1, value.type == .int8 else { return false }
    return Int64(Int8(bitPattern: data[0])) == q.zeroPoints.first ?? 0
      && value.quantization?.scales == q.scales
      && value.quantization?.zeroPoints == q.zeroPoints
  }

  func isValidConvolution(_ op: TFLiteOperator) -> Bool {
    switch (op.builtinCode, op.options) {
    case (TFLiteBuiltin.conv2D, .conv2D(.valid, _, _, _, _, _)): return true
    case (TFLiteBuiltin.depthwiseConv2D, .depthwiseConv2D(.valid, _, _, _, _, _, _)): return true
    default: return false
    }
  }

  /// `conv` with the PAD's amounts as explicit padding (the caller maps
  /// it to read the PAD's input).
  func fused(_ conv: OperatorDefinition, _ pad: FusablePad) -> OperatorDefinition {
    var result = conv
    func explicit(_ w: Window2D) -> Window2D {
      Window2D(
        padding: .explicit, strideH: w.strideH, strideW: w.strideW, explicitPadding: pad.amounts)
    }
    switch conv.options {
    case .conv2D(var o):
      o.window = explicit(o.window)
      result.options = .conv2D(o)
    case .depthwiseConv2D(var o):
      o.window = explicit(o.window)
      result.options = .depthwiseConv2D(o)
    default:
      break
    }
    return result
  }
}
