// GMLRuntime/Interpreter+Int8.swift — int8 graph inputs and outputs: typed copies in and out.
import GMLCore

extension Interpreter {
  /// Copies `values` into int8 graph input `index`; it keeps them until
  /// the next copy, across any number of `invoke` calls.
  ///
  /// The values are already quantized: quantize real numbers with
  /// `inputInfo(at: index).quantization` first (`q = round(x / scale) +
  /// zeroPoint`, saturated to int8).
  ///
  /// - Parameters:
  ///   - values: one value per element, C order.
  ///   - index: the input's position.
  /// - Throws: `unsupportedType` unless the input is int8,
  ///   `shapeMismatch` when the element count differs.
  /// - Precondition: `index < inputCount`.
  public mutating func copyInput(_ values: [Int8], at index: Int) throws(GMLError) {
    let info = inputInfo(at: index)
    guard info.type == .int8 else {
      throw GMLError(.unsupportedType, at: .tensor(info.tensorIndex), "input is not int8")
    }
    let failure: GMLError? = values.withUnsafeBytes { raw in
      do throws(GMLError) {
        try writeInput(raw, at: index)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  /// The values of int8 graph output `index` after the last `invoke`.
  ///
  /// Real numbers are `(q − zeroPoint) × scale` with
  /// `outputInfo(at: index).quantization`.
  ///
  /// - Parameter index: the output's position.
  /// - Returns: one value per element, C order.
  /// - Throws: `unsupportedType` unless the output is int8.
  /// - Precondition: `index < outputCount`.
  public func copyOutputInt8(at index: Int) throws(GMLError) -> [Int8] {
    let info = outputInfo(at: index)
    guard info.type == .int8 else {
      throw GMLError(.unsupportedType, at: .tensor(info.tensorIndex), "output is not int8")
    }
    return Array(memory.int8s(info.tensorIndex))
  }
}
