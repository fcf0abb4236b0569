// GMLTestSupport/ExternalTool.swift — runs a program (flatc, g++, the gml binary) and captures its output.
import Foundation

/// The result of running a program to completion.
public struct ToolResult {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var stdoutBytes: Data
}

/// Finds and runs external programs for cross-checks.
public enum ExternalTool {
  /// The first executable named `name` on `PATH`, or nil.
  public static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `executable` with `arguments` in `directory`, waiting for it.
  public static func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil
  ) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    // stderr goes to a file, so reading stdout to its end cannot deadlock
    // against a full stderr pipe.
    let errURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("gml-tool-\(UUID().uuidString).err")
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errData = (try? Data(contentsOf: errURL)) ?? Data()
    return ToolResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
  }
}

/// Paths inside this repository, found from a test file's `#filePath`.
public enum RepositoryPaths {
  /// The repository root: the folder holding `Package.swift` above `file`.
  public static func root(from file: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
      url.deleteLastPathComponent()
    }
    return url
  }

  /// The gml-float fixture models (`Tests/GMLConverterTests/Fixtures/NAME`
  /// with `model.json`, `input.npy` and `expected.npy`), sorted by name:
  /// every test that runs them all takes the list from here.
  public static func converterFixtures(from file: String = #filePath) -> [(
    name: String, folder: URL
  )] {
    let root = root(from: file).appendingPathComponent("Tests/GMLConverterTests/Fixtures")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.sorted().compactMap { name in
      let folder = root.appendingPathComponent(name)
      let model = folder.appendingPathComponent("model.json").path
      return FileManager.default.fileExists(atPath: model) ? (name, folder) : nil
    }
  }
}
