#!/usr/bin/env bash
# tools/embedded-check.sh — compiles the runtime-side modules as Embedded Swift, from the very files SwiftPM builds.
# Proves they need no Foundation, no existentials and no untyped throws.
set -euo pipefail
shopt -s globstar  # Sources/MODULE/**/*.swift: a module's files in subfolders too
cd "$(dirname "$0")/.."

# In dependency order; each module sees the ones before it.
modules=(GMLCore GMLFlatBuffers GMLFormat GMLNumPy GMLKernels GMLRuntime CGML)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for m in "${modules[@]}"; do
  if grep -l "^import Foundation" Sources/"$m"/**/*.swift >/dev/null 2>&1; then
    echo "embedded-check: $m imports Foundation:" >&2
    grep -l "^import Foundation" Sources/"$m"/**/*.swift >&2
    exit 1
  fi
  # GMLKernels imports the C microkernels' module and GMLRuntime the thread
  # pool's (their module maps are in include/).
  extra=(-I Sources/CGMLMicrokernels/include -I Sources/CGMLThreadPool/include)
  if [ "$m" = CGML ]; then extra+=(-enable-experimental-feature Extern -I include); fi
  swiftc -enable-experimental-feature Embedded "${extra[@]}" -wmo -parse-as-library -Osize \
    -module-name "$m" -emit-module -emit-module-path "$out/$m.swiftmodule" -I "$out" \
    -c Sources/"$m"/**/*.swift -o "$out/$m.o"
  size=$(stat -c %s "$out/$m.o")
  echo "embedded-check: $m ok ($size bytes of object code)"
done

# The C modules the runtime calls (microkernels, thread pool): they must
# build freestanding for every embedded target (intrinsics and threads only
# behind #if; the portable tiles everywhere).
for target in armv7em-none-eabi aarch64-none-elf x86_64-unknown-linux-gnu; do
  cpu=()
  if [ "$target" = armv7em-none-eabi ]; then
    cpu=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
  fi
  for c in CGMLMicrokernels CGMLThreadPool; do
    for f in Sources/"$c"/*.c; do
      clang --target="$target" "${cpu[@]}" -ffreestanding -Os -Wall -Wextra -Werror \
        -I Sources/"$c"/include -c "$f" -o "$out/$(basename "$f" .c).$target.o"
    done
    echo "embedded-check: $c ok for $target"
  done
done
