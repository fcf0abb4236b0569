// GMLRuntime/WorkSplit.swift — how one operator's output is cut into tasks for the thread pool: a grid of row parts by channel parts.
import GMLKernels

/// A fast kernel's output cut into `taskCount` tasks that threads run
/// independently: `rowParts` ranges of rows (output pixels, or output
/// rows) by `channelParts` ranges of channels, each range made of whole
/// steps (a GEMM tile's rows, a packed block's channels), balanced in
/// steps. Rows are split first; channels too when there are fewer row
/// steps than tasks wanted (a late, small feature map with many channels,
/// or a FullyConnected on one row).
/// Work below `minimumMACsPerTask(_:)` per task is not split further: a
/// task costs about a microsecond to hand over.
struct WorkSplit: Equatable {
  let rows: Int
  let rowStep: Int
  let rowParts: Int
  let channels: Int
  let channelStep: Int
  let channelParts: Int

  /// Below this many multiply-accumulates per task, fewer tasks: about
  /// half a microsecond of the tier's kernels. Two threads on Zen 4, the
  /// median `gml bench --threads 2` of the sample models with 16,384,
  /// 32,768, 65,536 and 131,072: AVX-512 VNNI (150–200 GMAC/s) runs best
  /// at 65,536 (DS-CNN 29.0 → 27.5 µs, MobileNetV1 84 → 79, MobileNetV2
  /// 162 → 156 against 16,384), AVX2 at 16,384 (DS-CNN 48 µs, 55 at
  /// 65,536); the other tiers, not timed on two cores here, keep 16,384.
  static func minimumMACsPerTask(_ isa: ISATier) -> Int {
    isa == .avx512VNNI ? 65_536 : 16_384
  }
  /// Tasks per thread: a few, so a thread slowed by another process
  /// leaves its share to the others.
  static let tasksPerThread = 4

  /// The number of tasks.
  var taskCount: Int { rowParts * channelParts }

  /// The split for `threads` threads.
  /// - Parameters:
  ///   - rows: the output's rows.
  ///   - rowStep: rows a part is a multiple of (except the last).
  ///   - channels: the output's channels.
  ///   - channelStep: channels a part is a multiple of (except the last).
  ///   - macs: the operator's multiply-accumulates, to size the tasks.
  ///   - threads: the threads that will run the tasks.
  ///   - isa: the tier of the kernel that runs them (`minimumMACsPerTask(_:)`).
  init(
    rows: Int, rowStep: Int, channels: Int, channelStep: Int, macs: Int, threads: Int,
    isa: ISATier = .portable
  ) {
    self.rows = rows
    self.rowStep = max(rowStep, 1)
    self.channels = channels
    self.channelStep = max(channelStep, 1)
    let rowUnits = (rows + self.rowStep - 1) / self.rowStep
    let channelUnits = (channels + self.channelStep - 1) / self.channelStep
    let wanted =
      threads <= 1
      ? 1 : min(threads * WorkSplit.tasksPerThread, macs / WorkSplit.minimumMACsPerTask(isa))
    rowParts = max(1, min(rowUnits, wanted))
    channelParts = max(1, min(channelUnits, wanted / rowParts))
  }

  /// The rows of task `task`.
  /// - Parameter task: in `0..<taskCount`.
  /// - Returns: a range of whole `rowStep`s within `0..<rows`.
  func rows(ofTask task: Int) -> Range<Int> {
    WorkSplit.part(task / channelParts, of: rowParts, total: rows, step: rowStep)
  }

  /// The channels of task `task`.
  /// - Parameter task: in `0..<taskCount`.
  /// - Returns: a range of whole `channelStep`s within `0..<channels`.
  func channels(ofTask task: Int) -> Range<Int> {
    WorkSplit.part(task % channelParts, of: channelParts, total: channels, step: channelStep)
  }

  /// One task's share of the output.
  struct Task {
    let rows: Range<Int>
    let channels: Range<Int>
  }

  /// Every task's rows and channels, in task order.
  var tasks: [Task] {
    (0..<taskCount).map { Task(rows: rows(ofTask: $0), channels: channels(ofTask: $0)) }
  }

  /// Part `index` of `parts` nearly equal parts of `total`, in whole steps.
  static func part(_ index: Int, of parts: Int, total: Int, step: Int) -> Range<Int> {
    let units = (total + step - 1) / step
    let lower = min(index * units / parts * step, total)
    let upper = min((index + 1) * units / parts * step, total)
    return lower..<upper
  }
}
