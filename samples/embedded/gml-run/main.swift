// samples/embedded/gml-run/main.swift — gml-run for Linux (x86-64, aarch64): `gml run` in Embedded Swift, over libc's stdio.
import GMLCore

/// The usage line.
let usage: StaticString = """
  usage: gml-run MODEL.gml --input X.npy [--input ...] --output Y.npy [--output ...] [--raw]
                 [--runs N [--untimed]]
    --raw      pass int8 model inputs and outputs as int8, unchanged
    --runs N   invoke N times (outputs from the last) and print the time per
               invoke, min and median (clock_gettime(CLOCK_MONOTONIC) around
               each invoke() alone)
    --untimed  with --runs: read no clock and print no times, so that two
               run counts differ by the invokes alone (instruction counting)
  """

/// `gml-run MODEL.gml --input X.npy [--input ...] --output Y.npy [--output ...] [--raw]
/// [--runs N [--untimed]]`: the arguments of the host's `gml run`, and how often to invoke.
struct Arguments {
  var model = ""
  var inputs: [String] = []
  /// The output paths as `argv` holds them: read as Swift strings, paths
  /// of 15 bytes or fewer (small strings) crash when their bytes are
  /// copied out (`Array(path.utf8)`) in Embedded Swift on aarch64 (Swift
  /// 6.3.1, -Osize with LTO), so they stay C strings.
  var outputs: [UnsafePointer<CChar>] = []
  var raw = false
  /// How many times to invoke; 0 without `--runs` (once, untimed).
  var runs = 0
  var untimed = false

  /// Parses `argv`; nil on a usage error (already reported).
  init?(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
    var i = 1
    while i < Int(argc), let pointer = argv[i] {
      let arg = String(cString: pointer)
      if matches(arg, "--raw") {
        raw = true
      } else if matches(arg, "--untimed") {
        untimed = true
      } else if matches(arg, "--runs") {
        guard i + 1 < Int(argc), let value = argv[i + 1], let n = parseCount(value) else {
          printError("gml-run: error: --runs needs a number of runs, 1 or more")
          return nil
        }
        runs = n
        i += 1
      } else if matches(arg, "--input") || matches(arg, "-i") || matches(arg, "--output")
        || matches(arg, "-o")
      {
        guard i + 1 < Int(argc), let value = argv[i + 1] else {
          printError("gml-run: error: \(arg) needs a file")
          return nil
        }
        if matches(arg, "--input") || matches(arg, "-i") {
          inputs.append(String(cString: value))
        } else {
          outputs.append(UnsafePointer(value))
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
    if untimed && runs == 0 {
      printError("gml-run: error: --untimed goes with --runs")
      return nil
    }
    if model.isEmpty || outputs.isEmpty {
      usage.withUTF8Buffer { _ = write(2, $0.baseAddress, UInt($0.count)) }
      printError("")
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
func writeFile(_ path: UnsafePointer<CChar>, _ bytes: [UInt8]) throws(GMLError) {
  // The temporary name is built from the C string's bytes (see
  // `Arguments.outputs`; `path + "…"` crashes there too).
  var temporary: [CChar] = []
  var n = 0
  while path[n] != 0 {
    temporary.append(path[n])
    n += 1
  }
  for byte in ".gml-run-tmp".utf8 { temporary.append(CChar(bitPattern: byte)) }
  temporary.append(0)
  guard let file = fopen(temporary, "wb") else { throw GMLError(.io, "cannot create the file") }
  let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, UInt($0.count), file) }
  let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
  guard fclose(file) == 0, written == UInt(bytes.count), flushed, rename(temporary, path) == 0
  else {
    _ = remove(temporary)
    throw GMLError(.io, "cannot write the file")
  }
}

/// Prints a C string's bytes, as `print` writes (through putchar).
func put(_ text: UnsafePointer<CChar>) {
  var n = 0
  while text[n] != 0 {
    _ = putchar(Int32(UInt8(bitPattern: text[n])))
    n += 1
  }
}

/// Reads, runs, writes; reports `file: error: what` and returns 1 on failure.
func runCommand(_ arguments: Arguments) -> Int32 {
  var place = arguments.model
  var failedOutput: UnsafePointer<CChar>? = nil
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
    let invokeAllocations = try invokeRepeatedly(
      &run, runs: max(arguments.runs, 1), timed: arguments.runs > 0 && !arguments.untimed)
    for (k, path) in arguments.outputs.enumerated() {
      place = arguments.model
      let (npy, summary) = try run.output(at: k)
      failedOutput = path
      try writeFile(path, npy)
      failedOutput = nil
      put("wrote ")
      put(path)
      print(": \(summary)")
    }
    print("arena: \(run.arenaSize) bytes")
    print("allocations during invoke: \(invokeAllocations) (\(gml_allocation_count()) in all)")
    if invokeAllocations != 0 {
      printError("gml-run: error: invoke() allocated \(invokeAllocations) time(s)")
      return 1
    }
    return 0
  } catch {
    if let path = failedOutput {
      var n = 0
      while path[n] != 0 { n += 1 }
      _ = write(2, path, UInt(n))
      printError(": error: \(error.description)")
    } else {
      printError("\(place): error: \(error.description)")
    }
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
