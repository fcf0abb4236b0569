// gml/main.swift — the `gml` executable: runs GMLCommandLine and exits with its code.
import Foundation
import GMLCommandLine

var console = Console(
  out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
  err: { text in FileHandle.standardError.write(Data(text.utf8)) })
let code = GML.run(Array(CommandLine.arguments.dropFirst()), console: &console)
exit(code.rawValue)
