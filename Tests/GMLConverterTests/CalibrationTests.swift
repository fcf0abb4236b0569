// GMLConverterTests/CalibrationTests.swift — Calibrator ranges: minmax, percentile and mse on known distributions; digits.
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class CalibrationTests: XCTestCase {
  /// A graph `x [1, n] → Relu → r` and samples of `values` split in `parts`.
  func ranges(
    _ values: [Float], parts: Int, _ method: CalibrationMethod, percentile: Double = 99.99
  )
    throws -> [String: TensorRange]
  {
    let n = values.count / parts
    var b = GraphBuilder()
    b.input("x", [1, n])
    b.node(.relu, ["x"], "r")
    let graph = try b.finished(["r"])
    let samples = CalibrationSamples(
      inputNames: ["x"], samples: (0..<parts).map { [Array(values[($0 * n)..<(($0 + 1) * n)])] },
      sourceName: "test.npy")
    var seen: [Int] = []
    let result = try Calibrator.ranges(
      of: graph, samples: samples, method: method, percentile: percentile
    ) { done, total in
      XCTAssertEqual(total, parts)
      seen.append(done)
    }
    XCTAssertEqual(seen, Array(1...parts))
    return result
  }

  /// Samples run on several workers give the ranges one worker finds: the
  /// estimators take them in order (here the histograms grow sample by
  /// sample, so an order change would move the percentile and mse ranges).
  func testWorkersGiveTheRangesOfOneThread() throws {
    var b = GraphBuilder()
    b.input("x", [1, 16])
    b.node(.relu, ["x"], "r")
    let graph = try b.finished(["r"])
    var rng = SplitMix64(seed: 121)
    let samples = CalibrationSamples(
      inputNames: ["x"],
      samples: (0..<11).map { s in
        [(0..<16).map { _ in (Float(rng.next() >> 40) / Float(1 << 24) - 0.3) * Float(s + 1) }]
      }, sourceName: "test.npy")
    for method in CalibrationMethod.allCases {
      let one = try Calibrator.ranges(of: graph, samples: samples, method: method, threads: 1)
      for threads in [2, 3, 16] {
        var seen: [Int] = []
        let many = try Calibrator.ranges(
          of: graph, samples: samples, method: method, threads: threads
        ) { done, _ in seen.append(done) }
        XCTAssertEqual(many, one, "\(method) \(threads)")
        XCTAssertEqual(seen, Array(1...11))
      }
    }
  }

  func testMinMaxIsTheGlobalRangeOverSamples() throws {
    let values: [Float] = (0..<400).map { Float($0) / 100 - 1 }  // -1 ... 2.99
    let r = try ranges(values, parts: 4, .minmax)
    XCTAssertEqual(r["x"], TensorRange(min: -1, max: 2.99))
    XCTAssertEqual(r["r"], TensorRange(min: 0, max: 2.99))
  }

  func testPercentileDropsRareOutliers() throws {
    // 9,990 values uniform in [0, 1), 10 outliers at 50: 0.1% of the values.
    var values: [Float] = (0..<9_990).map { Float($0) / 9_990 }
    values += [Float](repeating: 50, count: 10)
    let kept = try ranges(values, parts: 10, .percentile, percentile: 99.8)
    XCTAssertEqual(kept["x"]?.max ?? 0, 1, accuracy: 0.1)
    XCTAssertEqual(kept["x"]?.min ?? -1, 0, accuracy: 0.05)
    let all = try ranges(values, parts: 10, .percentile, percentile: 99.99)
    XCTAssertEqual(all["x"]?.max ?? 0, 50, accuracy: 0.1)
  }

  func testMSEClipsTheTailsOfAGaussian() throws {
    var rng = SplitMix64(seed: 3)
    let values: [Float] = (0..<40_000).map { _ in
      let u = Float.random(in: 1e-7..<1, using: &rng)
      let v = Float.random(in: 0..<1, using: &rng)
      return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    let minmax = try XCTUnwrap(try ranges(values, parts: 4, .minmax)["x"])
    let mse = try XCTUnwrap(try ranges(values, parts: 4, .mse)["x"])
    XCTAssertLessThan(mse.max, minmax.max)
    XCTAssertGreaterThan(mse.max, 2.5)
    XCTAssertGreaterThan(mse.min, minmax.min)
    XCTAssertLessThan(mse.min, -2.5)
    XCTAssertLessThan(error(values, mse), error(values, minmax))
  }

  /// The int8 quantization MSE of `values` over `range`.
  func error(_ values: [Float], _ range: TensorRange) -> Float {
    let q = ActivationQuantization(range)
    return values.reduce(0) { $0 + ($1 - q.fakeQuantize($1)) * ($1 - q.fakeQuantize($1)) }
  }

  func testDigitsRangesCoverEveryActivation() throws {
    let digits = RepositoryPaths.root(from: #filePath).appendingPathComponent("samples/digits")
    var graph = try GMLFloatLoader.load(path: digits.appendingPathComponent("model.json").path)
    _ = try Converter.optimize(&graph)
    let samples = try CalibrationSamples.load(
      path: digits.appendingPathComponent("calibration.npy").path,
      inputs: [(name: "image", shape: [1, 8, 8, 1])])
    XCTAssertEqual(samples.samples.count, 100)
    XCTAssertEqual(samples.sourceName, "calibration.npy")
    for method in CalibrationMethod.allCases {
      let r = try Calibrator.ranges(of: graph, samples: samples, method: method)
      for name in graph.inputs + graph.nodes.flatMap(\.outputs) {
        let range = try XCTUnwrap(r[name], "\(method) \(name)")
        XCTAssertLessThanOrEqual(range.min, range.max)
      }
      XCTAssertEqual(r["image"]?.min ?? -1, 0, accuracy: 1e-6)
      XCTAssertLessThanOrEqual(r["probs"]?.max ?? 2, 1)
    }
  }
}
