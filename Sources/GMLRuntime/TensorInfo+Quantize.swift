// GMLRuntime/TensorInfo+Quantize.swift — quantizing real numbers for an int8 input and back for an int8 output.
import GMLCore
import GMLKernels

extension TensorInfo {
  /// Quantizes `values` with this int8 tensor's parameters exactly as a
  /// QUANTIZE op would (`q = clamp(round(x / scale) + zeroPoint)`, half
  /// away from zero): what a caller feeds an int8 graph input.
  ///
  /// - Parameter values: real numbers, one per element, C order.
  /// - Returns: the int8 values, ready for `Interpreter.copyInput(_:at:)`.
  /// - Throws: `unsupportedType` unless the tensor is int8;
  ///   `invalidQuantization` without per-tensor parameters;
  ///   `shapeMismatch` when the element count differs.
  public func quantize(_ values: [Float]) throws(GMLError) -> [Int8] {
    let q = try perTensorParameters()
    let kernel = try QuantizeInt8(shape: shape, scale: q.scale, zeroPoint: q.zeroPoint)
    guard values.count == kernel.elementCount else {
      throw GMLError(
        .shapeMismatch, at: .tensor(tensorIndex), "value count differs from the tensor's")
    }
    var out = [Int8](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { y in kernel.reference(input: x, output: y) }
    }
    return out
  }

  /// Dequantizes `values` with this int8 tensor's parameters exactly as a
  /// DEQUANTIZE op would (`x = scale × (q − zeroPoint)`): what a caller
  /// reads from an int8 graph output.
  ///
  /// - Parameter values: int8 values, one per element (`copyOutputInt8`).
  /// - Returns: the real numbers.
  /// - Throws: as `quantize(_:)`.
  public func dequantize(_ values: [Int8]) throws(GMLError) -> [Float] {
    let q = try perTensorParameters()
    let kernel = try DequantizeInt8(shape: shape, scale: q.scale, zeroPoint: q.zeroPoint)
    guard values.count == kernel.elementCount else {
      throw GMLError(
        .shapeMismatch, at: .tensor(tensorIndex), "value count differs from the tensor's")
    }
    var out = [Float](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { y in kernel.reference(input: x, output: y) }
    }
    return out
  }

  /// The tensor's single scale and zero point.
  private func perTensorParameters() throws(GMLError) -> Quantization {
    guard type == .int8 else {
      throw GMLError(.unsupportedType, at: .tensor(tensorIndex), "tensor is not int8")
    }
    guard let q = quantization, !q.isPerAxis else {
      throw GMLError(
        .invalidQuantization, at: .tensor(tensorIndex), "tensor has no per-tensor parameters")
    }
    return q
  }
}
