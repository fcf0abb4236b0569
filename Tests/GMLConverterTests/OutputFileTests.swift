// GMLConverterTests/OutputFileTests.swift — atomic writes leave the old file or the whole new one.
import GMLConverter
import GMLCore
import GMLTestSupport
import XCTest

final class OutputFileTests: XCTestCase {
  func testWriteReplacesWholeFileAndLeavesNoTemporary() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("out.gml")
    try OutputFile.write([1, 2, 3], to: path)
    try OutputFile.write([4, 5], to: path)
    XCTAssertEqual(try OutputFile.read(path), [4, 5])
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), ["out.gml"])
  }

  func testFailedWriteKeepsOldContent() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.path("out.gml")
    try OutputFile.write([9], to: path)
    XCTAssertThrowsError(try OutputFile.write([1], to: dir.path("missing/out.gml"))) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .io)
    }
    XCTAssertEqual(try OutputFile.read(path), [9])
  }

  /// A rename that fails (the path is a folder that is not empty) removes
  /// the written temporary file; an empty file is written as one.
  func testFailedRenameLeavesNoTemporary() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try FileManager.default.createDirectory(
      atPath: dir.path("taken/inside"), withIntermediateDirectories: true)
    XCTAssertThrowsError(try OutputFile.write([1, 2], to: dir.path("taken"))) {
      XCTAssertEqual(
        $0 as? GMLError, GMLError(.io, "could not rename the temporary file into place"))
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), ["taken"])
    try OutputFile.write([], to: dir.path("empty.gml"))
    XCTAssertEqual(try OutputFile.read(dir.path("empty.gml")), [])
  }

  func testReadingMissingFileIsIOError() {
    XCTAssertThrowsError(try OutputFile.read("/nonexistent/x.gml")) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .io)
    }
  }
}
