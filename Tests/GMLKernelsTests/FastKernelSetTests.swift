// GMLKernelsTests/FastKernelSetTests.swift — the tier table: which tiers run here, the cap, and each tier's choice of kernels.
import GMLKernels
import XCTest

final class FastKernelSetTests: XCTestCase {
  /// Says which tiers this CPU ran and which it skipped (CI logs show it).
  func testReportsTheTiersThisCPURuns() {
    let run = ISATier.chain.filter { $0.isSupported }.map { $0.name }
    let skipped = ISATier.chain.filter { !$0.isSupported }.map { $0.name }
    print("ISA tiers run here: \(run); skipped (not on this CPU): \(skipped)")
    XCTAssertEqual(ISATier.chain.last, .portable)
    XCTAssertTrue(ISATier.portable.isSupported)
  }

  func testNamesRoundTripAndChainsFallBackToPortable() {
    for tier in ISATier.allCases {
      XCTAssertEqual(ISATier(named: tier.name), tier)
      var steps = 0
      var t = tier
      while let below = t.below {
        t = below
        steps += 1
      }
      XCTAssertEqual(t, .portable)
      XCTAssertLessThan(steps, 4)
    }
    XCTAssertNil(ISATier(named: "AVX2"))
    XCTAssertNil(ISATier(named: ""))
  }

  /// Without a cap: the best supported tier that is on by default. Under
  /// a cap: the best supported tier at or below it, on by default or not.
  func testSelectionHonoursTheCap() {
    let chain = ISATier.chain
    let free = ISATier.selected(cap: nil)
    XCTAssertTrue(free.isSupported && free.isOnByDefault)
    XCTAssertEqual(free, chain.first { $0.isSupported && $0.isOnByDefault })
    for (i, cap) in chain.enumerated() {
      let tier = ISATier.selected(cap: cap)
      XCTAssertTrue(tier.isSupported)
      XCTAssertEqual(tier, chain[i...].first { $0.isSupported }, "cap \(cap.name)")
    }
    XCTAssertEqual(ISATier.selected(cap: .portable), .portable)
    for foreign in ISATier.allCases where !chain.contains(foreign) {
      XCTAssertEqual(ISATier.selected(cap: foreign), free, "a cap of another chain is no cap")
    }
  }

  /// Every set's kernels need its tier or one below it, and a tier with
  /// none of its own in a family runs the tier below's.
  func testEverySetUsesItsTierOrTheOnesBelow() {
    for set in FastKernelSet.every {
      var allowed: [ISATier] = [set.tier]
      while let below = allowed.last?.below { allowed.append(below) }
      for tile in set.gemm { XCTAssertTrue(allowed.contains(tile.isa), "\(tile.name)") }
      for k in set.depthwise { XCTAssertTrue(allowed.contains(k.isa), "\(k.name)") }
      XCTAssertTrue(allowed.contains(set.elementwise.isa))
      if let mean = set.mean { XCTAssertTrue(allowed.contains(mean.isa), "\(mean.name)") }
      XCTAssertEqual(set.depthwise.last?.taps, nil, "the last depthwise kernel takes any filter")
    }
    XCTAssertFalse(FastKernelSet.of(.portable).packsWeights)
  }

  /// Each tier's GEMM choice: the one-row tile for one row, a tile that
  /// takes K, and on x86 the shapes measured for AVX2 and VNNI.
  func testGEMMTileChoicePerTier() {
    for set in FastKernelSet.every where set.tier.isSupported {
      let many = set.gemmTile(rows: 100, depth: 576, channels: 64)
      let one = set.gemmTile(rows: 1, depth: 640, channels: 128)
      XCTAssertTrue(many.isSupported && one.isSupported)
      XCTAssertLessThanOrEqual(one.rows, many.rows)
      for (rows, depth, channels) in [(1, 8, 8), (5, 100_000, 3), (2304, 8, 48), (36, 64, 8)] {
        let tile = set.gemmTile(rows: rows, depth: depth, channels: channels)
        XCTAssertTrue(
          tile.isSupported && tile.accepts(depth: depth), "\(rows)x\(depth)x\(channels)")
      }
      #if arch(x86_64)
        switch set.tier {
        case .avx2:
          XCTAssertEqual("\(many.name)", "3x8c8_avx2")
          XCTAssertEqual("\(one.name)", "1x8c8_avx2")
          XCTAssertEqual(
            "\(set.gemmTile(rows: 2304, depth: 8, channels: 48).name)", "6x16c2_avx2")
          XCTAssertEqual("\(set.gemmTile(rows: 2304, depth: 27, channels: 8).name)", "3x8c8_avx2")
        case .avx512VNNI:
          XCTAssertEqual("\(many.name)", "8x16c4_avx512vnni")
          XCTAssertEqual("\(one.name)", "1x16c4_avx512vnni")
        default:
          XCTAssertEqual(set.tier, .portable)
        }
      #endif
    }
  }
}
