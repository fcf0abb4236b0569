// Fuzz/ModelFuzzer.swift — libFuzzer target `model`: `.gml` verification, interpreter prepare and one invoke.

/// libFuzzer's entry point: the input is a whole `.gml` file, run through
/// `Model(verifying:)`, `Interpreter(model:)` (reference and fast kernels)
/// and `invoke()` by `fuzzRunModel`.
/// - Parameters:
///   - data: the input bytes.
///   - size: their count.
/// - Returns: 0, as libFuzzer asks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  fuzzRunModel(UnsafeRawBufferPointer(start: data, count: size))
  return 0
}
