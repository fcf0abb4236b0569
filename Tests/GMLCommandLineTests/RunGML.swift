// GMLCommandLineTests/RunGML.swift — runs `gml` in-process and captures its output and exit code.
import GMLCommandLine

/// What one `gml` invocation printed and returned.
struct GMLResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `gml arguments…` in this process.
func runGML(_ arguments: [String]) -> GMLResult {
  final class Sink { var out = "", err = "" }
  let sink = Sink()
  var console = Console(out: { sink.out += $0 }, err: { sink.err += $0 })
  let code = GML.run(arguments, console: &console)
  return GMLResult(status: code.rawValue, stdout: sink.out, stderr: sink.err)
}
