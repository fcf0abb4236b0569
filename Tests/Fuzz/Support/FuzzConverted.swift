// Fuzz/Support/FuzzConverted.swift — what the converter produced must be a file the runtime accepts.
import GMLFormat

/// Writes `model` as `ModelWriter` does for `gml convert` and runs it
/// through `fuzzRunModel`; traps when the written file does not verify,
/// since the converter must never write a file its own runtime refuses to
/// load.
/// - Parameter model: a converter's output.
func fuzzCheckConverted(_ model: ModelDefinition) {
  let bytes = ModelWriter.write(model)
  let verified = bytes.withUnsafeBytes { fuzzRunModel($0) }
  if !verified { fatalError("the converter wrote a .gml file that Model(verifying:) refuses") }
}
