// GMLConverterTests/CalibrationSamplesTests.swift — loading .npy/.npz/folders and the errors for malformed calibration data.
import GMLCore
import GMLNumPy
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class CalibrationSamplesTests: XCTestCase {
  var scratch: TemporaryDirectory!
  let input = [(name: "x", shape: [1, 2, 2])]

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  func write(_ name: String, _ array: NumPyArray) throws -> String {
    let path = scratch.path(name)
    try Data(NPY.write(array)).write(to: URL(fileURLWithPath: path))
    return path
  }

  func assertError(_ path: String, _ fragment: String, line: UInt = #line) {
    XCTAssertThrowsError(try CalibrationSamples.load(path: path, inputs: input), line: line) {
      let error = $0 as? ConversionError
      XCTAssertEqual(error?.file.hasPrefix(path), true, "\(String(describing: error))", line: line)
      XCTAssertTrue(
        error?.message.contains(fragment) == true, "\(String(describing: error))", line: line)
    }
  }

  func testLeadingSampleAxisAndBatchAxisForms() throws {
    let values = (0..<8).map(Float.init)
    for shape in [[2, 2, 2], [2, 1, 2, 2]] {
      let path = try write("a.npy", try NumPyArray(float32: values, shape: Shape(shape)))
      let samples = try CalibrationSamples.load(path: path, inputs: input)
      XCTAssertEqual(samples.samples, [[[0, 1, 2, 3]], [[4, 5, 6, 7]]])
      XCTAssertEqual(samples.inputNames, ["x"])
    }
  }

  func testFolderOfOneSampleFilesSortedByName() throws {
    let folder = scratch.path("calib")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, v) in [("b.npy", Float(2)), ("a.npy", 1)] {
      try Data(NPY.write(try NumPyArray(float32: [v, v, v, v], shape: Shape([2, 2])))).write(
        to: URL(fileURLWithPath: folder + "/" + name))
    }
    let samples = try CalibrationSamples.load(path: folder, inputs: input)
    XCTAssertEqual(samples.samples, [[[1, 1, 1, 1]], [[2, 2, 2, 2]]])
    XCTAssertEqual(samples.sourceName, "calib")
  }

  func testWrongShape() throws {
    let path = try write("s.npy", try NumPyArray(float32: [1, 2, 3], shape: Shape([1, 3])))
    assertError(path, "needs [N, 2, 2]")
  }

  func testWrongDtype() throws {
    let path = try write("i.npy", try NumPyArray(int8: [1, 2, 3, 4], shape: Shape([1, 2, 2])))
    assertError(path, "expected float32")
  }

  func testIntegerSamplesAreIndices() throws {
    let path = try write("i.npy", try NumPyArray(int32: [1, 2, 3, 4], shape: Shape([1, 2, 2])))
    let samples = try CalibrationSamples.load(path: path, inputs: input)
    XCTAssertEqual(samples.samples, [[[1, 2, 3, 4]]])
    let big = try write(
      "b.npy", try NumPyArray(int64: [1, 16_777_217, 3, 4], shape: Shape([1, 2, 2])))
    assertError(big, "element 1 is 16777217, not exactly representable as float32")
  }

  func testFloat64SaysHowToConvert() throws {
    var bytes = NPY.write(try NumPyArray(int64: [1, 2, 3, 4], shape: Shape([1, 2, 2])))
    let at = try XCTUnwrap(
      bytes.indices.first { bytes[$0] == UInt8(ascii: "<") && bytes[$0 + 1] == UInt8(ascii: "i") })
    bytes[at + 1] = UInt8(ascii: "f")  // '<i8' → '<f8': float64
    let path = scratch.path("d.npy")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    assertError(path, "astype(np.float32)")
  }

  func testEmpty() throws {
    let path = try write("e.npy", try NumPyArray(float32: [], shape: Shape([0, 2, 2])))
    assertError(path, "0 samples")
  }

  func testNaNNamesSampleAndElement() throws {
    var values = [Float](repeating: 0, count: 8)
    values[6] = .nan
    let path = try write("n.npy", try NumPyArray(float32: values, shape: Shape([2, 2, 2])))
    assertError(path, "sample 1 element 2 is nan")
    values[6] = .infinity
    let inf = try write("inf.npy", try NumPyArray(float32: values, shape: Shape([2, 2, 2])))
    assertError(inf, "sample 1 element 2 is inf")
  }

  func testMissingNPZArray() throws {
    let path = scratch.path("m.npz")
    let array = NPY.write(try NumPyArray(float32: [1, 2, 3, 4], shape: Shape([1, 2, 2])))
    let zip = ZipTestWriter.archive([ZipTestEntry("y.npy", array)])
    try Data(zip).write(to: URL(fileURLWithPath: path))
    assertError(path, "no array named 'x'")
  }

  func testUnreadable() {
    assertError(scratch.path("missing.npy"), "cannot read")
    let path = scratch.path("junk.npy")
    _ = FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]))
    XCTAssertThrowsError(try CalibrationSamples.load(path: path, inputs: input)) {
      XCTAssertEqual(($0 as? ConversionError)?.file, path)
    }
  }
}
