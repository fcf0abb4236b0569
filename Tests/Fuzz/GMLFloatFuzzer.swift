// Fuzz/GMLFloatFuzzer.swift — libFuzzer target `gml-float`: the gml-float loader in each file form (JSON, gzip, zip), then conversion.
import Foundation
import GMLConverter

/// The file name the first input byte selects (modulo the count): the
/// document's form, as `GMLFloatLoader.load(path:limits:)` tells them apart.
let gmlFloatForms = ["model.json", "model.json.gz", "model.npz"]

/// Separates the document from the weights file in an input.
let gmlFloatSeparator = Array("\n#weights#\n".utf8)

/// The names the weights part is written under, for `"weights"` to name.
let gmlFloatWeightNames = ["w.bin", "w.npz"]

/// Small enough bounds that no input gets a legitimately huge allocation.
let gmlFloatLimits = GMLFloatLimits(
  maxFileBytes: 1 << 20, json: JSONLimits(maxBytes: 4 << 20),
  zip: ZipLimits(maxEntries: 1_000, maxTotalBytes: 16 << 20), maxTensorElements: 1 << 20)

/// This process's folder for the files: under /dev/shm when there is one.
/// Removed at exit.
let gmlFloatFolder: String = {
  let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : "/tmp"
  var template = Array("\(base)/gml-fuzz-XXXXXX".utf8CString)
  guard let path = mkdtemp(&template) else { fatalError("mkdtemp failed in \(base)") }
  atexit { try? FileManager.default.removeItem(atPath: gmlFloatFolder) }
  return String(cString: path)
}()

/// libFuzzer's entry point. The input is one byte choosing the form, the
/// document (JSON, gzip of JSON, or a zip holding `model.json`), then
/// optionally `gmlFloatSeparator` and a weights file, written as both
/// `w.bin` and `w.npz`. What loads is converted
/// (`Converter.convert(_:options:)`), and what converts is written and
/// must verify, prepare and run (`fuzzCheckConverted`).
/// - Parameters:
///   - data: the input bytes.
///   - size: their count.
/// - Returns: 0, as libFuzzer asks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGMLFloat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let input = UnsafeBufferPointer(start: data, count: size)
  let split = gmlFloatSplit(input)
  let document = Data(input[1..<split.lowerBound])
  let weights = Data(input[split.upperBound...])
  let path = "\(gmlFloatFolder)/\(gmlFloatForms[Int(input[0]) % gmlFloatForms.count])"
  do {
    try document.write(to: URL(fileURLWithPath: path))
    for name in gmlFloatWeightNames {
      try weights.write(to: URL(fileURLWithPath: "\(gmlFloatFolder)/\(name)"))
    }
  } catch {
    fatalError("cannot write the fuzz input's files in \(gmlFloatFolder): \(error)")
  }
  guard let graph = try? GMLFloatLoader.load(path: path, limits: gmlFloatLimits),
    let (converted, _) = try? Converter.convert(graph)
  else { return 0 }
  fuzzCheckConverted(converted)
  return 0
}

/// Where the first `gmlFloatSeparator` lies in `input` after its first
/// byte, or the empty range at its end.
func gmlFloatSplit(_ input: UnsafeBufferPointer<UInt8>) -> Range<Int> {
  let separator = gmlFloatSeparator
  var i = 1
  while i + separator.count <= input.count {
    if input[i] == separator[0]
      && (1..<separator.count).allSatisfy({ input[i + $0] == separator[$0] })
    {
      return i..<i + separator.count
    }
    i += 1
  }
  return input.count..<input.count
}
