// GMLConverterTests/TFLiteFixtureTests.swift — imported .tflite models against LiteRT's reference kernels, whole model and op by op.
import Foundation
import GMLCore
import GMLFormat
import GMLKernels
import GMLNumPy
import GMLRuntime
import GMLTestSupport
import XCTest

@testable import GMLConverter

final class TFLiteFixtureTests: XCTestCase {
  /// Every int8 fixture made by LiteRT's reference kernels (BUILTIN_REF):
  /// the output equals LiteRT's byte for byte, and so does every operator's
  /// output that LiteRT kept.
  func testInt8ModelsMatchLiteRTByteForByte() throws {
    let manifest = try TFLiteManifest.load()
    let int8 = manifest.models.filter { $0.variant == "int8" && $0.byReferenceKernels }
    XCTAssertGreaterThanOrEqual(int8.count, 4)
    for entry in int8 {
      let tflite = try TFLiteManifest.model(entry)
      let (definition, _) = try Converter.convert(tflite: tflite, file: entry.file)
      let input = try TFLiteManifest.npy(entry.input).bytes
      let expected = try TFLiteManifest.npy(entry.output).bytes
      let run = try runKeepingTensors(definition, input: input)
      var differing: String?
      if let tensors = entry.tensors {
        let archive = try ZipArchive(bytes: try TFLiteManifest.bytes(tensors), file: tensors)
        differing = try firstDifferingOperator(run.operators, tflite: tflite, tensors: archive)
      }
      XCTAssertEqual(run.output, expected, "\(entry.file): \(differing ?? "")")
      XCTAssertNil(differing, entry.file)
    }
  }

  /// An int8 fixture with an op LiteRT's reference kernels lack (ELU, which
  /// TFLiteConverter leaves in float between DEQUANTIZE and QUANTIZE) comes
  /// from LiteRT's builtin kernels. Their DEQUANTIZE computes q·s − z·s in
  /// float, where the reference (and gml) rounds s·(q − z) once: the first
  /// operator whose output differs is a DEQUANTIZE, a float there may
  /// differ in its last bit, the QUANTIZE after it by one step, and the
  /// layers after that carry it on: the output stays within two steps.
  func testInt8ModelsOnBuiltinKernelsDifferOnlyFromDequantize() throws {
    let manifest = try TFLiteManifest.load()
    let builtin = manifest.models.filter { $0.variant == "int8" && !$0.byReferenceKernels }
    XCTAssertFalse(builtin.isEmpty)
    for entry in builtin {
      let tflite = try TFLiteManifest.model(entry)
      let (definition, _) = try Converter.convert(tflite: tflite, file: entry.file)
      let run = try runKeepingTensors(definition, input: try TFLiteManifest.npy(entry.input).bytes)
      let expected = try TFLiteManifest.npy(entry.output).bytes
      XCTAssertEqual(run.output.count, expected.count, entry.file)
      let steps = zip(run.output, expected).map {
        abs(Int(Int8(bitPattern: $0)) - Int(Int8(bitPattern: $1)))
      }
      XCTAssertLessThanOrEqual(steps.max() ?? 0, 2, entry.file)
      let tensors = try XCTUnwrap(entry.tensors)
      let archive = try ZipArchive(bytes: try TFLiteManifest.bytes(tensors), file: tensors)
      let first = try firstDifferingOperator(run.operators, tflite: tflite, tensors: archive)
      XCTAssertTrue(first?.contains("(DEQUANTIZE)") ?? true, "\(entry.file): \(first ?? "")")
      print(
        "\(entry.file): \(steps.filter { $0 > 0 }.count) of \(steps.count) outputs differ from LiteRT's builtin kernels; first: \(first ?? "none")"
      )
    }
  }

  /// The same models without fusion still match (PAD stays an operator).
  func testInt8ModelsMatchWithoutFusion() throws {
    let manifest = try TFLiteManifest.load()
    for entry in manifest.models where entry.variant == "int8" {
      let tflite = try TFLiteManifest.model(entry)
      let (definition, _) = try Converter.convert(
        tflite: tflite, file: entry.file, options: ConversionOptions(fuse: false))
      let run = try runKeepingTensors(definition, input: try TFLiteManifest.npy(entry.input).bytes)
      XCTAssertEqual(run.output, try expectedInt8Output(entry, definition), entry.file)
    }
  }

  /// Every int8 fixture on 2 and 3 threads: still LiteRT's bytes.
  func testInt8ModelsMatchOnThreads() throws {
    let manifest = try TFLiteManifest.load()
    for entry in manifest.models where entry.variant == "int8" {
      let (definition, _) = try Converter.convert(
        tflite: try TFLiteManifest.model(entry), file: entry.file)
      let bytes = ModelWriter.write(definition)
      let input = try TFLiteManifest.npy(entry.input).bytes
      let expected = try expectedInt8Output(entry, definition)
      for threads in [2, 3] {
        let output = try bytes.withUnsafeBytes { raw in
          var interpreter = try Interpreter(
            model: try Model(verifying: raw), options: .init(threads: threads))
          try interpreter.copyInput(input, at: 0)
          try interpreter.invoke()
          return interpreter.copyOutput(at: 0)
        }
        XCTAssertEqual(output, expected, "\(entry.file) on \(threads) threads")
      }
    }
  }

  /// Every int8 fixture on every ISA tier this CPU runs (each as the cap,
  /// on 1 and 2 threads): still LiteRT's bytes. Tiers this CPU lacks are
  /// named as skipped.
  func testInt8ModelsMatchOnEveryTier() throws {
    let manifest = try TFLiteManifest.load()
    let tiers = ISATier.chain.filter { $0.isSupported }
    print(
      "TFLite fixtures on tiers \(tiers.map { $0.name }); skipped (not on this CPU): "
        + "\(ISATier.chain.filter { !$0.isSupported }.map { $0.name })")
    for entry in manifest.models where entry.variant == "int8" {
      let (definition, _) = try Converter.convert(
        tflite: try TFLiteManifest.model(entry), file: entry.file)
      let bytes = ModelWriter.write(definition)
      let input = try TFLiteManifest.npy(entry.input).bytes
      let expected = try expectedInt8Output(entry, definition)
      for tier in tiers {
        for threads in [1, 2] {
          let output = try bytes.withUnsafeBytes { raw in
            var interpreter = try Interpreter(
              model: try Model(verifying: raw), options: .init(isa: tier, threads: threads))
            XCTAssertEqual(interpreter.isa, tier)
            try interpreter.copyInput(input, at: 0)
            try interpreter.invoke()
            return interpreter.copyOutput(at: 0)
          }
          XCTAssertEqual(output, expected, "\(entry.file) on \(tier.name), \(threads) threads")
        }
      }
    }
  }

  /// Every float fixture: within 1e-4 of LiteRT, with and without fusion.
  func testFloatModelsMatchLiteRT() throws {
    let manifest = try TFLiteManifest.load()
    let float = manifest.models.filter { $0.variant == "float" }
    XCTAssertGreaterThanOrEqual(float.count, 4)
    for entry in float {
      let tflite = try TFLiteManifest.model(entry)
      let expected = try XCTUnwrap(try TFLiteManifest.npy(entry.output).float32Values())
      for fuse in [true, false] {
        let (definition, _) = try Converter.convert(
          tflite: tflite, file: entry.file, options: ConversionOptions(fuse: fuse))
        let run = try runKeepingTensors(
          definition, input: try TFLiteManifest.npy(entry.input).bytes)
        let actual = floats(run.output)
        XCTAssertEqual(actual.count, expected.count, entry.file)
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThan(worst, 1e-4, "\(entry.file) fuse=\(fuse)")
      }
    }
  }

  /// Shape chains before RESHAPE are folded: no SHAPE, PACK or STRIDED_SLICE
  /// of a shape reaches the model, and the report counts them.
  func testShapeChainsAreFolded() throws {
    let manifest = try TFLiteManifest.load()
    let chained = manifest.models.filter { $0.ops.contains("SHAPE") }
    XCTAssertTrue(chained.contains { $0.variant == "int8" })
    XCTAssertTrue(chained.contains { $0.variant == "float" })
    for entry in chained {
      let tflite = try TFLiteManifest.model(entry)
      let (definition, report) = try Converter.convert(tflite: tflite, file: entry.file)
      let subgraph = definition.subgraphs[0]
      let ops = subgraph.operators.map(\.opcode.schemaName)
      XCTAssertFalse(ops.contains("SHAPE") || ops.contains("PACK"), entry.file)
      // A STRIDED_SLICE left slices data (Cropping2D), not a shape vector.
      for op in subgraph.operators where op.opcode == .stridedSlice {
        XCTAssertGreaterThan(subgraph.tensors[Int(op.inputs[0])].shape.count, 1, entry.file)
      }
      XCTAssertTrue(report.passes.contains { $0.pass == "shape ops folded" && $0.count >= 3 })
    }
  }

  /// A model with operators gml lacks: one error naming each, with its
  /// count and operator indices, and no output file.
  func testUnsupportedOperatorsAreReportedAtOnce() throws {
    let manifest = try TFLiteManifest.load()
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let output = dir.path("out.gml")
    let input = TFLiteManifest.path(manifest.unsupported.file)
    XCTAssertThrowsError(try Converter.convert(input: input, output: output)) { error in
      let message = (error as? ConversionError)?.message ?? ""
      XCTAssertEqual((error as? ConversionError)?.file, input)
      for (op, indices) in manifest.unsupported.ops {
        let at = indices.count == 1 ? "operator" : "operators"
        let listed = indices.map(String.init).joined(separator: ", ")
        XCTAssertTrue(
          message.contains("\(op) ×\(indices.count) at \(at) \(listed)"), "\(op): \(message)")
      }
      XCTAssertTrue(message.hasSuffix("nothing was written"), message)
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: output))
  }

  /// A float model quantized on import agrees with its float self.
  func testFloatModelQuantizesToInt8() throws {
    let manifest = try TFLiteManifest.load()
    let entry = try XCTUnwrap(manifest.models.first { $0.variant == "float" })
    let tflite = try TFLiteManifest.model(entry)
    let options = ConversionOptions(
      quantize: .int8, calibration: TFLiteManifest.path(entry.input))
    let (definition, report) = try Converter.convert(
      tflite: tflite, file: entry.file, options: options)
    XCTAssertTrue(definition.subgraphs[0].tensors.contains { $0.type == .int8 })
    XCTAssertFalse(report.layers.isEmpty)
    let run = try runKeepingTensors(definition, input: try TFLiteManifest.npy(entry.input).bytes)
    let expected = try XCTUnwrap(try TFLiteManifest.npy(entry.output).float32Values())
    let actual = floats(run.output)
    let range = (expected.max() ?? 0) - (expected.min() ?? 0)
    let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity
    XCTAssertLessThan(worst, max(range, 1e-3) * 0.1, entry.file)
  }

  /// `gml validate` takes a float32 `.tflite` as the reference: its int8
  /// conversion agrees with it on the fixture input; an int8 `.tflite` is
  /// refused as a reference.
  func testValidateAgainstAFloatTFLite() throws {
    let manifest = try TFLiteManifest.load()
    let entry = try XCTUnwrap(
      manifest.models.first { $0.name == "ds_cnn_kws" && $0.variant == "float" })
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let int8 = dir.path("int8.gml")
    let float = TFLiteManifest.path(entry.file)
    let input = TFLiteManifest.path(entry.input)
    _ = try Converter.convert(
      input: float, output: int8, options: ConversionOptions(quantize: .int8, calibration: input))
    let report = try Validation.validate(floatModel: float, model: int8, data: input)
    XCTAssertEqual(report.sampleCount, 1)
    XCTAssertEqual(report.top1Agreement, 1)
    XCTAssertFalse(report.layers.isEmpty)
    let int8TFLite = TFLiteManifest.path("ds_cnn_kws_int8.tflite")
    XCTAssertThrowsError(try Validation.validate(floatModel: int8TFLite, model: int8, data: input))
    {
      XCTAssertEqual(
        ($0 as? ConversionError)?.message,
        "is a full-integer int8 model; the reference must be a float32 model")
    }
  }

  /// An int8 model refuses `--quantize`.
  func testInt8ModelRefusesQuantization() throws {
    let manifest = try TFLiteManifest.load()
    let entry = try XCTUnwrap(manifest.models.first { $0.variant == "int8" })
    let tflite = try TFLiteManifest.model(entry)
    XCTAssertThrowsError(
      try Converter.convert(
        tflite: tflite, file: entry.file, options: ConversionOptions(quantize: .dynamic))
    ) { error in
      XCTAssertTrue(
        (error as? ConversionError)?.message.contains("already full-integer int8") == true)
    }
  }
}

final class TFLiteFixtureDiagnosisTests: XCTestCase {
  /// The op-by-op comparison names the first operator whose output
  /// differs: a changed weight of the second convolution shows there,
  /// not at the first.
  func testFirstDifferingOperatorIsNamed() throws {
    let manifest = try TFLiteManifest.load()
    let entry = try XCTUnwrap(
      manifest.models.first { $0.name == "ds_cnn_kws" && $0.variant == "int8" })
    var tflite = try TFLiteManifest.model(entry)
    let second = tflite.operators.filter { $0.builtinCode == TFLiteBuiltin.depthwiseConv2D }[0]
    let weights = second.inputs[1]
    tflite.tensors[weights].data?[0] &+= 100
    let (definition, _) = try Converter.convert(tflite: tflite, file: entry.file)
    let run = try runKeepingTensors(definition, input: try TFLiteManifest.npy(entry.input).bytes)
    let archive = try ZipArchive(
      bytes: try TFLiteManifest.bytes(try XCTUnwrap(entry.tensors)), file: "tensors")
    let message = try XCTUnwrap(
      try firstDifferingOperator(run.operators, tflite: tflite, tensors: archive))
    XCTAssertTrue(
      message.hasPrefix("first differing operator: gml operator 1 (DEPTHWISE_CONV_2D)"), message)
  }
}
