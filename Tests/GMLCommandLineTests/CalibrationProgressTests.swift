// GMLCommandLineTests/CalibrationProgressTests.swift — the calibration progress line's rate and time left.
import XCTest

@testable import GMLCommandLine

final class CalibrationProgressTests: XCTestCase {
  func testRateAndTimeLeft() {
    let text = GML.Convert.rateAndTimeLeft(30, 100, elapsed: .milliseconds(1500))
    XCTAssertEqual(text.trimmingCharacters(in: .whitespaces), ", 20.0 samples/s, 4 s left")
    XCTAssertEqual(text.count, 36, "padded over a longer line drawn before")
    XCTAssertEqual(GML.Convert.rateAndTimeLeft(0, 100, elapsed: .seconds(1)), "")
    XCTAssertEqual(GML.Convert.rateAndTimeLeft(5, 100, elapsed: .zero), "")
    XCTAssertTrue(
      GML.Convert.rateAndTimeLeft(100, 100, elapsed: .seconds(4)).hasPrefix(
        ", 25.0 samples/s, 0 s left"))
  }
}
