// GMLCommandLineTests/CommandTests+RunConverted.swift — `gml convert` then `gml run` on the Keras fixtures: outputs match Keras.
import Foundation
import GMLNumPy
import GMLTestSupport
import XCTest

/// End to end: every converter fixture is converted, run on its
/// `input.npy`, and compared with `expected.npy` (Keras' output). Float
/// tolerance 1e-5 absolute (the largest difference the fixtures' README
/// gives between Keras and a float64 NumPy reference: 2e-6, residual).
final class RunConvertedCommandTests: XCTestCase {
  var scratch: TemporaryDirectory!

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  func testConvertedFixturesMatchKeras() throws {
    let fixtures = RepositoryPaths.converterFixtures(from: #filePath)
    XCTAssertGreaterThanOrEqual(fixtures.count, 7)
    for (name, folder) in fixtures {
      let model = scratch.path("\(name).gml")
      let output = scratch.path("\(name).npy")
      assertExecute(
        ["convert", folder.appendingPathComponent("model.json").path, "-o", model], exitCode: 0)
      let result = assertExecute(
        ["run", model, "-i", folder.appendingPathComponent("input.npy").path, "-o", output],
        exitCode: 0)
      XCTAssertEqual(result.stderr, "", name)
      let actual = try NPY.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))))
      let expected = try NPY.read(
        [UInt8](try Data(contentsOf: folder.appendingPathComponent("expected.npy"))))
      XCTAssertEqual(actual.shape, expected.shape, name)
      let (a, e) = (actual.float32Values() ?? [], expected.float32Values() ?? [])
      XCTAssertEqual(a.count, e.count, name)
      for (i, (x, y)) in zip(a, e).enumerated() where !(abs(x - y) <= 1e-5) {
        XCTFail("\(name) element \(i): \(x) != \(y)")
        break
      }
    }
  }
}
