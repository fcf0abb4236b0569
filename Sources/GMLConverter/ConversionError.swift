// GMLConverter/ConversionError.swift — a converter error that names the file and the place in it.
import GMLCore

/// An error found while loading or converting a model: which file, where in
/// it (a JSON path such as `nodes[3].attrs.strides`, an archive entry, or a
/// node), and what was expected. Printed as `file:place: error: message`.
public struct ConversionError: Error, Equatable, CustomStringConvertible {
  /// The file the problem is in, as the user named it.
  public var file: String
  /// The place inside the file: JSON path, archive entry, or node; may be empty.
  public var place: String
  /// What is wrong and what was expected.
  public var message: String

  public init(file: String, place: String = "", _ message: String) {
    self.file = file
    self.place = place
    self.message = message
  }

  /// Wraps a runtime-side error (zlib, .npy, shapes) found at `place`.
  public init(file: String, place: String = "", _ error: GMLError) {
    self.init(file: file, place: place, "\(error.kind.name): \(error.detail)")
  }

  public var description: String {
    place.isEmpty ? "\(file): error: \(message)" : "\(file):\(place): error: \(message)"
  }
}
