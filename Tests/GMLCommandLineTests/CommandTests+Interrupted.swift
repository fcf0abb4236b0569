// GMLCommandLineTests/CommandTests+Interrupted.swift — a `gml convert` killed mid-way leaves the old output intact.
import Foundation
import GMLCore
import GMLFormat
import GMLNumPy
import GMLTestSupport
import XCTest

/// Runs the built `gml` executable (beside this test bundle) in a process
/// of its own and kills it part-way through a conversion: once while it
/// calibrates, once while it writes its output. The
/// output file must hold its old bytes both times, and the next
/// conversion must succeed.
final class InterruptedConvertTests: XCTestCase {
  var scratch: TemporaryDirectory!
  var output: String { scratch.path("out.gml") }

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  /// The `gml` executable SwiftPM built with these tests.
  func builtGML() throws -> String {
    let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    let path = folder.appendingPathComponent("gml").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      XCTFail("no gml executable beside the tests at \(path); build the whole package first")
      throw CocoaError(.fileNoSuchFile)
    }
    return path
  }

  /// A dense model `x [1, n] → y [1, n]` with its n×n weights in a `.bin`.
  func writeModel(_ name: String, n: Int) throws -> String {
    let weights = (0..<n * n).map { Float($0 % 97) / 97 }
    try Data(weights.withUnsafeBytes { Array($0) })
      .write(to: URL(fileURLWithPath: scratch.path("\(name).bin")))
    let json = """
      {"format": "gml-float", "version": 1, "weights": "\(name).bin",
       "inputs": [{"name": "x", "shape": [1, \(n)]}], "outputs": ["y"],
       "tensors": {"w": {"shape": [\(n), \(n)], "offset": 0, "length": \(n * n * 4)}},
       "nodes": [{"name": "d", "op": "Dense", "inputs": ["x", "w"], "outputs": ["y"]}]}
      """
    let path = scratch.path("\(name).json")
    try Data(json.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Converts `model` to `output` in this process; returns the bytes written.
  func convertedBytes(_ model: String) throws -> Data {
    assertExecute(["convert", model, "-o", output], exitCode: 0)
    return try Data(contentsOf: URL(fileURLWithPath: output))
  }

  /// Names in the scratch folder that look like gml's temporary files.
  func temporaryFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
      .filter { $0.hasPrefix(".out.gml.tmp-") }
  }

  /// Killed with SIGKILL during calibration, as soon as it reports the
  /// first tenth of 30,000 samples done (the rest takes a second more).
  func testSIGKILLMidConversionKeepsTheOldOutput() throws {
    let gml = try builtGML()
    let model = try writeModel("m", n: 32)
    let old = try convertedBytes(model)
    let count = 30_000
    let halves = [Float](repeating: 0.5, count: count * 32).withUnsafeBytes { Array($0) }
    let samples = try NumPyArray(type: .float32, shape: Shape([count, 32]), bytes: halves)
    let calibration = scratch.path("calibration.npy")
    try Data(NPY.write(samples)).write(to: URL(fileURLWithPath: calibration))
    let arguments = [
      "convert", model, "-o", output, "--quantize", "int8", "--calibration", calibration,
    ]
    let process = Process()
    process.executableURL = URL(fileURLWithPath: gml)
    process.arguments = arguments
    let progress = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = progress
    try process.run()
    var printed = ""
    while !printed.contains("calibrating: ") {
      let chunk = progress.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      printed += String(decoding: chunk, as: UTF8.self)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertTrue(printed.hasPrefix("calibrating: 3000/30000 samples"), printed)
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    XCTAssertEqual(process.terminationStatus, SIGKILL)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), old)
    XCTAssertEqual(try temporaryFiles(), [])

    let few = try NumPyArray(
      float32: (0..<4 * 32).map { Float($0 % 13) / 13 }, shape: Shape([4, 32]))
    try Data(NPY.write(few)).write(to: URL(fileURLWithPath: calibration))
    assertExecute(arguments, exitCode: 0)
    XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: output)), old)
  }

  /// Killed by the kernel (SIGXFSZ, its file size limit) part-way through
  /// writing the temporary file: the old output stays, the partial file
  /// is the temporary one, and an unhindered run then writes the new model.
  func testKilledWhileWritingKeepsTheOldOutput() throws {
    let gml = try builtGML()
    let old = try convertedBytes(try writeModel("small", n: 8))
    let big = try writeModel("big", n: 512)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    // 256 blocks of 512 bytes (dash) or 1 KiB (bash): far below the 1 MiB model.
    process.arguments = [
      "-c", "ulimit -c 0; ulimit -f 256; exec \"$0\" \"$@\"", gml, "convert", big, "-o", output,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    XCTAssertEqual(process.terminationStatus, SIGXFSZ)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: output)), old)
    let partial = try temporaryFiles()
    XCTAssertEqual(partial.count, 1, "\(partial)")
    let partialSize =
      try partial.first.flatMap {
        try FileManager.default.attributesOfItem(atPath: scratch.path($0))[.size] as? Int
      } ?? 0

    let new = try convertedBytes(big)
    XCTAssertGreaterThan(new.count, 1 << 20)
    XCTAssertTrue((1..<new.count).contains(partialSize), "partial file of \(partialSize) bytes")
    try new.withUnsafeBytes { XCTAssertNoThrow(try Model(verifying: $0)) }
  }
}
