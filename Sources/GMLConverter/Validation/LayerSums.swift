// GMLConverter/Validation/LayerSums.swift — the running sums behind one layer's SQNR, cosine and max error.
import Foundation

/// Σ ref², Σ (ref − q)², Σ ref·q, Σ q² and max |ref − q| of one tensor pair,
/// summed per sample and merged in sample order, so the figures do not
/// depend on how many threads ran the samples.
struct LayerSums {
  var signal = 0.0
  var noise = 0.0
  var dot = 0.0
  var power = 0.0
  var maxAbs = 0.0
  /// True once a sample's two tensors had different element counts.
  var mismatched = false

  /// The sums of one sample's tensors `ref` and `q`.
  init(_ ref: UnsafeBufferPointer<Float>, _ q: UnsafeBufferPointer<Float>) {
    guard ref.count == q.count else {
      mismatched = true
      return
    }
    // Four lanes of partial sums over elements i ≡ lane (mod 4), added up
    // at the end: a fixed order, whatever the thread count (and few
    // enough registers for SSE2's sixteen).
    var sums = (
      signal: SIMD4<Double>(), noise: SIMD4<Double>(), dot: SIMD4<Double>(),
      power: SIMD4<Double>(), maxAbs: SIMD4<Double>()
    )
    let count = ref.count
    var i = 0
    if let r = ref.baseAddress, let p = q.baseAddress {
      let rr = UnsafeRawPointer(r)
      let pp = UnsafeRawPointer(p)
      while i + 4 <= count {
        let x = SIMD4<Double>(rr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD4<Float>.self))
        let y = SIMD4<Double>(pp.loadUnaligned(fromByteOffset: 4 * i, as: SIMD4<Float>.self))
        let d = x - y
        sums.signal += x * x
        sums.noise += d * d
        sums.dot += x * y
        sums.power += y * y
        let a = d.replacing(with: -d, where: d .< 0)
        sums.maxAbs.replace(with: a, where: a .> sums.maxAbs)
        i += 4
      }
    }
    signal = sums.signal.sum()
    noise = sums.noise.sum()
    dot = sums.dot.sum()
    power = sums.power.sum()
    maxAbs = sums.maxAbs.max()
    for j in i..<count {
      let x = Double(ref[j])
      let y = Double(q[j])
      signal += x * x
      noise += (x - y) * (x - y)
      dot += x * y
      power += y * y
      maxAbs = max(maxAbs, abs(x - y))
    }
  }

  /// No samples yet.
  init() {}

  /// Adds the next sample's sums.
  mutating func merge(_ other: LayerSums) {
    signal += other.signal
    noise += other.noise
    dot += other.dot
    power += other.power
    maxAbs = max(maxAbs, other.maxAbs)
    mismatched = mismatched || other.mismatched
  }

  /// The figures, or nil when the tensors' sizes differed.
  func layerError(name: String, op: String) -> LayerError? {
    guard !mismatched else { return nil }
    let sqnr = noise == 0 ? Double.infinity : 10 * log10(signal / noise)
    let norms = (signal * power).squareRoot()
    let cosine = norms == 0 ? (signal == power ? 1 : 0) : dot / norms
    return LayerError(name: name, op: op, sqnrDB: sqnr, cosine: cosine, maxAbsError: maxAbs)
  }
}
