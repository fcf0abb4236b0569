// GMLConverter/Lowering/SourceDigest.swift — the source's SHA-256 for the .gml metadata, computed on a thread of its own beside the conversion.
import Dispatch

/// `"sha256:"` and the hexadecimal SHA-256 of a conversion's source file,
/// started at once on a background thread and waited for when the model
/// is written, so that a large source (ResNet50's 94 MB, about 0.35 s)
/// does not add its time to the conversion's single-threaded phases.
final class SourceDigest: @unchecked Sendable {
  /// What the metadata holds until `value()`: the same length as a digest.
  static let placeholder = "sha256:" + String(repeating: "0", count: 64)

  private let done = DispatchSemaphore(value: 0)
  /// Written once by the background thread before `done` is signalled.
  private var hex = ""

  /// Starts hashing `source`.
  init(_ source: [UInt8]) {
    DispatchQueue.global().async {
      self.hex = "sha256:" + SHA256.hexDigest(source)
      self.done.signal()
    }
  }

  /// The digest, waiting for it if it is not done yet.
  func value() -> String {
    done.wait()
    done.signal()
    return hex
  }
}
