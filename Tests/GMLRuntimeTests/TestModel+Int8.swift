// GMLRuntimeTests/TestModel+Int8.swift — quantized tensors and int8/int32 constants for interpreter tests.
import GMLCore
import GMLFormat

extension TestModel {
  /// Adds an int8 activation with one scale and zero point; returns its index.
  mutating func quantized(_ name: String, _ shape: [Int32], scale: Float, zeroPoint: Int64)
    -> Int32
  {
    tensors.append(
      TensorDefinition(
        name: name, shape: shape, type: .int8,
        quantization: QuantizationDefinition(scales: [scale], zeroPoints: [zeroPoint])))
    return Int32(tensors.count - 1)
  }

  /// Adds an int8 constant with `scales` along `axis` (zero points 0).
  mutating func int8Constant(
    _ name: String, _ shape: [Int32], _ values: [Int8], scales: [Float], axis: Int32 = 0
  ) -> Int32 {
    buffers.append(values.map { UInt8(bitPattern: $0) })
    tensors.append(
      TensorDefinition(
        name: name, shape: shape, type: .int8, buffer: UInt32(buffers.count - 1),
        quantization: QuantizationDefinition(
          scales: scales, zeroPoints: scales.map { _ in 0 }, axis: axis)))
    return Int32(tensors.count - 1)
  }

  /// Adds an int32 constant (a bias) with `scales` (zero points 0).
  mutating func int32Constant(_ name: String, _ shape: [Int32], _ values: [Int32], scales: [Float])
    -> Int32
  {
    buffers.append(values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })
    tensors.append(
      TensorDefinition(
        name: name, shape: shape, type: .int32, buffer: UInt32(buffers.count - 1),
        quantization: QuantizationDefinition(scales: scales, zeroPoints: scales.map { _ in 0 })))
    return Int32(tensors.count - 1)
  }

  /// x float32[1, 4] → QUANTIZE (0.05, -3) → FULLY_CONNECTED (weights
  /// [3, 4] per-channel, bias) → int8 (0.1, 5) → DEQUANTIZE → y float32[1, 3].
  static func quantizedDense() -> TestModel {
    var m = TestModel()
    let x = m.tensor("x", [1, 4])
    let xq = m.quantized("x_q", [1, 4], scale: 0.05, zeroPoint: -3)
    let w = m.int8Constant(
      "w", [3, 4], [10, -20, 30, 127, -127, 0, 5, 9, 1, 2, 3, 4], scales: [0.01, 0.02, 0.005])
    let b = m.int32Constant("b", [3], [100, -50, 7], scales: [0.0005, 0.001, 0.00025])
    let hq = m.quantized("h_q", [1, 3], scale: 0.1, zeroPoint: 5)
    let y = m.tensor("y", [1, 3])
    m.op(.quantize, [x], [xq])
    m.op(.fullyConnected, [xq, w, b], [hq], .fullyConnected(activation: .none, keepNumDims: false))
    m.op(.dequantize, [hq], [y])
    m.inputs = [x]
    m.outputs = [y]
    return m
  }
}
