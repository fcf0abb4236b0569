// GMLConverter/ConversionLimits.swift — every bound a conversion's inputs must stay within, in one place.
import GMLFlatBuffers
import GMLNumPy

/// The bounds `Converter.convert(input:output:options:progress:)` and
/// `Validation.validate` check before they allocate for what a file says,
/// so a hostile or broken file costs bounded memory and time and gets an
/// error that names the limit. The defaults fit every model a `.gml` file
/// can hold (2 GiB); raise a field of `ConversionOptions.limits` to go past
/// one. `gml` itself always uses the defaults.
public struct ConversionLimits: Equatable, Sendable {
  /// gml-float models: file and JSON size, nesting, archives, tensor and
  /// node counts, constant elements, and links out of the model's folder.
  public var gmlFloat: GMLFloatLimits
  /// The largest `.tflite` file read, in bytes.
  public var maxTFLiteFileBytes: Int
  /// `.tflite` models: the FlatBuffers verifier's depth, table visits,
  /// size and vector length.
  public var tflite: VerifierLimits
  /// The most operators a `.tflite` model's subgraph 0 may have (as
  /// `gmlFloat.maxNodes`: some passes take time quadratic in it).
  public var maxTFLiteOperators: Int
  /// Calibration and validation data: each `.npy` array, alone or in a
  /// `.npz` (header length, bytes, rank).
  public var npy: NPYLimits
  /// A `.npz` of calibration or validation arrays (entries, size, ratio).
  public var npz: ZipLimits

  /// - Parameters:
  ///   - gmlFloat: gml-float limits (`GMLFloatLimits()` by default).
  ///   - maxTFLiteFileBytes: 2 GiB by default.
  ///   - tflite: verifier limits (depth 64, 1,000,000 tables, 2 GiB).
  ///   - maxTFLiteOperators: 10,000 by default.
  ///   - npy: `.npy` limits (64 KiB header, 2 GiB, rank 8).
  ///   - npz: archive limits (10,000 entries, 2 GiB, ratio 1,100).
  public init(
    gmlFloat: GMLFloatLimits = GMLFloatLimits(), maxTFLiteFileBytes: Int = 2 << 30,
    tflite: VerifierLimits = VerifierLimits(), maxTFLiteOperators: Int = 10_000,
    npy: NPYLimits = NPYLimits(), npz: ZipLimits = ZipLimits()
  ) {
    self.gmlFloat = gmlFloat
    self.maxTFLiteFileBytes = maxTFLiteFileBytes
    self.tflite = tflite
    self.maxTFLiteOperators = maxTFLiteOperators
    self.npy = npy
    self.npz = npz
  }

  /// The largest `.npy` file within `npy`: data, header and preamble.
  var maxNPYFileBytes: Int { saturatingSum(npy.maxBytes, npy.maxHeaderLength, 12) }

  /// The largest `.npz` file within `npz`: data and up to 64 MiB of headers.
  var maxNPZFileBytes: Int { saturatingSum(npz.maxTotalBytes, 64 << 20) }

  /// The sum of `terms`, or `Int.max` when it overflows.
  private func saturatingSum(_ terms: Int...) -> Int {
    var total = 0
    for term in terms {
      let (sum, overflow) = total.addingReportingOverflow(term)
      if overflow { return Int.max }
      total = sum
    }
    return total
  }
}
