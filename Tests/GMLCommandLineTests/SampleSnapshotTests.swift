// GMLCommandLineTests/SampleSnapshotTests.swift — samples/ holds what the writer and `gml inspect` produce today.
import Foundation
import GMLFormat
import GMLTestSupport
import XCTest

/// The committed sample `.gml` and its `inspect` outputs are snapshots:
/// a change to the writer or the report shows up in `git diff`.
/// Regenerate with `GML_UPDATE_SNAPSHOTS=1 swift test --filter SampleSnapshotTests`.
final class SampleSnapshotTests: XCTestCase {
  let samples = RepositoryPaths.root().appendingPathComponent("samples")
  var update: Bool { ProcessInfo.processInfo.environment["GML_UPDATE_SNAPSHOTS"] == "1" }

  /// The model first, then what `inspect` prints of it (one test, so a
  /// regeneration inspects the new model).
  func testSampleModelAndInspectOutputsAreUpToDate() throws {
    try assertSnapshot(Data(ModelWriter.write(FormatSample.definition())), FormatSample.fileName)
    let path = "samples/\(FormatSample.fileName)"
    let cwd = FileManager.default.currentDirectoryPath
    _ = FileManager.default.changeCurrentDirectoryPath(RepositoryPaths.root().path)
    defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
    let text = runGML(["inspect", path])
    XCTAssertEqual(text.status, 0, text.stderr)
    try assertSnapshot(Data(text.stdout.utf8), "digits-format-sample.inspect.txt")
    let json = runGML(["inspect", "--json", path])
    XCTAssertEqual(json.status, 0, json.stderr)
    try assertSnapshot(Data(json.stdout.utf8), "digits-format-sample.inspect.json")
  }

  private func assertSnapshot(
    _ actual: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let url = samples.appendingPathComponent(name)
    if update {
      try actual.write(to: url)
      return
    }
    let expected = try Data(contentsOf: url)
    XCTAssertTrue(
      expected == actual,
      "samples/\(name) is out of date; regenerate with GML_UPDATE_SNAPSHOTS=1 and review git diff",
      file: file, line: line)
  }
}
