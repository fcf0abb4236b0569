#!/usr/bin/env bash
# tools/microkernel-check.sh — runs the C microkernels against their references on this host and on AArch64 (NEON) under qemu.
# XCTest on an x86-64 host reaches only the portable and AVX2 kernels; each
# check program below is also cross-compiled with aarch64-linux-gnu-gcc and
# run with qemu-aarch64 (Debian: gcc-aarch64-linux-gnu, qemu-user), so the
# NEON kernels are checked too, twice: as a Cortex-A72 (plain NEON, no dot
# product) and as qemu's `max` CPU (dot product, I8MM; SME off, which
# qemu 7.2 gets wrong), so every AArch64 tier runs. AArch64 is skipped,
# with a note, when those tools are missing. The Cortex-M DSP kernels'
# check also runs as 32-bit Arm with the DSP instructions (-mcpu=cortex-a7
# -mthumb: ARMv7-A has ARMv7E-M's SMLAD, SXTB16, SXTAB16, SMLABB, SMLATT,
# SSUB8 and SEL) under qemu-arm (Debian: gcc-arm-linux-gnueabihf), built
# twice: with clang, as the boards are (its assembly loops), and with
# arm-linux-gnueabihf-gcc (the C loops gcc gets instead). The Helium (MVE) kernels run on qemu's
# Cortex-M55 board (qemu-system-arm -M mps3-an547), built as the board
# program is: clang for the M55, the board's startup, semihosting, heap
# and libc (samples/embedded/mps2-an386, linked for mps3-an547).
#   tools/gemm_check.c:            GEMM tiles, im2col and the direct Conv2D tiles
#   tools/lstm_activation_check.c: the integer LSTM's AVX2 sigmoid and tanh, every input
#   tools/lstm_matvec_check.c:     the integer LSTM's and GRU's SIMD gate products, every
#                                  shape up to 40x70
#   tools/dwconv_vbinary_check.c:  depthwise convolution, ADD/SUB/MUL, pools, Mean
#   tools/dsp_check.c:             the Cortex-M DSP Conv2D, depthwise, FullyConnected,
#                                  pooling and ADD/SUB/MUL kernels
#   tools/helium_check.c:          the Helium forms of the same
set -euo pipefail
cd "$(dirname "$0")/.."

src=Sources/CGMLMicrokernels
flags=(-O2 -ffp-contract=off -Wall -Wextra -Werror -I "$src/include" -I "$src")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run_check() {
  local name=$1
  shift
  cc "${flags[@]}" "$@" -o "$out/$name-host"
  echo "microkernel-check: $name on the host ($(uname -m))"
  "$out/$name-host"
  if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null; then
    aarch64-linux-gnu-gcc -static "${flags[@]}" "$@" -o "$out/$name-aarch64"
    for cpu in cortex-a72 max,sme=off; do
      echo "microkernel-check: $name on aarch64 under qemu -cpu $cpu"
      qemu-aarch64 -cpu "$cpu" "$out/$name-aarch64"
    done
  else
    echo "microkernel-check: aarch64-linux-gnu-gcc or qemu-aarch64 missing; NEON not checked" >&2
  fi
}

run_check gemm tools/gemm_check.c "$src"/qs8_gemm*.c "$src"/qs8_conv*.c "$src"/qs8_im2col.c \
  "$src"/cpu_features.c
run_check lstm-activation tools/lstm_activation_check.c
run_check lstm-matvec tools/lstm_matvec_check.c
run_check dwconv-vbinary tools/dwconv_vbinary_check.c "$src"/qs8_dwconv*.c "$src"/qs8_vbinary*.c \
  "$src"/qs8_pool*.c "$src"/qs8_maxpool.c "$src"/qs8_mean*.c "$src"/cpu_features.c

dsp=(tools/dsp_check.c "$src"/qs8_*_dsp.c "$src"/qs8_vbinary_scalar.c "$src"/qs8_vbinary_linear.c)
cc "${flags[@]}" "${dsp[@]}" -lm -o "$out/dsp-host"
echo "microkernel-check: dsp on the host ($(uname -m))"
"$out/dsp-host"
if command -v arm-linux-gnueabihf-gcc >/dev/null && command -v qemu-arm >/dev/null; then
  arm-linux-gnueabihf-gcc -static -mcpu=cortex-a7 -mthumb "${flags[@]}" "${dsp[@]}" -lm -o "$out/dsp-arm"
  echo "microkernel-check: dsp on 32-bit Arm (DSP instructions, gcc) under qemu-arm"
  qemu-arm "$out/dsp-arm"
  clang --target=arm-linux-gnueabihf -mcpu=cortex-a7 -mthumb -static -fuse-ld=lld "${flags[@]}" \
    "${dsp[@]}" -lm -o "$out/dsp-arm-clang"
  echo "microkernel-check: dsp on 32-bit Arm (DSP instructions, clang) under qemu-arm"
  qemu-arm "$out/dsp-arm-clang"
else
  echo "microkernel-check: arm-linux-gnueabihf-gcc or qemu-arm missing; Cortex-M DSP not checked" >&2
fi

# The Helium kernels: a bare-metal program for the Cortex-M55 board.
if command -v arm-none-eabi-gcc >/dev/null && command -v qemu-system-arm >/dev/null; then
  board=samples/embedded/mps2-an386
  m55=(--target=thumbv8.1m.main-none-eabi -mcpu=cortex-m55 -mfloat-abi=hard -ffreestanding
    -fshort-enums)
  mkdir -p "$out/helium"
  for f in startup semihosting heap libc; do
    arm-none-eabi-gcc -mcpu=cortex-m55 -mthumb -mfloat-abi=hard -Os -ffreestanding -fno-builtin \
      -Wall -Wextra -c "$board/$f.c" -o "$out/helium/$f.o"
  done
  for f in tools/helium_check.c "$src"/qs8_*_dsp.c "$src"/qs8_*_helium.c \
    "$src"/qs8_vbinary_scalar.c "$src"/qs8_vbinary_linear.c; do
    clang "${m55[@]}" "${flags[@]}" -I tools -c "$f" -o "$out/helium/$(basename "${f%.c}").o"
  done
  ld.lld -T samples/embedded/mps3-an547/board.ld -L "$board" --gc-sections \
    -o "$out/helium/helium_check.elf" "$out"/helium/*.o \
    "$(arm-none-eabi-gcc -mcpu=cortex-m55 -mthumb -mfloat-abi=hard -print-libgcc-file-name)"
  echo "microkernel-check: helium on the Cortex-M55 board under qemu-system-arm -M mps3-an547"
  timeout 600 qemu-system-arm -M mps3-an547 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -kernel "$out/helium/helium_check.elf"
else
  echo "microkernel-check: arm-none-eabi-gcc or qemu-system-arm missing; Helium not checked" >&2
fi
