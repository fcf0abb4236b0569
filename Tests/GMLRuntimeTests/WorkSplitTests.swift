// GMLRuntimeTests/WorkSplitTests.swift — cutting an operator's output into tasks: parts cover it exactly, in whole steps, no more tasks than useful.
import GMLKernels
import GMLTestSupport
import XCTest

@testable import GMLRuntime

final class WorkSplitTests: XCTestCase {
  /// 1,000 random splits: the tasks' row × channel rectangles tile the
  /// output exactly once, every part starts at a whole step, and the task
  /// count stays within the threads' share and the work's size.
  func testTasksTileTheOutputExactly() {
    var rng = SplitMix64(seed: 42)
    func between(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(rng.next() % UInt64(range.count))
    }
    for _ in 0..<1000 {
      let (rows, channels) = (between(1...120), between(1...120))
      let (rowStep, channelStep) = (between(1...6), [1, 8, 16][between(0...2)])
      let (macs, threads) = (between(0...2_000_000), between(1...9))
      let isa = [ISATier.portable, .avx2, .avx512VNNI][between(0...2)]
      let split = WorkSplit(
        rows: rows, rowStep: rowStep, channels: channels, channelStep: channelStep, macs: macs,
        threads: threads, isa: isa)
      let description = "\(rows)×\(channels) by \(rowStep)×\(channelStep), \(threads) threads"
      var covered = [Int](repeating: 0, count: rows * channels)
      for task in 0..<split.taskCount {
        let r = split.rows(ofTask: task)
        let c = split.channels(ofTask: task)
        XCTAssertEqual(r.lowerBound % rowStep, 0, description)
        XCTAssertEqual(c.lowerBound % channelStep, 0, description)
        for i in r { for j in c { covered[i * channels + j] += 1 } }
      }
      XCTAssertTrue(covered.allSatisfy { $0 == 1 }, description)
      XCTAssertLessThanOrEqual(
        split.taskCount, max(1, threads * WorkSplit.tasksPerThread), description)
      XCTAssertLessThanOrEqual(
        split.taskCount, max(1, macs / WorkSplit.minimumMACsPerTask(isa)), description)
      if threads == 1 { XCTAssertEqual(split.taskCount, 1, description) }
    }
  }

  /// A dense layer on one row splits its channels; a large feature map
  /// its rows only.
  func testOneRowSplitsChannelsAndLargeMapsSplitRows() {
    let dense = WorkSplit(
      rows: 1, rowStep: 1, channels: 256, channelStep: 8, macs: 256 * 1024, threads: 2)
    XCTAssertEqual(dense.rowParts, 1)
    XCTAssertEqual(dense.channelParts, 2 * WorkSplit.tasksPerThread)
    let map = WorkSplit(
      rows: 2304, rowStep: 3, channels: 64, channelStep: 8, macs: 2304 * 64 * 288, threads: 2)
    XCTAssertEqual(map.rowParts, 2 * WorkSplit.tasksPerThread)
    XCTAssertEqual(map.channelParts, 1)
  }
}
