#!/usr/bin/env bash
# tools/test.sh — the test command: packages, a strict build, the Embedded build, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh
# Formatting (.swift-format: 2 spaces, 100 columns), as the style guide asks.
swift format lint --strict -r Sources Tests Package.swift
# Every import must be a declared dependency (the module table in STYLE.md).
swift build --build-tests --explicit-target-dependency-import-check error
bash tools/embedded-check.sh
# The C microkernels against their references, here and on AArch64 (NEON) under qemu.
bash tools/microkernel-check.sh
# The instruction-counting qemu plugin on loops of known length (under a second).
bash tools/count-instructions.sh --self-test
swift test --skip-build --disable-swift-testing
# The C API: libgml.a (Embedded Swift) linked by gcc into samples/c, checked
# against `gml run`, plus the header/export and error-path checks.
bash tools/c-sample.sh
# The hostile-input suites again in release mode: debug asserts are off
# there, so the readers' own guards are what stands between a bad file and
# memory (one test runs only here).
swift build -c release --build-tests --scratch-path .build-release -Xswiftc -enable-testing
# Embedded gml-run (x86-64; aarch64 and Cortex-M4 under qemu) against the host's outputs, byte
# for byte, with no allocation inside invoke().
GML=.build-release/release/gml bash tools/embedded-build.sh --check
# The KWS sample's instructions per inference on the Cortex-M4 (qemu, SysTick
# with -icount shift=0): more than 2 % above samples/kws/cortex-m4-instructions.txt fails.
GML=.build-release/release/gml bash tools/board-count.sh --gate
# The interpreter's threads under ThreadSanitizer: 1 to 4 threads, the same bytes, no race.
GML=.build-release/release/gml bash tools/threads-check.sh
swift test -c release --skip-build --scratch-path .build-release --disable-swift-testing \
  --filter 'HostileInputTests|ModelVerificationTests|TFLiteReaderRobustnessTests'
# The whole suite again under AddressSanitizer (a debug build; 4.5 minutes on
# 2 cores): no reader, kernel or C microkernel may touch memory out of bounds
# or after it is freed on any test input. Leak checking is off: the leaks
# LeakSanitizer reports at exit are Foundation's and XCTest's, not gml's.
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan \
  --disable-swift-testing
# The fuzz targets (Tests/Fuzz/README.md), built with AddressSanitizer, 60 s each, two at
# a time (about 3.5 minutes): any crash, trap, leak, timeout or sanitizer report fails.
bash tools/fuzz.sh --time 60
