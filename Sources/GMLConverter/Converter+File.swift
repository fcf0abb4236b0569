// GMLConverter/Converter+File.swift — `gml convert` as a function: load a file, convert, write it atomically.
import GMLCore
import GMLFormat

extension Converter {
  /// Converts the model at `input` into a `.gml` file at `output`.
  ///
  /// Nothing is written unless the whole conversion succeeds, and the file
  /// appears at once (temporary file and rename), so a failure leaves no
  /// output file behind.
  /// - Parameters:
  ///   - input: a gml-float model (`.json`, `.json.gz`, `.npz`, `.gmz`) or
  ///     a `.tflite` model (float32 or full-integer int8).
  ///   - output: where to write the `.gml` file.
  ///   - options: quantization, fusion, the stored arena plan's kind and
  ///     the limits on what is read.
  ///   - progress: for int8, called with (done, total) per calibration sample.
  /// - Returns: the report, with the written file's size.
  /// - Throws: `ConversionError` naming the file and place: unsupported
  ///   TFLite operators, calibration data, a loader, pass or lowering
  ///   error, or an output that cannot be written.
  public static func convert(
    input: String, output: String, options: ConversionOptions = ConversionOptions(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws(ConversionError) -> ConversionReport {
    let isTFLite = input.lowercased().hasSuffix(".tflite")
    let limits = options.limits
    let graph = isTFLite ? nil : try GMLFloatLoader.load(path: input, limits: limits.gmlFloat)
    let tflite = isTFLite ? try TFLiteModel.load(path: input, limits: limits) : nil
    let source: [UInt8]
    if let tflite {
      source = tflite.bytes
    } else {
      source = try OutputFile.readModel(input, maxBytes: limits.gmlFloat.maxFileBytes)
    }
    // The digest of a large source takes a while: it runs beside the
    // conversion, which carries a placeholder of the same length (so the
    // file's size is the same) until the write.
    let digest = SourceDigest(source)
    let metadata = MetadataDefinition(
      producer: "gml", producerVersion: gmlVersion, sourceDigest: SourceDigest.placeholder,
      sourceName: fileName(input))
    var (model, converted) =
      if let tflite {
        try convert(
          tflite: tflite.model, file: input, options: options, metadata: metadata,
          progress: progress)
      } else {
        try convert(
          graph ?? Graph(name: ""), options: options, metadata: metadata, progress: progress)
      }
    if options.reusesInputMemory {
      let plan = try Lowering.plan(model, file: input, keepingInputs: false)
      model.subgraphs[0].memoryPlan = plan
      converted.arenaSize = Int(plan.arenaSize)
    }
    model.metadata?.sourceDigest = digest.value()
    let bytes = try ModelWriter.checkedWrite(model, file: input)
    do {
      try OutputFile.write(bytes, to: output)
    } catch {
      throw ConversionError(file: output, error)
    }
    var report = converted
    report.fileSize = bytes.count
    return report
  }

  /// The last path component of `path`.
  static func fileName(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
  }
}
