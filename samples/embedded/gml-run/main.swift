// samples/embedded/gml-run/main.swift — gml-run for Linux (x86-64, aarch64): `gml run` in Embedded Swift, over libc's stdio.
import GMLCore

/// `gml-run MODEL.gml --input X.npy [--input ...] --output Y.npy [--output ...] [--raw]`:
/// the arguments of the host's `gml run`.
struct Arguments {
  var model = ""
  var inputs: [String] = []
  var outputs: [String] = []
  var raw = false

  /// Parses `argv`; nil on a usage error (already reported).
  init?(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
    var i = 1
    while i < Int(argc), let pointer = argv[i] {
      let arg = String(cString: pointer)
      if matches(arg, "--raw") {
        raw = true
      } else if matches(arg, "--input") || matches(arg, "-i") || matches(arg, "--output")
        || matches(arg, "-o")
      {
        guard i + 1 < Int(argc), let value = argv[i + 1] else {
          printError("gml-run: error: \(arg) needs a file")
          return nil
        }
        let path = String(cString: value)
        if matches(arg, "--input") || matches(arg, "-i") {
          inputs.append(path)
        } else {
          outputs.append(path)
        }
        i += 1
      } else if model.isEmpty && arg.utf8.first != UInt8(ascii: "-") {
        model = arg
      } else {
        printError("gml-run: error: unexpected argument '\(arg)'")
        return nil
      }
      i += 1
    }
    if model.isEmpty || outputs.isEmpty {
      printError(
        "usage: gml-run MODEL.gml --input X.npy [--input ...] --output Y.npy [--output ...] [--raw]"
      )
      return nil
    }
  }
}

/// Whether `arg` is `option`, byte for byte (String's `==` would pull in
/// the Unicode tables).
func matches(_ arg: String, _ option: StaticString) -> Bool {
  option.withUTF8Buffer { arg.utf8.elementsEqual($0) }
}

/// Writes `message` and a newline to standard error.
func printError(_ message: String) {
  let bytes = Array((message + "\n").utf8)
  bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, UInt($0.count)) }
}

/// The whole file at `path`, in memory aligned to 64 bytes (what `.gml`
/// constant buffers need); the caller deallocates it.
func readFile(_ path: String) throws(GMLError) -> UnsafeMutableRawBufferPointer {
  guard let file = fopen(path, "rb") else { throw GMLError(.io, "cannot open the file") }
  defer { fclose(file) }
  guard fseek(file, 0, GML_SEEK_END) == 0 else { throw GMLError(.io, "cannot seek") }
  let size = ftell(file)
  guard size >= 0, fseek(file, 0, GML_SEEK_SET) == 0 else { throw GMLError(.io, "cannot seek") }
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(Int(size), 1), alignment: 64)
  guard fread(buffer.baseAddress, 1, UInt(size), file) == UInt(size) else {
    buffer.deallocate()
    throw GMLError(.io, "cannot read the file")
  }
  return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(size)])
}

/// Writes `bytes` to `path` through a temporary file beside it, flushed
/// to the storage, and a rename, so `path` holds either its old content
/// or all of the new, even across a power cut on a board.
func writeFile(_ path: String, _ bytes: [UInt8]) throws(GMLError) {
  // The name is built from bytes: `path + "…"` crashes in Embedded Swift's
  // String on aarch64 (Swift 6.3.1, -Osize with LTO).
  let temporary = (Array(path.utf8) + Array(".gml-run-tmp".utf8) + [0]).map {
    CChar(bitPattern: $0)
  }
  guard let file = fopen(temporary, "wb") else { throw GMLError(.io, "cannot create the file") }
  let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, UInt($0.count), file) }
  let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
  guard fclose(file) == 0, written == UInt(bytes.count), flushed, rename(temporary, path) == 0
  else {
    _ = remove(temporary)
    throw GMLError(.io, "cannot write the file")
  }
}

/// Reads, runs, writes; reports `file: error: what` and returns 1 on failure.
func runCommand(_ arguments: Arguments) -> Int32 {
  var place = arguments.model
  do throws(GMLError) {
    let model = try readFile(arguments.model)
    defer { model.deallocate() }
    var run = try EmbeddedRun(model: UnsafeRawBufferPointer(model), raw: arguments.raw)
    guard arguments.inputs.count == run.inputCount, arguments.outputs.count == run.outputCount
    else {
      printError(
        "gml-run: error: the model has \(run.inputCount) input(s) and \(run.outputCount) "
          + "output(s); \(arguments.inputs.count) --input and \(arguments.outputs.count) --output given"
      )
      return 2
    }
    for (k, path) in arguments.inputs.enumerated() {
      place = path
      let file = try readFile(path)
      defer { file.deallocate() }
      try run.copyInput(Array(file), at: k)
    }
    place = arguments.model
    let invokeAllocations = try run.invoke()
    for (k, path) in arguments.outputs.enumerated() {
      place = arguments.model
      let (npy, summary) = try run.output(at: k)
      place = path
      try writeFile(path, npy)
      print("wrote \(path): \(summary)")
    }
    print("arena: \(run.arenaSize) bytes")
    print("allocations during invoke: \(invokeAllocations) (\(gml_allocation_count()) in all)")
    if invokeAllocations != 0 {
      printError("gml-run: error: invoke() allocated \(invokeAllocations) time(s)")
      return 1
    }
    return 0
  } catch {
    printError("\(place): error: \(error.description)")
    return 1
  }
}

@_cdecl("main")
func gmlRunMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>)
  -> Int32
{
  guard let arguments = Arguments(argc, argv) else { return 2 }
  return runCommand(arguments)
}
