// GMLConverter/Calibration/CalibrationSamples.swift — calibration data from .npy, .npz or a folder of .npy files.
import Foundation
import GMLCore
import GMLNumPy

/// The samples int8 calibration runs the float graph on, one batch-1
/// sample at a time.
public struct CalibrationSamples: Sendable {
  /// The model's input names, in order.
  public let inputNames: [String]
  /// `samples[s][inputIndex]`: the values of one batch-1 sample, row-major.
  public let samples: [[[Float]]]
  /// The file or folder name, for metadata.
  public let sourceName: String

  /// Samples given directly (tests, API users).
  public init(inputNames: [String], samples: [[[Float]]], sourceName: String) {
    self.inputNames = inputNames
    self.samples = samples
    self.sourceName = sourceName
  }

  /// Loads calibration samples.
  ///
  /// Accepts a `.npy` with a leading sample axis (single-input models:
  /// shape `[N, ...input dims without batch]` or `[N, 1, ...]`), a `.npz`
  /// with one array per model input (array name = input name), or a folder
  /// of `.npy` files (one sample each, sorted by name, or each with a
  /// leading sample axis). float32, or int32/int64 (an int32 input's
  /// indices; whole numbers exact as float32).
  /// - Parameters:
  ///   - path: the file or folder.
  ///   - inputs: the model's inputs with their shapes (batch first).
  ///   - limits: `npy` bounds each array (and each file's size), `npz` an archive.
  /// - Throws: `ConversionError` naming the file: unreadable, too large,
  ///   wrong dtype, wrong shape, no samples, NaN/Inf (sample and element),
  ///   missing array.
  public static func load(
    path: String, inputs: [(name: String, shape: [Int])],
    limits: ConversionLimits = ConversionLimits()
  ) throws(ConversionError) -> CalibrationSamples {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConversionError(file: path, "cannot read the calibration data: no such file or folder")
    }
    var perInput: [[[Float]]]
    if isDirectory.boolValue {
      perInput = [try loadFolder(path, inputs, limits)]
    } else if path.hasSuffix(".npz") {
      perInput = try loadArchive(path, inputs, limits)
    } else {
      guard inputs.count == 1 else {
        throw ConversionError(
          file: path,
          "the model has \(inputs.count) inputs; give a .npz with one array per input")
      }
      let array = try readArray(try readFile(path, limits), file: path, limits)
      perInput = [try split(array, inputs[0], file: path)]
    }
    let count = perInput[0].count
    for (i, values) in perInput.enumerated() where values.count != count {
      throw ConversionError(
        file: path, "input '\(inputs[i].name)' has \(values.count) samples, expected \(count)")
    }
    guard count > 0 else { throw ConversionError(file: path, "the calibration data has 0 samples") }
    let samples = (0..<count).map { s in perInput.map { $0[s] } }
    return CalibrationSamples(
      inputNames: inputs.map(\.name), samples: samples,
      sourceName: URL(fileURLWithPath: path).lastPathComponent)
  }

  /// The file at `path`, refused before it is read when it is larger
  /// than a `.npy` or `.npz` within `limits` can be.
  static func readFile(_ path: String, _ limits: ConversionLimits) throws(ConversionError)
    -> [UInt8]
  {
    let maxBytes = path.hasSuffix(".npz") ? limits.maxNPZFileBytes : limits.maxNPYFileBytes
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= maxBytes else {
      throw ConversionError(
        file: path, "file of \(size) bytes is above the limit of \(maxBytes) (ConversionLimits)")
    }
    do throws(GMLError) { return try OutputFile.read(path) } catch {
      throw ConversionError(file: path, "cannot read the calibration data")
    }
  }

  /// Parses `.npy` bytes within `limits.npy`: float32, or int32/int64 (the
  /// indices of an int32 input) widened to float32 values, each exact.
  static func readArray(_ bytes: [UInt8], file: String, _ limits: ConversionLimits)
    throws(ConversionError) -> NumPyArray
  {
    let array: NumPyArray
    do throws(GMLError) { array = try NPY.read(bytes, limits: limits.npy) } catch {
      let header = String(decoding: bytes.prefix(256), as: UTF8.self)
      if header.contains("f8") {
        throw ConversionError(
          file: file, "calibration data is float64; convert with astype(np.float32)")
      }
      throw ConversionError(file: file, error)
    }
    if let integers = array.int64Values()?.map({ Int($0) }) ?? array.int32Values()?.map({ Int($0) })
    {
      if let bad = integers.firstIndex(where: { Float(exactly: $0) == nil }) {
        throw ConversionError(
          file: file, "element \(bad) is \(integers[bad]), not exactly representable as float32")
      }
      do throws(GMLError) {
        return try NumPyArray(float32: integers.map { Float($0) }, shape: array.shape)
      } catch {
        throw ConversionError(file: file, error)
      }
    }
    guard array.type == .float32, let _ = array.float32Values() else {
      throw ConversionError(
        file: file,
        "calibration data is \(array.type), expected float32 (or int32 indices); convert with "
          + "astype(np.float32)")
    }
    return array
  }

  /// Splits an array with a leading sample axis into samples of `input`'s
  /// batch-1 shape, checking each value is finite.
  static func split(
    _ array: NumPyArray, _ input: (name: String, shape: [Int]), file: String
  ) throws(ConversionError) -> [[Float]] {
    let sampleDims = Array(input.shape.dropFirst())
    let dims = array.shape.dims
    let perSample = sampleDims.reduce(1, *)
    let shapeText = "[\(dims.map(String.init).joined(separator: ", "))]"
    let wanted = "[N, \(sampleDims.map(String.init).joined(separator: ", "))]"
    guard !dims.isEmpty,
      Array(dims.dropFirst()) == sampleDims || Array(dims.dropFirst()) == input.shape
    else {
      throw ConversionError(
        file: file,
        "calibration array has shape \(shapeText); input '\(input.name)' needs \(wanted)")
    }
    let values = array.float32Values() ?? []
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw ConversionError(
        file: file,
        "sample \(bad / max(perSample, 1)) element \(bad % max(perSample, 1)) is \(values[bad]); "
          + "calibration data must be finite")
    }
    return (0..<dims[0]).map { Array(values[($0 * perSample)..<(($0 + 1) * perSample)]) }
  }

  /// One array per input, named after it (`image` or `image.npy`).
  static func loadArchive(
    _ path: String, _ inputs: [(name: String, shape: [Int])], _ limits: ConversionLimits
  ) throws(ConversionError) -> [[[Float]]] {
    let archive = try ZipArchive(bytes: try readFile(path, limits), file: path, limits: limits.npz)
    var result: [[[Float]]] = []
    for input in inputs {
      guard
        let entry = archive.entry(named: input.name + ".npy") ?? archive.entry(named: input.name)
      else {
        throw ConversionError(file: path, "no array named '\(input.name)' for model input")
      }
      let place = "\(path)[\(entry.name)]"
      result.append(
        try split(
          try readArray(try archive.data(of: entry), file: place, limits), input, file: place))
    }
    return result
  }

  /// A folder of `.npy` files, sorted by name: one sample each, or each
  /// with a leading sample axis.
  static func loadFolder(
    _ path: String, _ inputs: [(name: String, shape: [Int])], _ limits: ConversionLimits
  ) throws(ConversionError) -> [[Float]] {
    guard inputs.count == 1 else {
      throw ConversionError(
        file: path, "the model has \(inputs.count) inputs; give a .npz with one array per input")
    }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
      .filter { $0.hasSuffix(".npy") }.sorted()
    var samples: [[Float]] = []
    for name in names {
      let file = (path as NSString).appendingPathComponent(name)
      let array = try readArray(try readFile(file, limits), file: file, limits)
      let single = array.shape.dims == Array(inputs[0].shape.dropFirst())
      if single {
        let batched = try? NumPyArray(
          float32: array.float32Values() ?? [], shape: Shape([1] + array.shape.dims))
        samples += try split(batched ?? array, inputs[0], file: file)
      } else {
        samples += try split(array, inputs[0], file: file)
      }
    }
    return samples
  }
}
