// GMLCoreTests/GMLErrorTests.swift — GMLError: description per location, kind names, and equality.
import GMLCore
import XCTest

final class GMLErrorTests: XCTestCase {
  func testDescriptionWithoutLocation() {
    let error = GMLError(.truncated, "vector runs past the end")
    XCTAssertEqual(error.location, .none)
    XCTAssertEqual(error.locationDescription, "")
    XCTAssertEqual(error.description, "truncated: vector runs past the end")
  }

  func testDescriptionForEachLocation() {
    let cases: [(GMLError.Location, String)] = [
      (.byteOffset(12), "byte 12"),
      (.tensor(4), "tensor 4"),
      (.op(2), "op 2"),
      (.buffer(7), "buffer 7"),
    ]
    for (location, text) in cases {
      let error = GMLError(.outOfBounds, at: location, "offset past the end")
      XCTAssertEqual(error.locationDescription, text)
      XCTAssertEqual(error.description, "out of bounds at \(text): offset past the end")
    }
    XCTAssertEqual(
      GMLError(.truncated, at: .byteOffset(0), "empty file").description,
      "truncated at byte 0: empty file")
  }

  func testKindNames() {
    let names: [(GMLError.Kind, String)] = [
      (.truncated, "truncated"), (.outOfBounds, "out of bounds"), (.misaligned, "misaligned"),
      (.malformed, "malformed"), (.limitExceeded, "limit exceeded"),
      (.wrongIdentifier, "wrong identifier"), (.unsupportedVersion, "unsupported version"),
      (.unsupportedType, "unsupported type"), (.unsupportedOp, "unsupported op"),
      (.shapeMismatch, "shape mismatch"), (.invalidQuantization, "invalid quantization"),
      (.arenaTooSmall, "arena too small"), (.invalidArgument, "invalid argument"),
      (.io, "i/o error"),
    ]
    for (kind, name) in names {
      XCTAssertEqual(kind.name, name)
      XCTAssertEqual(GMLError(kind, "x").description, "\(name): x")
    }
    // Every kind is listed: raw values run 0..<count with no gaps.
    XCTAssertEqual(names.map { Int($0.0.rawValue) }, Array(0..<names.count))
    XCTAssertNil(GMLError.Kind(rawValue: UInt8(names.count)))
  }

  func testEqualityComparesKindLocationAndDetailText() {
    let a = GMLError(.misaligned, at: .buffer(3), "buffer data not 16-byte aligned")
    // A different literal with the same text is equal: details compare as bytes.
    let detail: StaticString = "buffer data not 16-byte aligned"
    XCTAssertEqual(a, GMLError(.misaligned, at: .buffer(3), detail))
    XCTAssertNotEqual(a, GMLError(.malformed, at: .buffer(3), "buffer data not 16-byte aligned"))
    XCTAssertNotEqual(a, GMLError(.misaligned, at: .buffer(4), "buffer data not 16-byte aligned"))
    XCTAssertNotEqual(a, GMLError(.misaligned, at: .tensor(3), "buffer data not 16-byte aligned"))
    XCTAssertNotEqual(a, GMLError(.misaligned, "buffer data not 16-byte aligned"))
    XCTAssertNotEqual(a, GMLError(.misaligned, at: .buffer(3), "buffer data not 16-byte aligned."))
    XCTAssertNotEqual(a, GMLError(.misaligned, at: .buffer(3), "buffer data not 16-byte"))
    XCTAssertNotEqual(a, GMLError(.misaligned, at: .buffer(3), ""))
  }

  func testLocationEqualityDistinguishesCases() {
    let all: [GMLError.Location] = [.none, .byteOffset(1), .tensor(1), .op(1), .buffer(1)]
    for (i, x) in all.enumerated() {
      for (j, y) in all.enumerated() {
        XCTAssertEqual(x == y, i == j, "\(x) vs \(y)")
      }
    }
  }

  func testFieldsAreKept() {
    let error = GMLError(.arenaTooSmall, at: .op(5), "arena smaller than the plan")
    XCTAssertEqual(error.kind, .arenaTooSmall)
    XCTAssertEqual(error.location, .op(5))
    XCTAssertEqual(error.detail.description, "arena smaller than the plan")
  }
}
