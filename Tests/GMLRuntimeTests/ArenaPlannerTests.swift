// GMLRuntimeTests/ArenaPlannerTests.swift — greedy arena placement: no live overlap, alignment, bounds.
import GMLCore
import GMLRuntime
import GMLTestSupport
import XCTest

final class ArenaPlannerTests: XCTestCase {
  typealias R = ArenaPlanner.Request

  func testChainReusesMemory() throws {
    // a -> b -> c -> d: only neighbours are alive together.
    let requests = [
      R(size: 100, firstUse: 0, lastUse: 0), R(size: 200, firstUse: 0, lastUse: 1),
      R(size: 100, firstUse: 1, lastUse: 2), R(size: 50, firstUse: 2, lastUse: 2),
    ]
    let plan = try ArenaPlanner().plan(requests)
    assertValid(plan, requests, alignment: 16)
    XCTAssertEqual(plan.lowerBound, 208 + 112)
    XCTAssertEqual(plan.arenaSize, plan.lowerBound)
  }

  /// MobileNetV1's first layers with the input's bytes reusable after the
  /// stem: by size alone the input takes offset 0 and pushes the stem's
  /// output up (64,512 bytes); by bytes × lifetime the activations go
  /// first and the input into the gap between them, at the bound.
  func testShortLivedInputGoesIntoAGap() throws {
    let requests = [
      R(size: 27_648, firstUse: 0, lastUse: 0),  // the 96×96×3 input
      R(size: 18_432, firstUse: 0, lastUse: 1),  // stem: 48×48×8
      R(size: 18_432, firstUse: 1, lastUse: 2),  // depthwise: 48×48×8
      R(size: 36_864, firstUse: 2, lastUse: 3),  // pointwise: 48×48×16
    ]
    let plan = try ArenaPlanner().plan(requests)
    assertValid(plan, requests, alignment: 16)
    XCTAssertEqual(plan.lowerBound, 55_296)
    XCTAssertEqual(plan.arenaSize, 55_296)
  }

  func testOffsetsAreAlignedAndSizesRoundedUp() throws {
    let requests = [R(size: 1, firstUse: 0, lastUse: 1), R(size: 17, firstUse: 0, lastUse: 1)]
    let plan = try ArenaPlanner(alignment: 16).plan(requests)
    assertValid(plan, requests, alignment: 16)
    XCTAssertEqual(plan.arenaSize, 48)
  }

  func testZeroSizedAndEmptyInputs() throws {
    XCTAssertEqual(try ArenaPlanner().plan([]).arenaSize, 0)
    let plan = try ArenaPlanner().plan([R(size: 0, firstUse: 0, lastUse: 3)])
    XCTAssertEqual(plan.arenaSize, 0)
  }

  func testRandomLifetimesNeverOverlapAndStayNearBound() throws {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<200 {
      let n = Int(rng.next() % 30) + 1
      var requests: [R] = []
      for _ in 0..<n {
        let first = Int(rng.next() % 20)
        requests.append(
          R(size: Int(rng.next() % 5000), firstUse: first, lastUse: first + Int(rng.next() % 6)))
      }
      let plan = try ArenaPlanner(alignment: 32).plan(requests)
      assertValid(plan, requests, alignment: 32)
      XCTAssertGreaterThanOrEqual(plan.arenaSize, plan.lowerBound)
    }
  }

  func testRejectsBadRequests() {
    XCTAssertThrowsError(try ArenaPlanner().plan([R(size: -1, firstUse: 0, lastUse: 0)]))
    XCTAssertThrowsError(try ArenaPlanner().plan([R(size: 1, firstUse: 2, lastUse: 1)]))
    XCTAssertThrowsError(try ArenaPlanner().plan([R(size: Int.max, firstUse: 0, lastUse: 0)])) {
      XCTAssertEqual(($0 as? GMLError)?.kind, .limitExceeded)
    }
  }

  private func assertValid(
    _ plan: ArenaPlanner.Plan, _ requests: [R], alignment: Int,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    for (i, a) in requests.enumerated() {
      XCTAssertEqual(
        plan.offsets[i] % alignment, 0, "offset \(i) misaligned", file: file, line: line)
      XCTAssertLessThanOrEqual(plan.offsets[i] + a.size, plan.arenaSize, file: file, line: line)
      for (j, b) in requests.enumerated() where j > i && a.size > 0 && b.size > 0 {
        let live = a.firstUse <= b.lastUse && b.firstUse <= a.lastUse
        let disjoint =
          plan.offsets[i] + a.size <= plan.offsets[j] || plan.offsets[j] + b.size <= plan.offsets[i]
        XCTAssertTrue(!live || disjoint, "requests \(i) and \(j) overlap", file: file, line: line)
      }
    }
  }
}
