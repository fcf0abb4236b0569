// GMLTestSupport/ReferenceRecurrent.swift — Keras' LSTM and GRU in Double, written from the formulas, for checking the kernels and the converter.
import Foundation

/// A recurrent layer's stacked constants: per gate `units` rows of input
/// weights (`features` wide) and of recurrent weights (`units` wide), and
/// the bias rows.
public protocol RecurrentConstants {
  var units: Int { get }
  var features: Int { get }
  var inputWeights: [Float] { get }
  var recurrentWeights: [Float] { get }
  var bias: [Float] { get }
}

extension RecurrentConstants {
  /// Gate `g`'s rows of `stacked` (`width` columns each; a GRU's bias has
  /// its input gates 0–2, then its recurrent ones 3–5).
  public func gate(_ g: Int, of stacked: [Float], width: Int) -> [Float] {
    Array(stacked[(g * units * width)..<((g + 1) * units * width)])
  }

  /// Seeded random weights and biases in ±`scale`.
  static func random(
    gates: Int, units: Int, features: Int, biasRows: Int, scale: Float, seed: UInt64
  ) -> ([Float], [Float], [Float]) {
    var rng = SplitMix64(seed: seed)
    func values(_ n: Int) -> [Float] {
      (0..<n).map { _ in Float.random(in: -scale...scale, using: &rng) }
    }
    let w = values(gates * units * features)
    let r = values(gates * units * units)
    return (w, r, values(biasRows * gates * units))
  }
}

/// An LSTM's constants in Keras' stacked layout: input weights
/// `[4·units, features]`, recurrent weights `[4·units, units]`, bias
/// `[4·units]`, gates in the order input, forget, cell, output.
public struct ReferenceLSTM: RecurrentConstants {
  public let units: Int
  public let features: Int
  public let inputWeights: [Float]
  public let recurrentWeights: [Float]
  public let bias: [Float]

  /// Random constants in ±`scale`.
  public init(units: Int, features: Int, scale: Float = 0.5, seed: UInt64) {
    self.units = units
    self.features = features
    (inputWeights, recurrentWeights, bias) = Self.random(
      gates: 4, units: units, features: features, biasRows: 1, scale: scale, seed: seed)
  }

  /// Every step's hidden state of each sequence of `x` (`[batch, steps,
  /// features]`, batch-major), from zero states, with `activation` for the
  /// candidate and the output and the cell clipped to ±`clip` when
  /// positive; and the largest |c| taken.
  public func run(
    _ x: [Float], batch: Int, steps: Int, clip: Double = 0,
    activation: (Double) -> Double = { Foundation.tanh($0) }
  ) -> (output: [Double], cellExtent: Double) {
    let sigmoid = { (v: Double) in 1 / (1 + exp(-v)) }
    var out: [Double] = []
    var extent = 0.0
    for b in 0..<batch {
      var h = [Double](repeating: 0, count: units)
      var c = [Double](repeating: 0, count: units)
      for t in 0..<steps {
        let row = (b * steps + t) * features
        var z = [Double](repeating: 0, count: 4 * units)
        for j in 0..<(4 * units) {
          var sum = Double(bias[j])
          for k in 0..<features {
            sum += Double(inputWeights[j * features + k]) * Double(x[row + k])
          }
          for k in 0..<units { sum += Double(recurrentWeights[j * units + k]) * h[k] }
          z[j] = sum
        }
        for u in 0..<units {
          let i = sigmoid(z[u])
          let f = sigmoid(z[units + u])
          let g = activation(z[2 * units + u])
          let o = sigmoid(z[3 * units + u])
          c[u] = f * c[u] + i * g
          if clip > 0 { c[u] = min(max(c[u], -clip), clip) }
          extent = max(extent, abs(c[u]))
          h[u] = o * activation(c[u])
        }
        out += h
      }
    }
    return (out, extent)
  }
}

/// A GRU's constants in Keras' stacked layout (`reset_after`): input
/// weights `[3·units, features]`, recurrent weights `[3·units, units]`,
/// bias `[2, 3·units]` (input, then recurrent), gates in the order update,
/// reset, candidate.
public struct ReferenceGRU: RecurrentConstants {
  public let units: Int
  public let features: Int
  public let inputWeights: [Float]
  public let recurrentWeights: [Float]
  public let bias: [Float]

  /// Random constants in ±`scale`.
  public init(units: Int, features: Int, scale: Float = 0.5, seed: UInt64) {
    self.units = units
    self.features = features
    (inputWeights, recurrentWeights, bias) = Self.random(
      gates: 3, units: units, features: features, biasRows: 2, scale: scale, seed: seed)
  }

  /// Every step's state of each sequence of `x` (`[batch, steps,
  /// features]`), from a zero state, with `activation` for the candidate.
  public func run(
    _ x: [Float], batch: Int, steps: Int, activation: (Double) -> Double = { Foundation.tanh($0) }
  ) -> [Double] {
    let sigmoid = { (v: Double) in 1 / (1 + exp(-v)) }
    var out: [Double] = []
    for b in 0..<batch {
      var h = [Double](repeating: 0, count: units)
      for t in 0..<steps {
        let row = (b * steps + t) * features
        var input = [Double](repeating: 0, count: 3 * units)
        var state = [Double](repeating: 0, count: 3 * units)
        for j in 0..<(3 * units) {
          input[j] = Double(bias[j])
          for k in 0..<features {
            input[j] += Double(inputWeights[j * features + k]) * Double(x[row + k])
          }
          state[j] = Double(bias[3 * units + j])
          for k in 0..<units { state[j] += Double(recurrentWeights[j * units + k]) * h[k] }
        }
        for u in 0..<units {
          let z = sigmoid(input[u] + state[u])
          let r = sigmoid(input[units + u] + state[units + u])
          let g = activation(input[2 * units + u] + r * state[2 * units + u])
          h[u] = z * h[u] + (1 - z) * g
        }
        out += h
      }
    }
    return out
  }
}
