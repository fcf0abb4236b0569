// GMLRuntime/ArenaLayout.swift — the arena of a graph: its stored memory plan, checked, or a fresh ArenaPlanner plan.
import GMLCore
import GMLFormat

/// Where each arena tensor lives and how big the arena is.
struct ArenaLayout {
  /// One offset per tensor; -1 for tensors outside the arena.
  var offsets: [Int]
  var size: Int
  /// The arena's alignment in bytes (at least 16).
  var alignment: Int
  /// Whether the offsets came from the model's stored plan.
  var isStored: Bool

  /// The largest arena or alignment accepted from a file.
  static let maxSize = Int(Int32.max)
  static let maxAlignment = 4096

  /// Uses `graph`'s stored memory plan when it has one, after checking it
  /// against the tensors' lifetimes; plans the arena otherwise.
  ///
  /// Checking a stored plan: every arena tensor has an offset, aligned to
  /// the plan's alignment and its element size, inside `arena_size`, and no
  /// two tensors alive at the same operator share a byte. Cost O(n²) in
  /// the arena tensors.
  ///
  /// - Throws: `arenaTooSmall` at a tensor past `arena_size`; `malformed`
  ///   for an activation without an offset or two live tensors that
  ///   overlap; `misaligned`; `limitExceeded` for an arena or alignment
  ///   beyond `maxSize` / `maxAlignment`.
  /// With `preserveAll`, the stored plan is ignored and every tensor gets
  /// bytes of its own, so all of them can be read after `invoke`. Without
  /// `keepingInputs` activations may reuse the graph inputs' bytes once
  /// read (`ArenaPlanner.plan(_:keepingInputs:)`); a stored plan is used
  /// only where it was made the same way.
  init(_ graph: Subgraph, preserveAll: Bool = false, keepingInputs: Bool = true)
    throws(GMLError)
  {
    if preserveAll {
      let lifetimes = try ArenaPlanner.lifetimes(of: graph)
      let whole = lifetimes.map {
        ArenaPlanner.Request(size: $0.request.size, firstUse: 0, lastUse: 0)
      }
      let plan = try ArenaPlanner().plan(whole)
      var offsets = [Int](repeating: -1, count: graph.tensorCount)
      for (r, l) in lifetimes.enumerated() { offsets[l.tensor] = plan.offsets[r] }
      if plan.arenaSize > ArenaLayout.maxSize {
        throw GMLError(.limitExceeded, "arena larger than 2 GiB")
      }
      self.init(offsets: offsets, size: plan.arenaSize, alignment: 16, isStored: false)
      return
    }
    guard let stored = ArenaLayout.storedPlan(graph, keepingInputs: keepingInputs) else {
      let plan = try ArenaPlanner().plan(graph, keepingInputs: keepingInputs)
      if plan.arenaSize > ArenaLayout.maxSize {
        throw GMLError(.limitExceeded, "arena larger than 2 GiB")
      }
      self.init(offsets: plan.offsets, size: plan.arenaSize, alignment: 16, isStored: false)
      return
    }
    if stored.arenaSize > UInt64(ArenaLayout.maxSize) {
      throw GMLError(.limitExceeded, "memory_plan.arena_size larger than 2 GiB")
    }
    if stored.alignment > UInt32(ArenaLayout.maxAlignment) {
      throw GMLError(.limitExceeded, "memory_plan.alignment above 4096")
    }
    let size = Int(stored.arenaSize)
    let alignment = Int(stored.alignment)
    let lifetimes = try ArenaPlanner.lifetimes(of: graph, keepingInputs: keepingInputs)
    var offsets = [Int](repeating: -1, count: graph.tensorCount)
    for l in lifetimes where l.request.size > 0 {
      let t = l.tensor
      let raw = stored.offsets[t]
      guard raw >= 0 else {
        throw GMLError(.malformed, at: .tensor(t), "memory plan leaves an activation out")
      }
      guard raw <= Int64(size) - Int64(l.request.size) else {
        throw GMLError(.arenaTooSmall, at: .tensor(t), "memory plan puts a tensor past arena_size")
      }
      let offset = Int(raw)
      if offset % alignment != 0 || offset % graph.tensorAt(t).type.byteSize != 0 {
        throw GMLError(.misaligned, at: .tensor(t), "memory plan offset breaks its alignment")
      }
      offsets[t] = offset
    }
    for (i, a) in lifetimes.enumerated() where a.request.size > 0 {
      for b in lifetimes[(i + 1)...] where b.request.size > 0 {
        let live =
          a.request.firstUse <= b.request.lastUse && b.request.firstUse <= a.request.lastUse
        let (x, y) = (offsets[a.tensor], offsets[b.tensor])
        if live && x < y + b.request.size && y < x + a.request.size {
          throw GMLError(
            .malformed, at: .tensor(b.tensor), "memory plan overlaps two tensors alive together")
        }
      }
    }
    self.init(offsets: offsets, size: size, alignment: max(alignment, 16), isStored: true)
  }

  /// The alignment the arena of `graph` gets: 16, or its stored plan's
  /// when larger and used (not with `preserveAll`; made `keepingInputs`
  /// or not as asked).
  static func alignment(_ graph: Subgraph, preserveAll: Bool, keepingInputs: Bool) -> Int {
    guard !preserveAll, let stored = storedPlan(graph, keepingInputs: keepingInputs) else {
      return 16
    }
    return max(Int(stored.alignment), 16)
  }

  /// `graph`'s stored plan if it was made keeping the inputs as asked.
  private static func storedPlan(_ graph: Subgraph, keepingInputs: Bool)
    -> MemoryPlanDefinition?
  {
    guard let stored = graph.memoryPlan, stored.inputsReused != keepingInputs else { return nil }
    return stored
  }

  private init(offsets: [Int], size: Int, alignment: Int, isStored: Bool) {
    self.offsets = offsets
    self.size = size
    self.alignment = alignment
    self.isStored = isStored
  }
}
