// GMLConverter/Calibration/Interpreter+Samples.swift — one sample's values (Floats) copied into a graph input of any type the converter writes.
import GMLCore
import GMLRuntime

extension Interpreter {
  /// Copies `values` into graph input `index` in the input's type:
  /// float32 as they are, int8 quantized with the input's parameters,
  /// int32 (Gather's indices) as the whole numbers they must be.
  /// - Throws: `invalidArgument` at the input's tensor for an int32 input
  ///   given a value that is not a whole number in Int32's range;
  ///   what `copyInput` throws (a wrong element count).
  mutating func copySample(_ values: [Float], at index: Int) throws(GMLError) {
    let info = inputInfo(at: index)
    switch info.type {
    case .int8:
      try copyInput(info.quantize(values).map { UInt8(bitPattern: $0) }, at: index)
    case .int32:
      var integers: [Int32] = []
      integers.reserveCapacity(values.count)
      for v in values {
        guard let i = Int32(exactly: v) else {
          throw GMLError(
            .invalidArgument, at: .tensor(info.tensorIndex),
            "an int32 input's sample value is not a whole number in int32's range")
        }
        integers.append(i)
      }
      try copyInput(LittleEndian.encode(integers), at: index)
    default:
      try copyInput(values, at: index)
    }
  }
}
