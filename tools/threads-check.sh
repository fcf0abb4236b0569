#!/usr/bin/env bash
# tools/threads-check.sh — the interpreter's threads under ThreadSanitizer: models on 1 to 4 threads give the same bytes, with no data race reported.
#
# usage: GML=path/to/gml tools/threads-check.sh
#
# Compiles the runtime modules (GMLCore … GMLRuntime) and the C modules
# they call (microkernels, thread pool) with -sanitize=thread, links
# tools/threads_check.swift, and runs it on models large enough to split:
# the generated keyword-spotting DS-CNN (samples/kws/make_kws.c, int8) and
# the int8 digits sample. $GML (a built gml, default: `swift build`'s)
# converts them. Any ThreadSanitizer report fails the run.
set -euo pipefail
shopt -s globstar  # Sources/MODULE/**/*.swift: a module's files in subfolders too
cd "$(dirname "$0")/.."

modules=(GMLCore GMLFlatBuffers GMLFormat GMLKernels GMLRuntime)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gml=${GML:-$(swift build --show-bin-path)/gml}

for c in CGMLMicrokernels CGMLThreadPool; do
  for f in Sources/"$c"/*.c; do
    clang -fsanitize=thread -O1 -g -ffp-contract=off -I "Sources/$c/include" \
      -c "$f" -o "$out/$c-$(basename "${f%.c}").o"
  done
done
includes=(-I Sources/CGMLMicrokernels/include -I Sources/CGMLThreadPool/include -I "$out")
for m in "${modules[@]}"; do
  swiftc -sanitize=thread -O -g -wmo -parse-as-library "${includes[@]}" -module-name "$m" \
    -emit-module -emit-module-path "$out/$m.swiftmodule" -c Sources/"$m"/**/*.swift -o "$out/$m.o"
done
swiftc -sanitize=thread -O -g "${includes[@]}" -parse-as-library tools/threads_check.swift \
  "$out"/*.o -o "$out/threads_check"

quiet() {
  "$@" >"$out/log" 2>&1 || { cat "$out/log" >&2; return 1; }
}
cc -O2 -o "$out/make_kws" samples/kws/make_kws.c -lm
mkdir -p "$out/kws"
quiet "$out/make_kws" "$out/kws"
quiet "$gml" convert "$out/kws/model.json" -o "$out/kws.gml" --quantize int8 \
  --calibration "$out/kws/calibration.npy"
quiet "$gml" convert samples/digits/model.json -o "$out/digits.gml" --quantize int8 \
  --calibration samples/digits/calibration.npy

TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" \
  "$out/threads_check" "$out/kws.gml" "$out/digits.gml"
