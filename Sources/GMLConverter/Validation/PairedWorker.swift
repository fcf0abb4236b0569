// GMLConverter/Validation/PairedWorker.swift — one thread's reference and converted interpreters: runs a sample on both and sums its layer errors.
import GMLCore
import GMLFormat

/// A reference and a converted interpreter (`SampleWorker`s) that run the
/// same sample, then reduce it to per-layer sums and its first outputs, so
/// no sample's activations outlive it.
final class PairedWorker: @unchecked Sendable {
  let reference: SampleWorker
  let converted: SampleWorker
  /// The last sample's sums, one per matched layer.
  private(set) var sums: [LayerSums] = []
  /// The last sample's first outputs as real numbers (reference, converted).
  private(set) var outputs: (reference: [Float], converted: [Float]) = ([], [])
  /// What the last sample threw, and which model threw it.
  private(set) var failure: (error: GMLError, isReference: Bool)?
  /// Scratch for one tensor pair's values, grown to the largest tensor.
  private var left: [Float] = []
  private var right: [Float] = []

  init(reference: borrowing Model, converted: borrowing Model) throws(PairedFailure) {
    do {
      self.reference = try SampleWorker(reference)
    } catch {
      throw PairedFailure(error: error, isReference: true)
    }
    do {
      self.converted = try SampleWorker(converted)
    } catch {
      throw PairedFailure(error: error, isReference: false)
    }
  }

  /// Runs `sample` on both models and reduces it: `pairs` to `sums`,
  /// `output` (when both sides have one) to `outputs`.
  func run(
    _ sample: [[Float]], positions: (reference: [Int], converted: [Int]),
    pairs: [(reference: ComparedTensor, converted: ComparedTensor)],
    output: (reference: ComparedTensor, converted: ComparedTensor)?
  ) {
    failure = nil
    reference.run(sample, positions: positions.reference)
    if let error = reference.failure {
      failure = (error, true)
      return
    }
    converted.run(sample, positions: positions.converted)
    if let error = converted.failure {
      failure = (error, false)
      return
    }
    sums = pairs.map { pair in
      let (n, m) = load(pair)
      return left.withUnsafeBufferPointer { l in
        right.withUnsafeBufferPointer { r in
          LayerSums(UnsafeBufferPointer(rebasing: l[..<n]), UnsafeBufferPointer(rebasing: r[..<m]))
        }
      }
    }
    if let output {
      let (n, m) = load(output)
      outputs = (Array(left[..<n]), Array(right[..<m]))
    }
  }

  /// Decodes the pair's tensors into `left` and `right`; returns their
  /// element counts.
  private func load(_ pair: (reference: ComparedTensor, converted: ComparedTensor)) -> (Int, Int) {
    let n = reference.withTensorBytes(at: pair.reference.index) { bytes in
      Self.decode(bytes, pair.reference, into: &left)
    }
    let m = converted.withTensorBytes(at: pair.converted.index) { bytes in
      Self.decode(bytes, pair.converted, into: &right)
    }
    return (n, m)
  }

  /// Decodes `bytes` of `tensor` into `values`, grown when too short;
  /// returns the element count.
  private static func decode(
    _ bytes: UnsafeRawBufferPointer, _ tensor: ComparedTensor, into values: inout [Float]
  ) -> Int {
    let count = tensor.count(bytes)
    if values.count < count { values = [Float](repeating: 0, count: count) }
    values.withUnsafeMutableBufferPointer { tensor.decode(bytes, into: $0) }
    return count
  }
}

/// A runtime error of one of the two models of a `PairedRun`.
struct PairedFailure: Error {
  var error: GMLError
  var isReference: Bool
}
