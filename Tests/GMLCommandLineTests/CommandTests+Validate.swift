// GMLCommandLineTests/CommandTests+Validate.swift — `gml validate`: report text, JSON and HTML, bounds and exit codes, file errors.
import Foundation
import GMLCore
import GMLNumPy
import GMLTestSupport
import XCTest

/// `gml validate` on the digits sample (float model against its own
/// conversion), with bounds held and broken, and on missing or bad files.
final class ValidateCommandTests: XCTestCase {
  var scratch: TemporaryDirectory!
  let digits = RepositoryPaths.root(from: #filePath).appendingPathComponent("samples/digits")
  var floatModel: String { digits.appendingPathComponent("model.json").path }
  var testX: String { digits.appendingPathComponent("test_x.npy").path }
  var testY: String { digits.appendingPathComponent("test_y.npy").path }

  override func setUpWithError() throws { scratch = try TemporaryDirectory() }
  override func tearDown() { scratch.remove() }

  /// The digits float model converted to `.gml` in the scratch folder.
  func convertedDigits() -> String {
    let path = scratch.path("digits.gml")
    assertExecute(["convert", floatModel, "-o", path], exitCode: 0)
    return path
  }

  func testTextReport() {
    let model = convertedDigits()
    let result = assertExecute(
      ["validate", floatModel, model, "--data", testX, "--labels", testY, "--min-agreement", "1"],
      exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    XCTAssertTrue(
      result.stdout.hasPrefix("per-layer error (worst first, 200 samples):\n"), result.stdout)
    XCTAssertTrue(result.stdout.contains("probs "), result.stdout)
    XCTAssertTrue(result.stdout.contains(" SOFTMAX "), result.stdout)
    XCTAssertTrue(result.stdout.contains("top-1 agreement: 100.0%\n"), result.stdout)
    XCTAssertTrue(result.stdout.contains("accuracy: 99.0% (float model: 99.0%)\n"), result.stdout)
    XCTAssertTrue(result.stdout.contains("output max abs error: 0.000000\n"), result.stdout)
  }

  func testJSONReport() throws {
    let model = convertedDigits()
    let result = assertExecute(
      ["validate", floatModel, model, "--data", testX, "--json"], exitCode: 0)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["samples"] as? Int, 200)
    XCTAssertEqual(object["top1_agreement"] as? Double, 1)
    XCTAssertTrue(object["accuracy"] is NSNull)
    let layers = try XCTUnwrap(object["layers"] as? [[String: Any]])
    XCTAssertFalse(layers.isEmpty)
    // Equal layers have infinite SQNR, which JSON spells null.
    XCTAssertTrue(layers.allSatisfy { $0["sqnr_db"] is NSNull }, result.stdout)
    XCTAssertEqual((object["violations"] as? [Any])?.count, 0)
  }

  /// `--html` writes the page beside the printed report: a bar pair per
  /// layer (as many as the JSON report's layers), the figures, a broken
  /// bound in red; with `--json` standard output stays JSON alone.
  func testHTMLPageHasABarPairPerLayer() throws {
    let model = convertedDigits()
    let page = scratch.path("validate.html")
    let result = assertExecute(
      [
        "validate", floatModel, model, "--data", testX, "--labels", testY, "--html", page,
        "--min-accuracy", "1",
      ], exitCode: 1)
    XCTAssertTrue(result.stdout.hasSuffix("wrote \(page)\n"), result.stdout)
    let html = try String(contentsOfFile: page, encoding: .utf8)
    func count(_ s: String) -> Int { html.components(separatedBy: s).count - 1 }
    let json = assertExecute(
      ["validate", floatModel, model, "--data", testX, "--json", "--html", page], exitCode: 0)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let layers = try XCTUnwrap(object["layers"] as? [[String: Any]])
    XCTAssertFalse(layers.isEmpty)
    XCTAssertEqual(count("<rect class=\"sqnr\""), layers.count)
    XCTAssertEqual(count("<rect class=\"error\""), layers.count)
    XCTAssertEqual(count("<tr><td>"), layers.count)
    XCTAssertTrue(html.contains("<li>top-1 agreement: 100.0%</li>"), html)
    XCTAssertFalse(html.contains("<script"))
    let first = try String(contentsOfFile: page, encoding: .utf8)
    XCTAssertFalse(first.contains("class=\"broken\""), "the second run had no bound")
  }

  func testHTMLPageShowsABrokenBound() throws {
    let model = convertedDigits()
    let page = scratch.path("broken.html")
    assertExecute(
      [
        "validate", floatModel, model, "--data", testX, "--labels", testY, "--html", page,
        "--min-accuracy", "1",
      ], exitCode: 1)
    let html = try String(contentsOfFile: page, encoding: .utf8)
    XCTAssertTrue(html.contains("<p class=\"broken\">broken: accuracy"), html)
  }

  /// A broken bound: the report is still printed, the figure goes to
  /// standard error, exit 1.
  func testBrokenBoundExitsOne() {
    let model = convertedDigits()
    let result = assertExecute(
      [
        "validate", floatModel, model, "--data", testX, "--labels", testY, "--min-accuracy",
        "0.995",
      ],
      exitCode: 1)
    XCTAssertTrue(result.stdout.contains("top-1 agreement: 100.0%"), result.stdout)
    XCTAssertEqual(result.stderr, "gml: error: accuracy 0.99 is below the minimum 0.995\n")
    let noLabels = assertExecute(
      ["validate", floatModel, model, "--data", testX, "--min-accuracy", "0.5"], exitCode: 1)
    XCTAssertTrue(noLabels.stderr.contains("no labels"), noLabels.stderr)
  }

  /// The CI use: the int8 digits model must agree with the float one on
  /// 98% of the test images.
  func testInt8DigitsMeetsMinAgreement() throws {
    let model = scratch.path("digits_int8.gml")
    let calibration = digits.appendingPathComponent("calibration.npy").path
    let convert = runGML(
      ["convert", floatModel, "-o", model, "--quantize", "int8", "--calibration", calibration])
    XCTAssertEqual(convert.status, 0, convert.stderr)
    let result = assertExecute(
      [
        "validate", floatModel, model, "--data", testX, "--labels", testY,
        "--min-agreement", "0.98",
      ], exitCode: 0)
    XCTAssertEqual(result.stderr, "")
    XCTAssertTrue(result.stdout.contains(" FULLY_CONNECTED "), result.stdout)
    let strict = assertExecute(
      ["validate", floatModel, model, "--data", testX, "--max-abs-error", "0"], exitCode: 1)
    XCTAssertTrue(strict.stderr.hasPrefix("gml: error: output max abs error "), strict.stderr)
  }

  func testBadBoundIsAUsageError() {
    let result = assertExecute(
      ["validate", floatModel, floatModel, "--data", testX, "--min-agreement", "high"],
      exitCode: 2)
    XCTAssertTrue(result.stderr.contains("--min-agreement must be a non-negative number"))
  }

  func testValidateNamesTheBadFile() throws {
    let model = convertedDigits()
    let absent = scratch.path("absent.json")
    var result = assertExecute(["validate", absent, model, "--data", testX], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(absent): error: no such file\n")
    let absentData = scratch.path("absent.npy")
    result = assertExecute(["validate", floatModel, model, "--data", absentData], exitCode: 1)
    XCTAssertEqual(result.stderr, "\(absentData): error: no such file\n")
    let badFloat = scratch.path("float.json")
    try Data("{}".utf8).write(to: URL(fileURLWithPath: badFloat))
    result = assertExecute(["validate", badFloat, model, "--data", testX], exitCode: 1)
    XCTAssertTrue(result.stderr.hasPrefix("\(badFloat)"), result.stderr)
    let floatLabels = try scratch.writeNPY("labels.npy", try sampleImage([200]))
    result = assertExecute(
      ["validate", floatModel, model, "--data", testX, "--labels", floatLabels], exitCode: 1)
    XCTAssertTrue(
      result.stderr.hasPrefix("\(floatLabels): error: labels must be int64 or int32"),
      result.stderr)
  }

  func testHelpListsTheBounds() {
    let result = assertExecute(["validate", "--help"], exitCode: 0)
    for flag in [
      "--min-agreement <fraction>", "--min-accuracy <fraction>", "--max-abs-error <value>",
    ] {
      XCTAssertTrue(result.stdout.contains(flag), result.stdout)
    }
  }
}
