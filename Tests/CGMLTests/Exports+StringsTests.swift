// CGMLTests/Exports+StringsTests.swift — version, status and type strings, and the header's constants against the Swift side.
import CGMLHeader
import GMLCore
import XCTest

final class CAPIStringsTests: XCTestCase {
  func testVersionMatchesGMLCoreAndTheHeader() {
    XCTAssertEqual(String(cString: gml_version()), gmlVersion)
    XCTAssertEqual(GML_VERSION_STRING, gmlVersion)
    XCTAssertEqual("\(GML_VERSION_MAJOR).\(GML_VERSION_MINOR).\(GML_VERSION_PATCH)", gmlVersion)
    XCTAssertEqual(gml_version(), gml_version(), "one static string")
  }

  func testHeaderConstantsMatchTheRuntime() {
    XCTAssertEqual(Int(GML_MAX_RANK), Shape.maxRank)
    let types: [(gml_type, ElementType)] = [
      (GML_TYPE_FLOAT32, .float32), (GML_TYPE_FLOAT16, .float16), (GML_TYPE_INT8, .int8),
      (GML_TYPE_UINT8, .uint8), (GML_TYPE_INT16, .int16), (GML_TYPE_INT32, .int32),
      (GML_TYPE_INT64, .int64), (GML_TYPE_BOOL, .bool),
    ]
    XCTAssertEqual(types.count, ElementType.allCases.count)
    for (c, swift) in types {
      XCTAssertEqual(c.rawValue, UInt32(swift.rawValue), swift.name)
      XCTAssertEqual(String(cString: gml_type_string(c)), swift.name)
    }
    XCTAssertEqual(String(cString: gml_type_string(gml_type(rawValue: 99))), "unknown type")
  }

  func testStatusStrings() {
    let names: [(gml_status, String)] = [
      (GML_OK, "ok"), (GML_ERROR_INVALID_ARGUMENT, "invalid argument"),
      (GML_ERROR_INVALID_MODEL, "invalid model"), (GML_ERROR_UNSUPPORTED, "unsupported"),
      (GML_ERROR_IO, "i/o error"), (gml_status(rawValue: 42), "unknown status"),
    ]
    for (status, name) in names {
      XCTAssertEqual(String(cString: gml_status_string(status)), name)
    }
  }
}
