// GMLCommandLine/EdgeConversion.swift — `gml run`'s float32 edges of an int8 model: quantize in, dequantize out.
import GMLCore
import GMLNumPy
import GMLRuntime

/// Converts `.npy` arrays to and from a model's int8 inputs and outputs
/// with the tensors' own parameters, through `TensorInfo.quantize` and
/// `dequantize` (the QUANTIZE and DEQUANTIZE kernels, so `gml run`
/// matches a model with those ops at its edges bit for bit).
enum EdgeConversion {
  /// Whether `info` is an int8 tensor with one scale and zero point.
  static func isQuantized(_ info: TensorInfo) -> Bool {
    info.type == .int8 && info.quantization.map { !$0.isPerAxis } ?? false
  }

  /// The bytes to copy into input `info`: a float32 array quantized for a
  /// quantized int8 input (unless `raw`), else the array's own bytes.
  /// - Throws: `GMLError` from the quantization.
  static func input(_ array: NumPyArray, for info: TensorInfo, raw: Bool) throws(GMLError)
    -> [UInt8]
  {
    guard !raw, isQuantized(info), let values = array.float32Values() else { return array.bytes }
    return try info.quantize(values).map { UInt8(bitPattern: $0) }
  }

  /// Output `info`'s bytes as an array: dequantized to float32 for a
  /// quantized int8 output (unless `raw`), else as they are.
  /// - Throws: `GMLError` from the dequantization.
  static func output(_ bytes: [UInt8], for info: TensorInfo, raw: Bool) throws(GMLError)
    -> NumPyArray
  {
    guard !raw, isQuantized(info) else {
      return try NumPyArray(type: info.type, shape: info.shape, bytes: bytes)
    }
    let values = try info.dequantize(bytes.map { Int8(bitPattern: $0) })
    return try NumPyArray(float32: values, shape: info.shape)
  }
}
