// GMLKernelsTests/ResizeTests.swift — RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: the three coordinate rules on small images, int8 against float, floor and ceil without libm.
import GMLCore
import GMLTestSupport
import XCTest

@testable import GMLKernels

final class ResizeTests: XCTestCase {
  func resize(_ p: Resize, _ x: [Float]) -> [Float] {
    x.withUnsafeBufferPointer { input in
      kernelOutput(count: p.outputShape.dims.reduce(1, *)) { out in
        if p.method == .bilinear {
          p.bilinearReference(input: input, output: out)
        } else {
          p.nearestReference(input: input, output: out)
        }
      }
    }
  }

  /// A 1×2 row widened to 4: plain (x·½: 0, ½, 1, 1½ clamped), half-pixel
  /// centres ((x + ½)·½ − ½: −¼, ¼, ¾, 1¼) and aligned corners (x·⅓).
  func testBilinearCoordinateRules() throws {
    let row: [Float] = [10, 20]
    func widened(align: Bool, half: Bool) throws -> [Float] {
      let p = try Resize(
        .bilinear, input: Shape([1, 1, 2, 1]), height: 1, width: 4, alignCorners: align,
        halfPixelCenters: half)
      return resize(p, row)
    }
    XCTAssertEqual(try widened(align: false, half: false), [10, 15, 20, 20])
    XCTAssertEqual(try widened(align: false, half: true), [10, 12.5, 17.5, 20])
    assertClose(
      try widened(align: true, half: false), [10, 13.333333, 16.666666, 20], tolerance: 1e-5)
  }

  /// Nearest: plain takes ⌊x·½⌋, half-pixel ⌊(x + ½)·½⌋, aligned corners
  /// x·⅓ rounded half away from zero.
  func testNearestCoordinateRules() throws {
    let row: [Float] = [1, 2, 3]
    func widened(_ width: Int, align: Bool, half: Bool) throws -> [Float] {
      let p = try Resize(
        .nearestNeighbor, input: Shape([1, 1, 3, 1]), height: 1, width: width,
        alignCorners: align, halfPixelCenters: half)
      return resize(p, row)
    }
    XCTAssertEqual(try widened(6, align: false, half: false), [1, 1, 2, 2, 3, 3])
    XCTAssertEqual(try widened(2, align: false, half: true), [1, 3])
    XCTAssertEqual(try widened(5, align: true, half: false), [1, 2, 2, 3, 3])
  }

  /// The int8 kernel's 1/1024-pixel arithmetic stays within two steps of
  /// the float kernel on the same values, every rule, up and down (its
  /// rounded scale drifts by up to 1/200 pixel across a row, which between
  /// neighbours 255 steps apart moves the value by about one step).
  func testInt8FollowsFloat() throws {
    var rng = SplitMix64(seed: 5)
    let values = (0..<(5 * 7 * 3)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
    for (h, w) in [(9, 4), (3, 11), (10, 14)] {
      for (align, half) in [(false, false), (false, true), (true, false)] {
        let p = try Resize(
          .bilinear, input: Shape([1, 5, 7, 3]), height: h, width: w, alignCorners: align,
          halfPixelCenters: half)
        let float = resize(p, values.map { Float($0) })
        let int8 = values.withUnsafeBufferPointer { x in
          runInt8Kernel(count: float.count) { p.bilinearInt8Reference(input: x, output: $0) }
        }
        for i in float.indices {
          XCTAssertEqual(
            Float(int8[i]), float[i], accuracy: 2, "\(h)x\(w) \(align) \(half) at \(i)")
        }
      }
    }
  }

  func testFloorAndCeilWithoutLibm() {
    for x: Float in [-2.5, -1, -0.25, 0, 0.25, 1, 2.5, 1e6] {
      XCTAssertEqual(Resize.floor(x), Int(x.rounded(.down)), "\(x)")
      XCTAssertEqual(Resize.ceil(x), Int(x.rounded(.up)), "\(x)")
    }
  }

  func testRejectsBothFlagsOtherRanksAndNoPixels() {
    assertThrowsKind(.invalidArgument) {
      _ = try Resize(
        .bilinear, input: Shape([1, 2, 2, 1]), height: 4, width: 4, alignCorners: true,
        halfPixelCenters: true)
    }
    assertThrowsKind(.shapeMismatch) {
      _ = try Resize(
        .bilinear, input: Shape([2, 2, 1]), height: 4, width: 4, alignCorners: false,
        halfPixelCenters: false)
    }
    // No pixel to sample: the index of the last one would be -1.
    assertThrowsKind(.shapeMismatch) {
      _ = try Resize(
        .nearestNeighbor, input: Shape([1, 0, 3, 2]), height: 4, width: 4, alignCorners: false,
        halfPixelCenters: false)
    }
  }
}
