// Fuzz/TFLiteFuzzer.swift — libFuzzer target `tflite`: the `.tflite` reader, importer and conversion, then the written `.gml`.
import GMLConverter
import GMLFlatBuffers

/// libFuzzer's entry point: the input is a whole `.tflite` file, decoded
/// by `TFLiteModel(decoding:file:limits:)` and converted by
/// `Converter.convert(tflite:file:options:)`; what converts is written and
/// must verify, prepare and run (`fuzzCheckConverted`).
/// - Parameters:
///   - data: the input bytes.
///   - size: their count.
/// - Returns: 0, as libFuzzer asks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTFLite(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let file = "fuzz.tflite"
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let model = try? TFLiteModel(decoding: bytes, file: file, limits: VerifierLimits()),
    let (converted, _) = try? Converter.convert(tflite: model, file: file)
  else { return 0 }
  fuzzCheckConverted(converted)
  return 0
}
