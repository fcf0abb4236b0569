// GMLConverter/Quantization/QuantizedModelBuilder+Constants.swift — constant buffers to int8 weights and int32 biases.
import GMLCore
import GMLFormat

extension QuantizedModelBuilder {
  /// Whether tensor `index` is a float32 constant not yet quantized.
  func isFloatConstant(_ index: Int32) -> Bool {
    let t = subgraph.tensors[Int(index)]
    return t.buffer != 0 && t.type == .float32
  }

  /// The per-tensor int8 parameters of constant `index`, once quantized;
  /// nil for any other tensor.
  func constantParameters(_ index: Int32) -> ActivationQuantization? {
    let t = subgraph.tensors[Int(index)]
    guard t.buffer != 0, t.type == .int8, let q = t.quantization, q.scales.count == 1,
      let zeroPoint = q.zeroPoints.first
    else { return nil }
    return ActivationQuantization(scale: q.scales[0], zeroPoint: Int32(zeroPoint))
  }

  /// The float32 values of constant `index`.
  func values(_ index: Int32) -> [Float] {
    let bytes = buffers[Int(subgraph.tensors[Int(index)].buffer)]
    return stride(from: 0, to: bytes.count - 3, by: 4).map { i in
      Float(
        bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
          | UInt32(bytes[i + 3]) << 24)
    }
  }

  /// Replaces filter `index` by symmetric per-channel int8 along `axis`.
  /// - Returns: the per-channel scales (those already stored when the
  ///   filter was quantized for an earlier op).
  mutating func quantizeWeights(_ index: Int32, axis: Int) -> [Float] {
    let t = subgraph.tensors[Int(index)]
    guard isFloatConstant(index) else { return t.quantization?.scales ?? [1] }
    let (q, scales) = WeightQuantization.perChannel(
      values(index), shape: t.shape.map { Int($0) }, axis: axis)
    buffers[Int(t.buffer)] = q.map { UInt8(bitPattern: $0) }
    subgraph.tensors[Int(index)].type = .int8
    subgraph.tensors[Int(index)].quantization = QuantizationDefinition(
      scales: scales, zeroPoints: [Int64](repeating: 0, count: scales.count), axis: Int32(axis))
    return scales
  }

  /// The int32 bias of `op` with scale inputScale × weightScale[c]: bias
  /// `index` quantized in place the first time; when an earlier op sharing
  /// it (one Dense applied at every step of an unrolled recurrent layer)
  /// quantized it for other scales, a copy of its own (`NAME@OP`).
  /// - Returns: the tensor `op` reads its bias from.
  mutating func biasFor(
    _ op: OperatorDefinition, _ index: Int32, inputScale: Float, weightScales: [Float]
  ) -> Int32 {
    if isFloatConstant(index) {
      floatBiases[index] = values(index)
      quantizeBias(index, inputScale: inputScale, weightScales: weightScales)
      return index
    }
    guard let original = floatBiases[index] else { return index }
    let scales = WeightQuantization.bias(
      original, inputScale: inputScale, weightScales: weightScales
    ).scales
    if subgraph.tensors[Int(index)].quantization?.scales == scales { return index }
    var copy = source.tensors[Int(index)]
    copy.name += "@" + op.name
    copy.buffer = UInt32(buffers.count)
    buffers.append(LittleEndian.encode(original))
    subgraph.tensors.append(copy)
    let new = Int32(subgraph.tensors.count - 1)
    quantizeBias(new, inputScale: inputScale, weightScales: weightScales)
    return new
  }

  /// Replaces bias `index` by int32 with scale inputScale × weightScale[c].
  mutating func quantizeBias(_ index: Int32, inputScale: Float, weightScales: [Float]) {
    guard isFloatConstant(index) else { return }
    let (q, scales) = WeightQuantization.bias(
      values(index), inputScale: inputScale, weightScales: weightScales)
    buffers[Int(subgraph.tensors[Int(index)].buffer)] = q.flatMap { v in
      let bits = UInt32(bitPattern: v)
      return [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: bits >> UInt32($0)) }
    }
    subgraph.tensors[Int(index)].type = .int32
    subgraph.tensors[Int(index)].quantization = QuantizationDefinition(
      scales: scales, zeroPoints: [Int64](repeating: 0, count: scales.count), axis: 0)
  }

  /// Replaces a float constant operand (Add, Mul, Concatenation …) by
  /// per-tensor int8: asymmetric over its own min/max, or symmetric as
  /// weights are (PRELU's alpha, as TFLiteConverter stores it).
  /// - Returns: the parameters chosen.
  @discardableResult
  mutating func quantizeConstant(_ index: Int32, _ rule: ConstantQuantizationRule)
    -> ActivationQuantization
  {
    let v = values(index)
    if rule == .symmetric {
      let (q, scales) = WeightQuantization.perChannel(v, shape: [1, v.count], axis: 0)
      buffers[Int(subgraph.tensors[Int(index)].buffer)] = q.map { UInt8(bitPattern: $0) }
      subgraph.tensors[Int(index)].type = .int8
      subgraph.tensors[Int(index)].quantization = QuantizationDefinition(
        scales: scales, zeroPoints: [0])
      return ActivationQuantization(scale: scales[0], zeroPoint: 0)
    }
    let q = ActivationQuantization(
      TensorRange(min: v.min() ?? 0, max: v.max() ?? 0))
    buffers[Int(subgraph.tensors[Int(index)].buffer)] = v.map { UInt8(bitPattern: q.quantize($0)) }
    subgraph.tensors[Int(index)].type = .int8
    subgraph.tensors[Int(index)].quantization = QuantizationDefinition(
      scales: [q.scale], zeroPoints: [Int64(q.zeroPoint)])
    return q
  }
}
