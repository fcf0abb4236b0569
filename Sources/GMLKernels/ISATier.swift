// GMLKernels/ISATier.swift — the instruction-set tiers fast kernels come in: which this CPU runs, which runs by default, and the GML_ISA cap.
import CGMLMicrokernels

/// An instruction-set tier of the fast kernels. Each architecture has a
/// chain of them, best first: x86-64 `avx512VNNI` → `avx2` → `portable`,
/// AArch64 `neonI8MM` → `neonDot` → `neon` → `portable`; 32-bit Arm
/// `dsp` → `portable`; anything else has `portable` alone. A tier runs its own kernel of a family where it has
/// one and the next tier down's where it has not (`FastKernelSet`).
///
/// The tier an interpreter runs is chosen once, at `init`
/// (`selected(cap:)`): the best tier this CPU runs (CPUID and XGETBV on
/// x86-64, `getauxval` on AArch64 Linux) that is on by default, or, under
/// a cap (`Interpreter.Options.isa`, or the `GML_ISA` environment
/// variable), the best this CPU runs at or below the cap, on by default or
/// not. A tier is on by default once its tests have passed on real
/// hardware; the others run only when a cap names them.
public enum ISATier: Int, Sendable, CaseIterable {
  /// Portable C and Swift: every target.
  case portable
  /// AArch64 Advanced SIMD (architectural: every AArch64 CPU).
  case neon
  /// AArch64 with the dot-product extension (`SDOT`; Cortex-A55/A76 on).
  case neonDot
  /// AArch64 with the int8 matrix-multiply extension (`SMMLA`;
  /// Cortex-A510/A710/X2 on, Neoverse V1/N2).
  case neonI8MM
  /// x86-64 AVX2 (Haswell and Zen on).
  case avx2
  /// x86-64 AVX-512 VNNI at 256 bits (EVEX: AVX512F, BW, VL and VNNI;
  /// Ice Lake, Sapphire Rapids, Zen 4 on).
  case avx512VNNI
  /// Cortex-M with the DSP extension (ARMv7E-M, ARMv8-M Mainline:
  /// `SMLAD`, `SXTB16`; Cortex-M4, M7, M33), known when the build is
  /// compiled for it: kernels that read weights in place
  /// (`FastKernelSet.readsWeightsInPlace`).
  case dsp

  /// The name `GML_ISA`, `--isa` and reports use, e.g. `avx512vnni`.
  public var name: String {
    switch self {
    case .portable: return "portable"
    case .neon: return "neon"
    case .neonDot: return "neondot"
    case .neonI8MM: return "i8mm"
    case .avx2: return "avx2"
    case .avx512VNNI: return "avx512vnni"
    case .dsp: return "dsp"
    }
  }

  /// The tier with this name, or nil. (Compared byte for byte: `==` on
  /// strings would link Unicode normalization tables into Embedded builds.)
  /// - Parameter name: a tier's `name`.
  public init?(named name: String) {
    guard let tier = ISATier.allCases.first(where: { $0.name.utf8.elementsEqual(name.utf8) })
    else { return nil }
    self = tier
  }

  /// The next tier down its chain, whose kernels this one falls back to.
  public var below: ISATier? {
    switch self {
    case .portable: return nil
    case .neon, .avx2, .dsp: return .portable
    case .neonDot: return .neon
    case .neonI8MM: return .neonDot
    case .avx512VNNI: return .avx2
    }
  }

  /// This build's chain, best first (always ending in `portable`).
  public static var chain: [ISATier] {
    #if arch(x86_64)
      return [.avx512VNNI, .avx2, .portable]
    #elseif arch(arm64)
      return [.neonI8MM, .neonDot, .neon, .portable]
    #elseif arch(arm)
      return [.dsp, .portable]
    #else
      return [.portable]
    #endif
  }

  /// Whether this CPU (and OS) runs it. Read once per process.
  public var isSupported: Bool {
    switch self {
    case .portable: return true
    case .neon: return CPUFeatures.neon
    case .neonDot: return CPUFeatures.neonDot
    case .neonI8MM: return CPUFeatures.neonI8MM
    case .avx2: return CPUFeatures.avx2
    case .avx512VNNI: return CPUFeatures.avx512VNNI
    case .dsp: return CPUFeatures.dsp
    }
  }

  /// Whether it runs without a cap naming it: its tests have passed on
  /// real hardware of the tier. `neonDot` and `neonI8MM` have run only
  /// under `qemu-aarch64 -cpu max,sme=off` so far, and `dsp` only under
  /// `qemu-system-arm -M mps2-an386` and `qemu-arm`: a board build asks for
  /// it (`tools/embedded-build.sh --board ... --isa dsp`).
  public var isOnByDefault: Bool {
    switch self {
    case .neonDot, .neonI8MM, .dsp: return false
    case .portable, .neon, .avx2, .avx512VNNI: return true
    }
  }

  /// The tier to run: under `cap`, the best supported tier of this
  /// build's chain at or below it; without one, the best supported tier
  /// that is on by default. A cap from another architecture's chain is
  /// no cap.
  /// - Parameter cap: the highest tier allowed, or nil.
  /// - Returns: a tier this CPU runs.
  public static func selected(cap: ISATier?) -> ISATier {
    let chain = ISATier.chain
    if let cap, let start = chain.firstIndex(of: cap) {
      return chain[start...].first { $0.isSupported } ?? .portable
    }
    return chain.first { $0.isSupported && $0.isOnByDefault } ?? .portable
  }

  /// The cap the `GML_ISA` environment variable names (Linux hosts; read
  /// once), or nil when it is unset, empty or names no tier.
  public static let environmentCap: ISATier? = {
    guard let value = gml_isa_environment() else { return nil }
    return ISATier(named: String(cString: value))
  }()

  /// The raw value of `GML_ISA`, or nil when unset (for tools that report
  /// a value naming no tier).
  public static var environmentValue: String? {
    guard let value = gml_isa_environment() else { return nil }
    return String(cString: value)
  }
}

/// The CPU's features, read once.
enum CPUFeatures {
  static let avx2 = gml_cpu_has_avx2() != 0
  static let avx512VNNI = gml_cpu_has_avx512vnni() != 0
  static let neon = gml_cpu_has_neon() != 0
  static let neonDot = gml_cpu_has_neon_dot() != 0
  static let neonI8MM = gml_cpu_has_neon_i8mm() != 0
  static let dsp = gml_cpu_has_dsp() != 0
}
