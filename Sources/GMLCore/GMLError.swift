// GMLCore/GMLError.swift — the one error type of the runtime, format and kernels.

/// An error from loading, preparing or running a model, or from reading a file.
///
/// Embedded-safe: the detail is a `StaticString`, the location a small enum.
/// Hosts (converter, CLI) add the file path in front of `description`.
public struct GMLError: Error, Equatable, CustomStringConvertible {
  /// What went wrong, coarse enough to test against.
  public enum Kind: UInt8, Equatable, Sendable {
    /// The data ends before a structure it declares.
    case truncated
    /// An offset, index or length points outside its container.
    case outOfBounds
    /// A value sits at an offset its type's alignment forbids.
    case misaligned
    /// A structural rule of the format is broken (bad vtable, missing field).
    case malformed
    /// A verifier limit (depth, table count, size, dimension) was exceeded.
    case limitExceeded
    /// The file identifier or magic bytes are not the expected ones.
    case wrongIdentifier
    /// The format version is newer than this build understands.
    case unsupportedVersion
    /// An element type the operation does not handle.
    case unsupportedType
    /// An operator or option this build does not implement.
    case unsupportedOp
    /// Tensor shapes do not fit together.
    case shapeMismatch
    /// Scale, zero point or axis out of range.
    case invalidQuantization
    /// The arena given is smaller than the plan needs.
    case arenaTooSmall
    /// An argument or value the caller passed is not acceptable.
    case invalidArgument
    /// Reading or writing a file failed.
    case io
  }

  /// Where in the input the error was found.
  public enum Location: Equatable, Sendable {
    case none
    /// A byte offset from the start of the file or buffer.
    case byteOffset(Int)
    case tensor(Int)
    case op(Int)
    case buffer(Int)
  }

  public var kind: Kind
  public var location: Location
  public var detail: StaticString

  /// - Parameters:
  ///   - kind: the class of error.
  ///   - location: where it was found.
  ///   - detail: a fixed sentence saying what was expected.
  public init(_ kind: Kind, at location: Location = .none, _ detail: StaticString) {
    self.kind = kind
    self.location = location
    self.detail = detail
  }

  /// Equal kind, location and detail text (compared as bytes, so Embedded
  /// builds need no Unicode tables).
  public static func == (a: GMLError, b: GMLError) -> Bool {
    a.kind == b.kind && a.location == b.location
      && a.detail.withUTF8Buffer { x in b.detail.withUTF8Buffer { y in x.elementsEqual(y) } }
  }

  /// The location as text: `byte 123`, `tensor 4`, `op 2`, `buffer 7`, or empty.
  public var locationDescription: String {
    switch location {
    case .none: return ""
    case .byteOffset(let o): return "byte \(o)"
    case .tensor(let i): return "tensor \(i)"
    case .op(let i): return "op \(i)"
    case .buffer(let i): return "buffer \(i)"
    }
  }

  /// `kind at location: detail`, e.g. `truncated at byte 12: vector runs past the end`.
  public var description: String {
    let place = locationDescription
    let head = place.isEmpty ? kind.name : "\(kind.name) at \(place)"
    return "\(head): \(detail.description)"
  }
}

extension GMLError.Kind {
  /// A lower-case name for messages.
  public var name: String {
    switch self {
    case .truncated: return "truncated"
    case .outOfBounds: return "out of bounds"
    case .misaligned: return "misaligned"
    case .malformed: return "malformed"
    case .limitExceeded: return "limit exceeded"
    case .wrongIdentifier: return "wrong identifier"
    case .unsupportedVersion: return "unsupported version"
    case .unsupportedType: return "unsupported type"
    case .unsupportedOp: return "unsupported op"
    case .shapeMismatch: return "shape mismatch"
    case .invalidQuantization: return "invalid quantization"
    case .arenaTooSmall: return "arena too small"
    case .invalidArgument: return "invalid argument"
    case .io: return "i/o error"
    }
  }
}
