// GMLRuntime/OperatorSelection.swift — the operators a build runs: all of them (a board build may compile a generated selection instead).
import GMLFormat

extension OpCode {
  /// Whether this build runs the operator. Every operator here;
  /// `tools/embedded-build.sh --ops-of MODEL.gml` compiles a generated
  /// file in place of this one that answers true for the model's operators
  /// only: prepare then refuses the others, and, the answer being a
  /// constant, the optimizer drops their prepare code and kernels.
  @inline(__always)
  var isBuilt: Bool { true }
}
