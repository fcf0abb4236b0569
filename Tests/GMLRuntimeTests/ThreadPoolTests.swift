// GMLRuntimeTests/ThreadPoolTests.swift — the C worker pool (CGMLThreadPool): every task once, on a thread in range, its writes visible; sleeping workers wake.
import CGMLThreadPool
import Foundation
import XCTest

final class ThreadPoolTests: XCTestCase {
  /// What the test tasks write: per task, how often it ran and on which
  /// thread; `sleep` makes each task take that many microseconds.
  struct Record {
    var calls: UnsafeMutablePointer<Int>
    var threads: UnsafeMutablePointer<Int>
    var sleep: UInt32
  }

  /// Runs `count` tasks on `pool` and returns each task's calls and thread.
  func run(_ pool: OpaquePointer?, count: Int, sleep: UInt32 = 0) -> (calls: [Int], threads: [Int])
  {
    let calls = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
    let threads = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
    defer {
      calls.deallocate()
      threads.deallocate()
    }
    calls.initialize(repeating: 0, count: max(count, 1))
    threads.initialize(repeating: -1, count: max(count, 1))
    var record = Record(calls: calls, threads: threads, sleep: sleep)
    gml_threadpool_run(
      pool,
      { context, thread, index in
        guard let r = context?.assumingMemoryBound(to: Record.self).pointee else { return }
        if r.sleep > 0 { usleep(r.sleep) }
        r.calls[index] += 1
        r.threads[index] = thread
      }, &record, count)
    return (
      Array(UnsafeBufferPointer(start: calls, count: count)),
      Array(UnsafeBufferPointer(start: threads, count: count))
    )
  }

  /// 2, 3 and 4 threads, loops of 0 to 1,000 tasks, many rounds: each
  /// task runs exactly once, on a thread in range.
  func testEveryTaskRunsOnceOnAThreadInRange() throws {
    try XCTSkipUnless(gml_threadpool_is_available() != 0, "this build has no threads")
    for threads in [2, 3, 4] {
      let pool = try XCTUnwrap(gml_threadpool_create(threads))
      defer { gml_threadpool_destroy(pool) }
      XCTAssertEqual(gml_threadpool_threads(pool), threads)
      for count in [0, 1, 2, 7, 64, 1000] {
        for round in 0..<20 {
          let (calls, ran) = run(pool, count: count)
          XCTAssertEqual(calls, [Int](repeating: 1, count: count), "\(threads)/\(count)/\(round)")
          XCTAssertTrue(ran.allSatisfy { $0 >= 0 && $0 < threads }, "\(threads)/\(count)")
        }
      }
    }
  }

  /// Tasks of a millisecond each: the workers take some of them.
  func testWorkersTakeTasks() throws {
    try XCTSkipUnless(gml_threadpool_is_available() != 0, "this build has no threads")
    let pool = try XCTUnwrap(gml_threadpool_create(3))
    defer { gml_threadpool_destroy(pool) }
    let (calls, ran) = run(pool, count: 24, sleep: 1000)
    XCTAssertEqual(calls, [Int](repeating: 1, count: 24))
    XCTAssertGreaterThan(Set(ran).count, 1, "only the calling thread ran tasks")
  }

  /// After a pause long enough for the workers to go to sleep, the next
  /// loop wakes them and still runs every task.
  func testSleepingWorkersWake() throws {
    try XCTSkipUnless(gml_threadpool_is_available() != 0, "this build has no threads")
    let pool = try XCTUnwrap(gml_threadpool_create(2))
    defer { gml_threadpool_destroy(pool) }
    for _ in 0..<3 {
      usleep(20_000)
      let (calls, _) = run(pool, count: 16, sleep: 500)
      XCTAssertEqual(calls, [Int](repeating: 1, count: 16))
    }
  }

  /// No pool: every task on the caller, as thread 0. One thread or none
  /// asked for: no pool.
  func testWithoutAPoolTasksRunOnTheCaller() {
    XCTAssertNil(gml_threadpool_create(1))
    XCTAssertNil(gml_threadpool_create(0))
    XCTAssertEqual(gml_threadpool_threads(nil), 1)
    let (calls, ran) = run(nil, count: 9)
    XCTAssertEqual(calls, [Int](repeating: 1, count: 9))
    XCTAssertEqual(ran, [Int](repeating: 0, count: 9))
    gml_threadpool_destroy(nil)
  }

  /// Pools started and stopped many times, with and without a loop run:
  /// every worker is joined (the sanitizers' runs would report a leak).
  func testPoolsStartAndStopCleanly() throws {
    try XCTSkipUnless(gml_threadpool_is_available() != 0, "this build has no threads")
    for i in 0..<50 {
      let pool = try XCTUnwrap(gml_threadpool_create(2 + i % 3))
      if i % 2 == 0 { XCTAssertEqual(run(pool, count: 5).calls, [1, 1, 1, 1, 1]) }
      gml_threadpool_destroy(pool)
    }
  }
}
