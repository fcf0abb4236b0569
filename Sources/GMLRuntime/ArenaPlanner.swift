// GMLRuntime/ArenaPlanner.swift — greedy-by-size placement of tensor lifetimes in one arena.
import GMLCore

/// Places buffers with known lifetimes in one arena so that buffers alive
/// at the same time never overlap.
///
/// Algorithm (greedy by size, as TFLite Micro's greedy planner): sort the
/// buffers by size, largest first (ties: earlier first use, then lower
/// index); give each the lowest aligned offset that does not overlap any
/// already placed buffer whose lifetime intersects its own. Where that
/// ends above `lowerBound`, the largest total of buffers live at once, it
/// places them again by bytes × operators alive, largest first, and keeps
/// the smaller arena (a short-lived buffer, such as an input whose bytes
/// may be reused, then fills a gap between longer-lived ones). Cost
/// O(n²) for n buffers; no optimality guarantee.
public struct ArenaPlanner {
  /// One buffer to place: `size` bytes live from operator `firstUse` to
  /// operator `lastUse`, inclusive.
  public struct Request: Equatable, Sendable {
    public var size: Int
    public var firstUse: Int
    public var lastUse: Int

    public init(size: Int, firstUse: Int, lastUse: Int) {
      self.size = size
      self.firstUse = firstUse
      self.lastUse = lastUse
    }

    func overlapsInTime(_ other: Request) -> Bool {
      firstUse <= other.lastUse && other.firstUse <= lastUse
    }
  }

  /// The result: one offset per request, and the arena size they need.
  public struct Plan: Equatable, Sendable {
    public var offsets: [Int]
    public var arenaSize: Int
    /// The largest sum of (aligned) sizes live at one time: no plan can be
    /// smaller.
    public var lowerBound: Int
  }

  /// The alignment of every offset, a power of two.
  public let alignment: Int

  /// - Parameter alignment: offset alignment in bytes (power of two).
  public init(alignment: Int = 16) {
    precondition(
      alignment > 0 && alignment & (alignment - 1) == 0,
      "ArenaPlanner.init: alignment must be a power of two")
    self.alignment = alignment
  }

  /// Plans `requests`.
  /// - Throws: `invalidArgument` for a negative size or a lifetime that
  ///   ends before it starts; `limitExceeded` when offsets overflow.
  public func plan(_ requests: [Request]) throws(GMLError) -> Plan {
    var sizes: [Int] = []
    sizes.reserveCapacity(requests.count)
    for r in requests {
      if r.size < 0 || r.lastUse < r.firstUse {
        throw GMLError(.invalidArgument, "arena request with negative size or lifetime")
      }
      sizes.append(try alignUp(r.size))
    }
    let bound = lowerBound(requests, sizes)
    func goesBefore(_ a: Int, _ b: Int) -> Bool {
      if sizes[a] != sizes[b] { return sizes[a] > sizes[b] }
      if requests[a].firstUse != requests[b].firstUse {
        return requests[a].firstUse < requests[b].firstUse
      }
      return a < b
    }
    var best = try place(requests, sizes, order: sorted(requests.count, goesBefore))
    if best.arenaSize > bound {
      // Above the bound: also by bytes × operators alive, largest first
      // (a short-lived input then goes after the activations that outlive
      // it, into a gap between them), kept when smaller.
      func spans(_ i: Int) -> Int { sizes[i] * (requests[i].lastUse - requests[i].firstUse + 1) }
      let byArea = try place(
        requests, sizes,
        order: sorted(requests.count) { a, b in
          spans(a) != spans(b) ? spans(a) > spans(b) : goesBefore(a, b)
        })
      if byArea.arenaSize < best.arenaSize { best = byArea }
    }
    return Plan(offsets: best.offsets, arenaSize: best.arenaSize, lowerBound: bound)
  }

  /// 0..<count in the order `goesBefore` gives: an insertion sort, O(n²) as
  /// the placement is, and far less code than the standard library's sort
  /// in Embedded builds.
  private func sorted(_ count: Int, _ goesBefore: (Int, Int) -> Bool) -> [Int] {
    var order: [Int] = []
    order.reserveCapacity(count)
    for i in 0..<count {
      var k = order.count
      while k > 0 && goesBefore(i, order[k - 1]) { k -= 1 }
      order.insert(i, at: k)
    }
    return order
  }

  /// Places the requests in `order`, each at the lowest offset that
  /// overlaps no placed request alive with it.
  private func place(_ requests: [Request], _ sizes: [Int], order: [Int]) throws(GMLError)
    -> (offsets: [Int], arenaSize: Int)
  {
    var offsets = [Int](repeating: 0, count: requests.count)
    // The buffers placed so far, by offset.
    var placed: [Int] = []
    var arenaSize = 0
    for i in order where sizes[i] > 0 {
      var candidate = 0
      for j in placed where requests[j].overlapsInTime(requests[i]) {
        if candidate + sizes[i] <= offsets[j] { break }
        candidate = max(candidate, offsets[j] + sizes[j])
      }
      offsets[i] = candidate
      placed.insert(i, at: placed.firstIndex { offsets[$0] > candidate } ?? placed.count)
      let (end, overflow) = candidate.addingReportingOverflow(sizes[i])
      if overflow { throw GMLError(.limitExceeded, "arena size overflows") }
      arenaSize = max(arenaSize, end)
    }
    return (offsets, arenaSize)
  }

  /// The largest total of sizes live at any one operator.
  private func lowerBound(_ requests: [Request], _ sizes: [Int]) -> Int {
    var steps: [Int] = []
    for r in requests { steps.append(r.firstUse) }
    var best = 0
    for step in steps {
      var total = 0
      for (i, r) in requests.enumerated() where r.firstUse <= step && step <= r.lastUse {
        total += sizes[i]
      }
      best = max(best, total)
    }
    return best
  }

  private func alignUp(_ size: Int) throws(GMLError) -> Int {
    let (s, overflow) = size.addingReportingOverflow(alignment - 1)
    if overflow { throw GMLError(.limitExceeded, "tensor size overflows when aligned") }
    return s & ~(alignment - 1)
  }
}
