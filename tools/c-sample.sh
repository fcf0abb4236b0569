#!/usr/bin/env bash
# tools/c-sample.sh — builds the C library (Embedded Swift, libc only), checks include/gml.h against it, runs samples/c against `gml run`.
#
# 1. libgml.a: GMLCore … GMLRuntime and CGML compiled as Embedded Swift from
#    the very files SwiftPM builds, one object per module, in one archive.
# 2. The header compiles cleanly as C99 and C++11, and the archive exports
#    exactly the functions gml.h declares (the Swift compiler has already
#    checked each definition's type against its declaration: @implementation).
# 3. samples/c/digits.c, linked against libgml.a and against SwiftPM's
#    libCGML.so, runs the digits model (int8, float, int8 I/O) and writes
#    the same .npy bytes as `gml run`; its class is the label of row 0.
# 4. samples/c/error_paths.c: missing file, truncated buffer, wrong input
#    size and the rest return the right status and message.
#
# SwiftPM's scratch path (for `gml` and libCGML.so): $GML_SCRATCH_PATH, else .build.
set -euo pipefail
shopt -s globstar  # Sources/MODULE/**/*.swift: a module's files in subfolders too
cd "$(dirname "$0")/.."

scratch=${GML_SCRATCH_PATH:-.build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cflags=(-Wall -Wextra -Werror -std=c11 -O2 -I include)

# Runs a command quietly; shows what it printed if it fails.
quiet() {
  "$@" >"$out/log" 2>&1 || { cat "$out/log" >&2; return 1; }
}

# 1. The Embedded static library, in dependency order, with the C
#    microkernels GMLKernels calls (compiled as SwiftPM compiles them) and
#    the thread pool GMLRuntime calls (without threads, as every embedded
#    build).
micro=Sources/CGMLMicrokernels pool=Sources/CGMLThreadPool
# The microkernels at -O2, as in tools/embedded-build.sh: the hot loops.
for f in "$micro"/*.c; do
  clang -O2 -ffp-contract=off -fPIC -I "$micro/include" -c "$f" -o "$out/micro-$(basename "$f" .c).o"
done
clang -Os -fPIC -DGML_NO_THREADS -I "$pool/include" -c "$pool/gml_threadpool.c" \
  -o "$out/pool-gml_threadpool.o"
for m in GMLCore GMLFlatBuffers GMLFormat GMLKernels GMLRuntime CGML; do
  extra=(-I "$micro/include" -I "$pool/include")
  if [ "$m" = CGML ]; then extra+=(-enable-experimental-feature Extern -I include); fi
  swiftc -enable-experimental-feature Embedded "${extra[@]}" -wmo -parse-as-library -Osize \
    -module-name "$m" -emit-module -emit-module-path "$out/$m.swiftmodule" -I "$out" \
    -c Sources/"$m"/**/*.swift -o "$out/$m.o"
done
ar rcs "$out/libgml.a" "$out"/*.o

# 2. The header: C99 and C++11, pedantic; exports = declarations.
printf '#include "gml.h"\nint main(void) { return gml_version() == 0; }\n' > "$out/header.c"
gcc -std=c99 -pedantic -Wall -Wextra -Werror -I include -c "$out/header.c" -o /dev/null
g++ -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I include -c "$out/header.c" -o /dev/null
gcc -E -P -I include include/gml.h | grep -oE '\bgml_[a-z0-9_]+ *\(' | tr -d ' (' | sort -u \
  > "$out/declared.txt"
nm -g --defined-only "$out/CGML.o" | awk '$2 == "T" && $3 ~ /^gml_/ { print $3 }' | sort -u \
  > "$out/exported.txt"
if ! diff -u "$out/declared.txt" "$out/exported.txt" >&2; then
  echo "c-sample: include/gml.h declarations (-) and CGML exports (+) differ" >&2
  exit 1
fi

# 3. The samples against the archive (libc and libm only) and the shared library.
gcc "${cflags[@]}" samples/c/digits.c "$out/libgml.a" -lm -o "$out/digits"
gcc "${cflags[@]}" samples/c/error_paths.c "$out/libgml.a" -lm -o "$out/error_paths"
quiet swift build --scratch-path "$scratch" --product gml
quiet swift build --scratch-path "$scratch" --product CGML
bin=$(swift build --scratch-path "$scratch" --show-bin-path)
gcc "${cflags[@]}" samples/c/digits.c -L "$bin" -lCGML -Wl,-rpath,"$bin" -lm -o "$out/digits-so"

digits=samples/digits
quiet "$bin/gml" convert $digits/model.json -o "$out/int8.gml" --quantize int8 \
  --calibration $digits/calibration.npy
quiet "$bin/gml" convert $digits/model.json -o "$out/float.gml"
quiet "$bin/gml" convert $digits/model.json -o "$out/io8.gml" --quantize int8 --io int8 \
  --calibration $digits/calibration.npy

# Row 0 of the int64 labels: the data follows the 10-byte preamble and the header.
header=$(od -An -t u2 -j 8 -N 2 $digits/test_y.npy | tr -d ' ')
label=$(od -An -t d8 -j $((10 + header)) -N 8 $digits/test_y.npy | tr -d ' ')

for model in int8 float io8; do
  quiet "$bin/gml" run "$out/$model.gml" --input $digits/test_x_0.npy \
    --output "$out/$model-ref.npy"
  for program in digits digits-so; do
    "$out/$program" "$out/$model.gml" $digits/test_x_0.npy "$out/$model-$program.npy" \
      > "$out/$model-$program.txt"
    if ! cmp -s "$out/$model-$program.npy" "$out/$model-ref.npy"; then
      echo "c-sample: $program on the $model model: output differs from gml run's" >&2
      cat "$out/$model-$program.txt" >&2
      exit 1
    fi
    class=$(sed -n 's/^output 0 argmax: //p' "$out/$model-$program.txt")
    if [ "$class" != "$label" ]; then
      echo "c-sample: $program on the $model model: class $class, label $label" >&2
      exit 1
    fi
  done
done

# 4. Error paths, through both libraries.
checks=$("$out/error_paths" "$out/int8.gml")
gcc "${cflags[@]}" samples/c/error_paths.c -L "$bin" -lCGML -Wl,-rpath,"$bin" \
  -o "$out/error_paths-so"
quiet "$out/error_paths-so" "$out/int8.gml"

library=$(stat -c %s "$out/libgml.a")
binary=$(stat -c %s "$out/digits")
echo "c-sample: ok — libgml.a $library bytes, digits $binary bytes (libc and libm only);" \
  "int8, float and int8-I/O outputs byte-equal to gml run's, class $class = label $label;" \
  "error paths: ${checks#error_paths: }"
