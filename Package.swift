// swift-tools-version:6.0
// Package.swift — gml: a TFLite-style model converter and compact int8 runtime.
import PackageDescription

/// Settings every target shares: the style guide's upcoming features.
let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

/// A library target whose folder holds a README.md beside its sources.
func module(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
  .target(
    name: name, dependencies: dependencies, exclude: ["README.md"], swiftSettings: strictSettings)
}

/// A test target mirroring one module; `exclude` lists non-Swift fixtures.
func tests(_ name: String, _ dependencies: [Target.Dependency], exclude: [String] = []) -> Target {
  .testTarget(
    name: name, dependencies: dependencies + ["GMLTestSupport"], exclude: exclude,
    swiftSettings: strictSettings)
}

let package = Package(
  name: "gml",
  products: [
    .executable(name: "gml", targets: ["gml"]),
    .library(name: "GMLRuntime", targets: ["GMLRuntime"]),
    .library(name: "CGML", type: .dynamic, targets: ["CGML"]),
  ],
  targets: [
    // Embedded-safe: no Foundation, typed throws, no existentials
    // (tools/embedded-check.sh compiles these in Embedded mode).
    module("GMLCore"),
    module("GMLFlatBuffers", ["GMLCore"]),
    module("GMLFormat", ["GMLCore", "GMLFlatBuffers"]),
    module("GMLNumPy", ["GMLCore"]),
    // The int8 GEMM microkernels in C (AVX2, NEON, portable); GMLKernels calls them.
    .target(name: "CGMLMicrokernels", exclude: ["README.md"]),
    module("GMLKernels", ["GMLCore", "CGMLMicrokernels"]),
    // The worker threads the runtime splits fast kernels across (Linux; none when embedded).
    .target(name: "CGMLThreadPool", exclude: ["README.md"]),
    module("GMLRuntime", ["GMLCore", "GMLFormat", "GMLKernels", "CGMLThreadPool"]),
    .systemLibrary(name: "CGMLHeader", path: "include"),
    // The C API (include/gml.h); `Extern` lets it declare libc's stdio for Embedded builds.
    .target(
      name: "CGML",
      dependencies: ["GMLCore", "GMLFlatBuffers", "GMLFormat", "GMLRuntime", "CGMLHeader"],
      exclude: ["README.md"],
      swiftSettings: strictSettings + [.enableExperimentalFeature("Extern")]),

    // Host-only: Foundation allowed.
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    module(
      "GMLConverter",
      ["GMLCore", "GMLFlatBuffers", "GMLFormat", "GMLNumPy", "GMLKernels", "GMLRuntime", "CZlib"]),
    module(
      "GMLCommandLine",
      [
        "GMLCore", "GMLFlatBuffers", "GMLFormat", "GMLNumPy", "GMLKernels", "GMLRuntime",
        "GMLConverter",
      ]),
    .executableTarget(name: "gml", dependencies: ["GMLCommandLine"], swiftSettings: strictSettings),
    // The generator of GMLFormat's mirror of schema/gml.fbs (`swift run gml-schema`).
    module("GMLSchema"),
    .executableTarget(
      name: "gml-schema", dependencies: ["GMLSchema"], swiftSettings: strictSettings),

    .target(
      name: "GMLTestSupport", path: "Tests/GMLTestSupport", swiftSettings: strictSettings),
    tests("GMLCoreTests", ["GMLCore"]),
    tests("GMLFlatBuffersTests", ["GMLCore", "GMLFlatBuffers"]),
    tests(
      "GMLFormatTests", ["GMLCore", "GMLFlatBuffers", "GMLFormat", "GMLSchema"],
      exclude: ["CppVerifier"]),
    tests("GMLNumPyTests", ["GMLCore", "GMLNumPy"], exclude: ["Fixtures"]),
    tests("GMLKernelsTests", ["GMLCore", "GMLKernels"], exclude: ["Fixtures"]),
    tests(
      "GMLRuntimeTests",
      ["GMLCore", "GMLFormat", "GMLKernels", "GMLRuntime", "GMLConverter", "CGMLThreadPool"],
      exclude: ["Fixtures"]),
    tests(
      "GMLConverterTests",
      [
        "GMLCore", "GMLFlatBuffers", "GMLFormat", "GMLNumPy", "GMLKernels", "GMLRuntime",
        "GMLConverter", "CZlib",
      ],
      exclude: ["Fixtures"]),
    tests(
      "GMLCommandLineTests",
      ["GMLCore", "GMLFormat", "GMLNumPy", "GMLKernels", "GMLConverter", "GMLCommandLine"]),
    tests(
      "CGMLTests", ["CGML", "CGMLHeader", "GMLCore", "GMLFormat", "GMLRuntime", "GMLConverter"]),
  ]
)
