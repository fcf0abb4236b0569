// GMLKernelsTests/GEMMInt8Tests.swift — the tiles of every tier and the packed layouts' sizes.
import GMLCore
import GMLKernels
import GMLTestSupport
import XCTest

final class GEMMInt8Tests: XCTestCase {
  func testRegistryListsThePortableTileLastAndNamesAreUnique() {
    let names = GEMMInt8.tiles.map { "\($0.name)" }
    XCTAssertEqual(Set(names).count, names.count)
    XCTAssertEqual(GEMMInt8.tiles.last?.isa, .portable)
    XCTAssertTrue(GEMMInt8.tile2x8.isSupported)
    for tile in GEMMInt8.tiles { XCTAssertGreaterThanOrEqual(tile.rows, 1) }
    print(
      "GEMMInt8 tiles: \(GEMMInt8.tiles.map { "\($0.name)\($0.isSupported ? "" : " (unsupported)")" })"
    )
  }

  func testPackedSizes() {
    XCTAssertEqual(GEMMInt8.packedDepth(1), 8)
    XCTAssertEqual(GEMMInt8.packedDepth(8), 8)
    XCTAssertEqual(GEMMInt8.packedDepth(27), 32)
    // One block of 8 channels: 32 bytes of bias terms, 8·K weights, then
    // 3 × 32 bytes (fixed point) or 64 bytes (double) of requantization.
    let fixed = GEMMInt8.Requantization.fixedPoint([QuantizedMultiplier(0.5)])
    XCTAssertEqual(
      GEMMInt8.packedByteCount(layout: .c8, channels: 1, depth: 27, requantization: fixed), 384)
    XCTAssertEqual(
      GEMMInt8.packedByteCount(layout: .c8, channels: 9, depth: 8, requantization: .double([1])),
      2 * (32 + 64 + 64))
    // c8w16: the weights take twice the bytes.
    XCTAssertEqual(
      GEMMInt8.packedByteCount(layout: .c8w16, channels: 1, depth: 27, requantization: fixed),
      32 + 512 + 96)
    // c2x16: 64 bytes of bias terms, 16·K int16 weights, 3 × 64 (and
    // 328 for the AVX2 tile's one-rounding constants) or 128.
    XCTAssertEqual(
      GEMMInt8.packedByteCount(layout: .c2x16, channels: 17, depth: 8, requantization: fixed),
      2 * (64 + 256 + 192 + 328))
    XCTAssertEqual(
      GEMMInt8.packedByteCount(
        layout: .c2x16, channels: 16, depth: 3, requantization: .double([1])),
      64 + 256 + 128)
    // c4x16u8: int8 weights, and 392 bytes for the VNNI tiles' fused
    // multiply-add constants with a fixed-point requantization.
    XCTAssertEqual(
      GEMMInt8.packedByteCount(layout: .c4x16U8, channels: 17, depth: 8, requantization: fixed),
      2 * (64 + 128 + 192 + 392))
    XCTAssertEqual(
      GEMMInt8.packedByteCount(
        layout: .c4x16U8, channels: 16, depth: 3, requantization: .double([1])),
      64 + 128 + 128)
  }
}
