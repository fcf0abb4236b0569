// GMLTestSupport/TemporaryDirectory.swift — a scratch folder per test, removed afterwards.
import Foundation

/// A fresh directory under the system temporary folder, removed on `remove()`.
public struct TemporaryDirectory {
  public let url: URL

  /// Creates `gml-test-XXXX` under `NSTemporaryDirectory()`.
  public init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gml-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// The path of `name` inside the directory.
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  public func remove() { try? FileManager.default.removeItem(at: url) }
}
