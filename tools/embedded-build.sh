#!/usr/bin/env bash
# tools/embedded-build.sh — builds gml-run from the runtime's own sources in Embedded Swift for x86-64 Linux, aarch64 Linux and a Cortex-M board (qemu mps2-an386: Cortex-M4; mps3-an547: Cortex-M55).
#
# usage: tools/embedded-build.sh [--check] [--int8-only] [--out DIR] [TARGET...]
#        tools/embedded-build.sh --board MODEL.gml [--input X.npy ...] [--raw] [--runs N] [--isa dsp]
#                                [--machine mps2-an386|mps3-an547] [--int8-only] [--ops-of MODEL.gml]
#                                [--out DIR]
#
#   TARGET      x86-64, aarch64, cortex-m4, cortex-m55 (default: all four;
#               cortex-m55 is the board program for the M55: Swift built for
#               ARMv7E-M, which it runs, the C microkernels for the M55,
#               so the DSP tier's Conv2D runs on Helium)
#   --int8-only build the int8-only variant instead (DIR/TARGET-int8):
#               every int8 kernel, QUANTIZE and DEQUANTIZE, no float32,
#               hybrid or float16 kernels (Swift flag -D GML_INT8_ONLY);
#               other models are refused at init
#   --check     then run each target on the sample models (aarch64 under
#               qemu-aarch64, the board under qemu-system-arm) and compare
#               every output with the host's `gml run`, byte for byte, on
#               every ISA tier (GML_ISA; aarch64's dot-product and I8MM
#               tiers under qemu's -cpu max,sme=off);
#               also build the int8-only variant of each target and run
#               it on the int8 models (and check that it refuses a float
#               one); print sizes
#   --board     link MODEL.gml and its inputs into a board image,
#               DIR/cortex-m4/board.elf, with a static arena sized by the
#               host's `gml inspect`, and print how to run it
#   --runs      the board image invokes N times (default 1; outputs from
#               the last) and prints clock counts per invoke (min and
#               median) and per operator (the last invoke's): cycles
#               (DWT CYCCNT) on silicon, SysTick ticks under qemu
#   --isa dsp   the board image runs the Cortex-M DSP tier, off by default
#               until it has run on real hardware (--check runs the board
#               on both)
#   --machine   the board the image is built for: mps2-an386 (Cortex-M4,
#               the default) or mps3-an547 (Cortex-M55, the cortex-m55
#               build, at the secure addresses it boots in:
#               samples/embedded/mps3-an547)
#   --ops-of    build the runtime with MODEL.gml's operators only (a
#               generated OperatorSelection.swift): prepare refuses the
#               others and their code is left out of the program; for a
#               board image of that model (--board)
#   --out       the build folder (default .build-embedded)
#
# The host gml (--check, --board) is $GML, else `swift build -c release`'s.
#
# The Swift sources are Sources/GML{Core,FlatBuffers,Format,NumPy,Kernels,
# Runtime} as SwiftPM builds them, plus samples/embedded (see its README).
# Everything is compiled to LLVM bitcode and optimized for size (the C
# microkernels, the hot loops, at -O2) across modules when linked (lld
# from the Swift toolchain): 12-15% smaller.
set -euo pipefail
shopt -s globstar  # Sources/MODULE/**/*.swift: a module's files in subfolders too
cd "$(dirname "$0")/.."

modules=(GMLCore GMLFlatBuffers GMLFormat GMLNumPy GMLKernels GMLRuntime)
embedded=samples/embedded
swift_common=(-enable-experimental-feature Embedded -wmo -parse-as-library -Osize -lto=llvm-full)
m4_cpu=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
m55_cpu=(--target=thumbv8.1m.main-none-eabi -mcpu=cortex-m55 -mfloat-abi=hard)
m4_swift=(-target armv7em-none-none-eabi -Xcc -mfloat-abi=hard -Xcc -mfpu=fpv4-sp-d16
  -Xcc -fshort-enums -Xfrontend -disable-stack-protector)
# Runs a board image under qemu. $1: the time limit in seconds; $2: the
# machine; $3: the image.
run_board() {
  timeout "$1" qemu-system-arm -M "$2" -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -kernel "$3"
}

# C targets the runtime modules import (SwiftPM C targets, Sources/NAME/*.c
# with include/module.modulemap): swiftc finds them through -I, and their
# sources are compiled for the target with the toolchain's clang, as
# SwiftPM compiles them.
c_modules=() c_includes=()
for m in "${modules[@]}"; do
  for name in $(sed -n 's/^import \(C[A-Za-z0-9_]*\)$/\1/p' Sources/"$m"/**/*.swift); do
    if [ -f "Sources/$name/include/module.modulemap" ] &&
      [[ " ${c_modules[*]} " != *" $name "* ]]; then
      c_modules+=("$name")
      c_includes+=(-I "Sources/$name/include")
    fi
  done
done

check=0 int8_only=0 out=.build-embedded board_model="" board_raw=0 board_runs=1 board_dsp=0 host_gml="" ops_of=""
board_machine=mps2-an386
targets=() board_inputs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --int8-only) int8_only=1 ;;
    --out) out=$2; shift ;;
    --board) board_model=$2; shift ;;
    --ops-of) ops_of=$2; shift ;;
    --input) board_inputs+=("$2"); shift ;;
    --raw) board_raw=1 ;;
    x86-64 | aarch64 | cortex-m4 | cortex-m55) targets+=("$1") ;;
    --runs) board_runs=$2; shift ;;
    --machine)
      case "$2" in
        mps2-an386 | mps3-an547) board_machine=$2 ;;
        *) echo "embedded-build: --machine takes mps2-an386 or mps3-an547" >&2; exit 2 ;;
      esac
      shift
      ;;
    --isa)
      if [ "$2" != dsp ]; then echo "embedded-build: --isa takes dsp" >&2; exit 2; fi
      board_dsp=1
      shift
      ;;
    -h | --help) sed -n '4,45p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "embedded-build: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$board_model" ]; then
  targets=(cortex-m4)
  if [ "$board_machine" = mps3-an547 ]; then targets=(cortex-m55); fi
fi
if ! [[ "$board_runs" =~ ^[1-9][0-9]{0,5}$ ]]; then
  echo "embedded-build: --runs needs a count from 1 to 999999" >&2
  exit 2
fi
if [ ${#targets[@]} -eq 0 ]; then targets=(x86-64 aarch64 cortex-m4 cortex-m55); fi
# What is built: a target, or TARGET-int8 for its int8-only variant.
builds=()
for t in "${targets[@]}"; do
  if [ $int8_only -eq 0 ]; then builds+=("$t"); fi
  if [ $int8_only -eq 1 ] || [ $check -eq 1 ]; then builds+=("$t-int8"); fi
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The runtime modules as bitcode, in dependency order, for one target, and
# the C modules they import. $1: the build's folder; $2: a space-separated
# list of clang flags for the target; rest: swiftc flags.
build_modules() {
  local dir=$1/modules c f
  local -a clang_flags
  read -r -a clang_flags <<<"$2"
  shift 2
  mkdir -p "$dir"
  for c in "${c_modules[@]}"; do
    # The microkernels are the hot loops: -O2 (unrolled, vectorized, no
    # size attributes in the LTO link); the rest is built for size. The
    # README's "Deploying" section gives what -O2 costs in bytes and saves
    # in instructions (tools/count-instructions.sh). Not on the Cortex-M4:
    # only the portable kernels run there, and -O2 saved none of the KWS
    # model's 80 M instructions while costing 1.4 KB of flash.
    local opt=-Os lto=-flto
    local -a flags=("${clang_flags[@]}")
    if [ "$c" = CGMLMicrokernels ] && [[ "${clang_flags[*]}" != *armv7em* ]]; then opt=-O2; fi
    # The Cortex-M55 build's microkernels are built for the M55 (Helium),
    # as objects: LTO would need Swift's ARMv7E-M triple.
    if [ "$c" = CGMLMicrokernels ] && [ -n "${m55_microkernels:-}" ]; then
      flags=("${m55_cpu[@]}" -ffreestanding -fshort-enums) lto=
    fi
    for f in Sources/"$c"/*.c; do
      clang "${flags[@]}" "$opt" $lto -ffp-contract=off -DGML_NO_THREADS \
        -I "Sources/$c/include" -c "$f" -o "$dir/$c-$(basename "${f%.c}").o"
    done
  done
  for m in "${modules[@]}"; do
    local -a sources=()
    for f in Sources/"$m"/**/*.swift; do
      # --ops-of: the generated operator selection in place of the one that
      # runs every operator.
      if [ -n "$ops_of" ] && [ "$f" = Sources/GMLRuntime/OperatorSelection.swift ]; then
        f=$out/OperatorSelection.swift
      fi
      sources+=("$f")
    done
    swiftc "${swift_common[@]}" "$@" "${c_includes[@]}" -module-name "$m" -I "$dir" \
      -emit-module -emit-module-path "$dir/$m.swiftmodule" -c "${sources[@]}" -o "$dir/$m.o"
  done
}

# gml-run for Linux. $1: the build (target or TARGET-int8); $2: C compiler;
# $3: clang's --target for the link; $4: clang flags for the C modules (the
# Swift code's triple, so LTO sees one triple); rest: swiftc flags. The
# allocators are wrapped (alloc_count.c) so that gml-run can count what
# invoke() allocates.
build_linux() {
  local build=$1 cc=$2 triple=$3 dir=$out/$1
  build_modules "$dir" "$4" "${@:5}"
  shift 4
  swiftc "${swift_common[@]}" "$@" "${c_includes[@]}" -I "$dir/modules" \
    -import-objc-header "$embedded/gml-run/libc.h" -module-name GMLRun \
    -c "$embedded/common/EmbeddedRun.swift" "$embedded"/gml-run/*.swift -o "$dir/main.o"
  "$cc" -Os -Wall -Wextra -c "$embedded/gml-run/alloc_count.c" -o "$dir/alloc_count.o"
  local link=(-fuse-ld=lld -Wl,--gc-sections -Wl,--icf=all -Wno-override-module)
  for f in posix_memalign malloc calloc realloc aligned_alloc; do link+=("-Wl,--wrap=$f"); done
  # x86-64 gets LLVM's machine outliner only when asked (AArch64 runs it
  # by default on size-optimized code): 7 KB less.
  if [ "${build%-int8}" = x86-64 ]; then link+=(-Wl,-mllvm,-enable-machine-outliner=always); fi
  clang --target="$triple" "${link[@]}" -o "$dir/gml-run" "$dir/main.o" "$dir"/modules/*.o \
    "$dir/alloc_count.o" -lm
  llvm-objcopy --strip-all "$dir/gml-run" "$dir/gml-run.stripped"
  echo "embedded-build: $build gml-run: $(stat -c %s "$dir/gml-run.stripped") bytes stripped"
}

# The board's objects, shared by every model's image. $1: the build
# (cortex-m4, cortex-m55, or either's -int8); rest: extra swiftc flags.
build_board() {
  local build=$1 dir=$out/$1
  shift
  build_modules "$dir" \
    "--target=armv7em-none-none-eabi ${m4_cpu[*]} -ffreestanding -fshort-enums" "${m4_swift[@]}" \
    "$@"
  swiftc "${swift_common[@]}" "${m4_swift[@]}" "$@" "${c_includes[@]}" -I "$dir/modules" \
    -import-objc-header "$embedded/mps2-an386/board.h" -module-name GMLBoard \
    -c "$embedded/common/EmbeddedRun.swift" "$embedded/mps2-an386/main.swift" -o "$dir/main.o"
  for f in startup semihosting heap libc flash; do
    arm-none-eabi-gcc "${m4_cpu[@]}" -Os -ffreestanding -fno-builtin -ffunction-sections \
      -fdata-sections -Wall -Wextra -c "$embedded/mps2-an386/$f.c" -o "$dir/$f.o"
  done
  echo "embedded-build: $build objects built"
}

# The host's gml: $GML, else built with `swift build -c release`.
find_host_gml() {
  [ -z "$host_gml" ] || return 0
  host_gml=${GML:-}
  if [ -z "$host_gml" ]; then
    swift build -c release --product gml >"$out/host-build.log" 2>&1 ||
      { cat "$out/host-build.log" >&2; exit 1; }
    host_gml=$(swift build -c release --show-bin-path)/gml
  fi
}

# The arena the board's interpreter needs for MODEL, as `gml inspect --json`
# gives it (no SIMD, so no weights repacked; one thread): "BYTES ALIGNMENT".
# Needs find_host_gml first.
board_arena() {
  local arena
  arena=$("$host_gml" inspect --json "$1" | awk '
    /"microcontroller_bytes": [0-9]/ { gsub(/[^0-9]/, "", $2); bytes = $2; next }
    bytes != "" && /"alignment": [0-9]/ { gsub(/[^0-9]/, "", $2); print bytes, $2; exit }')
  if [ -z "$arena" ]; then
    echo "embedded-build: $1 does not prepare on the host (gml inspect has no arena)" >&2
    exit 1
  fi
  echo "$arena"
}

# Links one board image. $1: the board build's folder; $2: the image
# (.elf); $3: the .gml; $4: raw (0/1); $5: the host folder its outputs are
# written to (out0.npy, ...); rest: the input .npy files. The generated
# glue puts them in flash (.incbin) and reserves the model's arena in
# .bss.
link_board() {
  local dir=$1 elf=$2 model=$3 raw=$4 results=$5 k=0 i arena arena_bytes arena_alignment
  shift 5
  arena=$(board_arena "$model") || exit 1
  read -r arena_bytes arena_alignment <<<"$arena"
  local glue=${elf%.elf}.S
  {
    echo "/* Generated by tools/embedded-build.sh for $(basename "$model"). Do not edit. */"
    echo '  .section .gml_flash, "a"'
    echo '  .global gml_flash_model, gml_flash_model_end, gml_flash_inputs'
    echo '  .global gml_flash_input_count, gml_flash_outputs, gml_flash_output_count, gml_flash_raw'
    echo '  .global gml_flash_runs, gml_flash_dsp'
    echo '  .balign 64'
    echo "gml_flash_model: .incbin \"$(realpath "$model")\""
    echo 'gml_flash_model_end:'
    for input in "$@"; do
      echo '  .balign 4'
      echo "input$k: .incbin \"$(realpath "$input")\""
      echo "input${k}_end:"
      k=$((k + 1))
    done
    # The tables and output paths go with the program's constants.
    echo '  .section .rodata.gml_glue, "a"'
    echo '  .balign 4'
    echo 'gml_flash_inputs:'
    for ((i = 0; i < k; i++)); do echo "  .word input$i, input${i}_end - input$i"; done
    echo "gml_flash_input_count: .word $k"
    echo "gml_flash_raw: .word $raw"
    echo "gml_flash_runs: .word $board_runs"
    echo "gml_flash_dsp: .word $board_dsp"
    # Room for 8 outputs: the program writes as many as the model has.
    echo 'gml_flash_outputs:'
    for i in 0 1 2 3 4 5 6 7; do echo "  .word output$i"; done
    echo 'gml_flash_output_count: .word 8'
    for i in 0 1 2 3 4 5 6 7; do echo "output$i: .asciz \"$results/out$i.npy\""; done
    echo '  .balign 4'
    echo "gml_board_arena_size: .word $arena_bytes"
    echo '  .global gml_board_arena, gml_board_arena_size'
    echo '  .section .bss.gml_arena, "aw", %nobits'
    echo "  .balign $arena_alignment"
    echo "gml_board_arena: .space $arena_bytes"
  } >"$glue"
  arm-none-eabi-gcc "${m4_cpu[@]}" -c "$glue" -o "${glue%.S}.o"
  ld.lld -T "$embedded/$board_machine/board.ld" -L "$embedded/mps2-an386" --gc-sections --icf=all -Map="${elf%.elf}.map" -o "$elf" \
    "$dir"/{startup,semihosting,heap,libc,flash}.o "${glue%.S}.o" "$dir/main.o" \
    "$dir"/modules/*.o "$(arm-none-eabi-gcc "${m4_cpu[@]}" -print-libgcc-file-name)"
}

# Builds $1: a target, or TARGET-int8 for its int8-only variant.
build_one() {
  local variant=()
  if [ "${1%-int8}" != "$1" ]; then variant=(-D GML_INT8_ONLY); fi
  case "${1%-int8}" in
    x86-64)
      build_linux "$1" cc x86_64-linux-gnu --target=x86_64-unknown-linux-gnu "${variant[@]}"
      ;;
    aarch64)
      # The C modules get Swift's bare-metal triple (one triple for LTO),
      # and __linux__, which it lacks: the program runs on Linux, so the
      # microkernels ask the kernel for the dot-product and I8MM tiers
      # (getauxval) and read the GML_ISA cap (getenv), both from glibc.
      build_linux "$1" aarch64-linux-gnu-gcc aarch64-linux-gnu \
        "--target=aarch64-none-none-elf -ffreestanding -D__linux__" -target aarch64-none-none-elf \
        "${variant[@]}"
      ;;
    cortex-m4) build_board "$1" "${variant[@]}" ;;
    cortex-m55) m55_microkernels=1 build_board "$1" "${variant[@]}" ;;
  esac
}

# The sample models --check runs: name, gml-float source, `gml convert`
# flags, input, raw (1: int8 in and out, as `gml run --raw`).
check_cases() {
  local d=samples/digits k=$out/check/kws o=$out/check/ops t=samples/transformer
  local f=Tests/GMLConverterTests/Fixtures/tflite r=Tests/GMLConverterTests/Fixtures/recurrent_ops
  local e=Tests/GMLConverterTests/Fixtures/embedding_ops
  local q8="--quantize int8 --calibration"
  echo "digits-float|$d/model.json||$d/test_x_0.npy|0"
  echo "digits-int8|$d/model.json|$q8 $d/calibration.npy|$d/test_x_0.npy|0"
  echo "digits-dynamic|$d/model.json|--quantize dynamic|$d/test_x_0.npy|0"
  echo "digits-float16|$d/model.json|--quantize float16|$d/test_x_0.npy|0"
  echo "kws-float|$k/model.json||$k/input.npy|0"
  echo "kws-int8|$k/model.json|$q8 $k/calibration.npy|$k/input.npy|0"
  echo "kws-int8-io|$k/model.json|--io int8 $q8 $k/calibration.npy|$k/input_int8.npy|1"
  echo "every-op-float|$o/model.json||$o/input.npy|0"
  echo "every-op-int8|$o/model.json|$q8 $o/calibration.npy|$o/input.npy|0"
  echo "transformer-float|$t/model.json||$t/test_x_0.npy|0"
  echo "transformer-int8|$t/model.json|$q8 $t/calibration.npy|$t/test_x_0.npy|0"
  echo "lstm-float|$f/lstm_kws_float.tflite||$f/lstm_kws_input.npy|0"
  echo "lstm-int8|$f/lstm_kws_int8.tflite||$f/lstm_kws_int8_input.npy|1"
  echo "fused-lstm-int8|$f/fused_lstm_int8.tflite||$f/fused_lstm_int8_input.npy|1"
  echo "recurrent-float|$r/model.json||$r/input.npy|0"
  echo "recurrent-int8|$r/model.json|$q8 $r/input.npy|$r/input.npy|0"
  echo "embedding-float|$e/model.json||$e/input.npy|0"
  echo "embedding-int8|$e/model.json|$q8 $e/input.npy|$e/input.npy|0"
  echo "embedding-tflite-int8|$f/embedding_net_int8.tflite||$f/embedding_net_input.npy|1"
}

# The cases build $1 runs: every one; for an int8-only build the int8
# models, and digits-float, which it must refuse (raw field "refuse").
build_cases() {
  if [ "${1%-int8}" = "$1" ]; then
    check_cases
  else
    check_cases | grep -E '^[a-z-]*-int8[a-z-]*\|'
    check_cases | grep '^digits-float|' | sed 's/|0$/|refuse/'
  fi
}

# Converts the sample models and runs them with the host's gml:
# DIR/check/NAME.gml and NAME.host.npy (the portable tier: the reference
# kernels' float values, which every target but x86-64's SIMD tiers
# computes), on x86-64 also NAME.host.TIER.npy for the SIMD tiers, whose
# fast float kernels sum in another order. Two are generated: the KWS model
# (samples/kws/make_kws.c) and one using every op gml runs
# (samples/embedded/ops/make_ops.c), so every kernel is checked.
check_prepare() {
  local dir=$out/check name source flags input raw
  find_host_gml
  mkdir -p "$dir/kws" "$dir/ops"
  cc -O2 -o "$dir/make_kws" samples/kws/make_kws.c -lm
  "$dir/make_kws" "$dir/kws"
  cc -O2 -o "$dir/make_ops" "$embedded/ops/make_ops.c"
  "$dir/make_ops" "$dir/ops"
  while IFS='|' read -r name source flags input raw; do
    # shellcheck disable=SC2086  # $flags is a list of words
    "$host_gml" convert "$source" -o "$dir/$name.gml" $flags >"$dir/$name.convert.log" 2>&1 ||
      { cat "$dir/$name.convert.log" >&2; exit 1; }
    local r=()
    if [ "$raw" = 1 ]; then r=(--raw); fi
    "$host_gml" run "$dir/$name.gml" --input "$input" --output "$dir/$name.host.npy" "${r[@]}" \
      --isa portable >/dev/null
    if [ "$(uname -m)" = x86_64 ]; then
      for isa in avx2 avx512vnni; do
        "$host_gml" run "$dir/$name.gml" --input "$input" --output "$dir/$name.host.$isa.npy" \
          "${r[@]}" --isa $isa >/dev/null
      done
    fi
  done < <(check_cases)
}

# The verdict on one run: $1 status, $2 log, $3 output, $4 the host's, $5
# the case's raw field ("refuse": an int8-only build must refuse the model).
verdict() {
  if [ "$5" = refuse ]; then
    if [ "$1" -ne 0 ] && grep -q 'this build runs int8 operators only' "$2"; then
      echo "refused (int8-only build), as it must be"
    else
      echo "NOT REFUSED (exit $1): $(tail -1 "$2")"
    fi
  elif [ "$1" -ne 0 ]; then
    echo "FAILED (exit $1): $(tail -1 "$2")"
  elif ! cmp -s "$3" "$4"; then
    echo "DIFFERS from the host's output"
  else
    echo "same bytes as host, $(grep -o 'allocations during invoke: [0-9]*' "$2" |
      sed 's/allocations during invoke/allocs in invoke/')"
  fi
}

# Runs one Linux gml-run build on its sample models; 1 if any output differs.
check_linux() {
  local build=$1 dir=$out/check bad=0 name source flags input raw variant cpu isa
  # Every ISA tier: on x86-64 natively (tiers this CPU lacks fall back to
  # the next one down), on aarch64 under qemu as a Cortex-A72 (NEON) and as
  # a CPU with the dot product and I8MM (SME off: qemu 7.2 gets it wrong),
  # each tier named by GML_ISA.
  local variants=("|avx512vnni" "|avx2" "|portable")
  if [ "${build%-int8}" = aarch64 ]; then
    variants=("cortex-a72|neon" "max,sme=off|neondot" "max,sme=off|i8mm" "cortex-a72|portable")
  fi
  for variant in "${variants[@]}"; do
    cpu=${variant%|*} isa=${variant#*|}
    local run=("$out/$build/gml-run")
    if [ -n "$cpu" ]; then run=(qemu-aarch64 -cpu "$cpu" -L /usr/aarch64-linux-gnu "${run[@]}"); fi
    while IFS='|' read -r name source flags input raw; do
      local r=() result=$dir/$name.$build.$isa.npy log=$dir/$name.$build.$isa.log status=0 v
      if [ "$raw" = 1 ]; then r=(--raw); fi
      GML_ISA=$isa "${run[@]}" "$dir/$name.gml" --input "$input" --output "$result" "${r[@]}" \
        >"$log" 2>&1 || status=$?
      local expected=$dir/$name.host.npy
      if [ "${build%-int8}" = x86-64 ] && [ -f "$dir/$name.host.$isa.npy" ]; then
        expected=$dir/$name.host.$isa.npy
      fi
      v=$(verdict $status "$log" "$result" "$expected" "$raw")
      case "$v" in same* | refused*) ;; *) bad=1 ;; esac
      printf '  %-14s  %-11s  %-15s  %s\n' "$build" "$isa" "$name" "$v"
    done < <(build_cases "$build")
  done
  # A short relative output path (a small Swift string once trapped on
  # aarch64): the KWS int8 model into DIR/check/k.npy.
  local status=0 v log=$dir/short.$build.log run=("$out/$build/gml-run")
  if [ "${build%-int8}" = aarch64 ]; then run=(qemu-aarch64 -L /usr/aarch64-linux-gnu "${run[@]}"); fi
  rm -f "$dir/k.npy"
  (cd "$dir" && "${run[@]}" kws-int8.gml --input kws/input.npy --output k.npy) >"$log" 2>&1 ||
    status=$?
  v=$(verdict $status "$log" "$dir/k.npy" "$dir/kws-int8.host.npy" 0)
  case "$v" in same*) ;; *) bad=1 ;; esac
  printf '  %-14s  %-11s  %-15s  %s\n' "$build" "-o k.npy" kws-int8 "$v"
  return $bad
}

# Links and runs every sample model of a board build; prints its flash and
# RAM in bytes. Flash: all that is loaded at 0 (code, constants, .data's
# initial values, the model and input). RAM: .data + .bss (the static
# arena is in it), then what the run reports: the heap's high-water mark
# ("live" is the most allocated and not yet freed at once; "kept" what is
# still allocated after init: the interpreter's bookkeeping) and the
# stack's.
check_board() {
  local build=$1 dir=$out/check bad=0 name source flags input raw
  local row='  %-15s  %-24s  %-39s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n'
  # shellcheck disable=SC2059  # the format is $row
  printf "$row" build model result flash "model+" "RAM:" arena heap heap heap stack "RAM"
  # shellcheck disable=SC2059
  printf "$row" "" "" "" "" input static "" peak live kept peak total
  # Each model on the portable tier and on the DSP tier (--isa dsp); the
  # Cortex-M55 build on its board, on the DSP tier (Helium's Conv2D).
  local board_machine=mps2-an386 tiers=(portable dsp)
  if [ "${build%-int8}" = cortex-m55 ]; then board_machine=mps3-an547 tiers=(dsp); fi
  while IFS='|' read -r name source flags input raw; do
    for tier in "${tiers[@]}"; do
      board_dsp=0
      if [ $tier = dsp ]; then board_dsp=1; fi
      local key=$name.$build.$tier.$board_machine
      local elf=$dir/$key.elf results=$dir/$key log=$dir/$key.log status=0 v
      local r=$raw
      if [ "$r" = refuse ]; then r=0; fi
      mkdir -p "$results"
      rm -f "$results"/out*.npy "$elf" # nothing of an earlier run counts
      link_board "$out/$build" "$elf" "$dir/$name.gml" "$r" "$results" "$input"
      run_board 300 "$board_machine" "$elf" >"$log" 2>&1 || status=$?
      v=$(verdict $status "$log" "$results/out0.npy" "$dir/$name.host.npy" "$raw")
      case "$v" in same* | refused*) ;; *) bad=1 ;; esac
      local sizes flash flashed static heap stack
      sizes=$(arm-none-eabi-size -A "$elf")
      flash=$(awk '$1 ~ /^\.(vectors|text|gml_flash|ARM\.exidx|data)$/ {s += $2} END {print s}' \
        <<<"$sizes")
      flashed=$(awk '$1 == ".gml_flash" {print $2}' <<<"$sizes")
      static=$(awk '$1 ~ /^\.(data|bss)$/ {s += $2} END {print s}' <<<"$sizes")
      heap=$(sed -n 's/^heap peak: \([0-9]*\).*/\1/p' "$log")
      stack=$(sed -n 's/^stack peak: \([0-9]*\).*/\1/p' "$log")
      # shellcheck disable=SC2059
      printf "$row" "$build" "$name/$tier" "$v" "$flash" "$flashed" "$static" \
        "$(sed -n 's/^arena: \([0-9]*\).*/\1/p' "$log")" "${heap:-?}" \
        "$(sed -n 's/^heap live peak: \([0-9]*\).*/\1/p' "$log")" \
        "$(sed -n 's/^heap after init: \([0-9]*\).*/\1/p' "$log")" "${stack:-?}" \
        "$((static + ${heap:-0} + ${stack:-0}))"
    done
  done < <(build_cases "$build")
  return $bad
}

# Stripped sizes of the Linux gml-run builds and of the board program
# without model (the digits int8 image less its .gml_flash).
print_sizes() {
  local b size elf
  for b in "${builds[@]}"; do
    if [ "${b%-int8}" = cortex-m4 ] || [ "${b%-int8}" = cortex-m55 ]; then
      elf=$(ls "$out/check/digits-int8.$b".*.elf | head -1)
      [ $check -eq 1 ] || continue
      echo "embedded-build: $b program: $(arm-none-eabi-size -A "$elf" | awk '
        $1 ~ /^\.(vectors|text|ARM\.exidx|data)$/ {s += $2} END {print s}') bytes of flash" \
        "without model and input"
      continue
    fi
    size=size
    if [ "${b%-int8}" = aarch64 ]; then size=aarch64-linux-gnu-size; fi
    echo "embedded-build: $b gml-run: $(stat -c %s "$out/$b/gml-run.stripped") bytes stripped" \
      "($("$size" -A "$out/$b/gml-run" | awk '$1 ~ /^\.(text|rodata|data)$/ {
        printf "%s%s %s", n++ ? ", " : "", $1, $2}'))"
  done
}

run_check() {
  local start=$SECONDS bad=0 b s
  mkdir -p "$out/check"
  check_prepare
  echo "embedded-build: sample models converted and run on the host in $((SECONDS - start)) s"
  for b in "${builds[@]}"; do
    s=$SECONDS
    case "$b" in
      cortex-m4* | cortex-m55*) check_board "$b" || bad=1 ;;
      *) check_linux "$b" || bad=1 ;;
    esac
    echo "embedded-build: checked $b in $((SECONDS - s)) s"
  done
  print_sizes
  if [ $bad -ne 0 ]; then
    echo "embedded-build: an output differs from the host's or a run failed" \
      "(logs in $out/check)" >&2
    exit 1
  fi
  echo "embedded-build: every output equals the host's, byte for byte"
}

# --ops-of MODEL: OperatorSelection.swift answering true for MODEL's
# operators only (by their pinned schema values), for build_modules.
write_selection() {
  [ -n "$ops_of" ] || return 0
  find_host_gml
  local codes
  codes=$("$host_gml" inspect --json "$ops_of" | python3 -c '
import json, re, sys
schema = open("schema/gml.fbs").read()
block = schema[schema.index("enum OpCode"):]
block = block[:block.index("}")]
values = dict(re.findall(r"^\s+([A-Z0-9_]+) = (\d+),", block, re.M))
ops = sorted({int(values[o["op"]]) for o in json.load(sys.stdin)["operators"]})
print(", ".join(map(str, ops)))') || { echo "embedded-build: cannot read $ops_of" >&2; exit 1; }
  cat >"$out/OperatorSelection.swift" <<SWIFT
// Generated by tools/embedded-build.sh --ops-of $(basename "$ops_of"): the operators it runs.
import GMLFormat

extension OpCode {
  /// Whether this build runs the operator: $(basename "$ops_of")'s only.
  @inline(__always)
  var isBuilt: Bool {
    switch rawValue {
    case $codes: return true
    default: return false
    }
  }
}
SWIFT
  echo "embedded-build: operators of $(basename "$ops_of") only (schema values $codes)"
}
write_selection

# Build side by side, two at a time (each LTO link takes a core); each log
# is shown when its build is done.
start=$SECONDS
failed=0
for ((i = 0; i < ${#builds[@]}; i += 2)); do
  pids=()
  for b in "${builds[@]:i:2}"; do
    build_one "$b" >"$out/$b.log" 2>&1 &
    pids+=($!)
  done
  for j in "${!pids[@]}"; do
    wait "${pids[$j]}" || failed=1
    cat "$out/${builds[$((i + j))]}.log"
  done
done
if [ $failed -ne 0 ]; then
  echo "embedded-build: a build failed (logs above)" >&2
  exit 1
fi
echo "embedded-build: built ${builds[*]} in $((SECONDS - start)) s"

if [ -n "$board_model" ]; then
  find_host_gml
  board=$out/${builds[0]}
  mkdir -p "$board/board-out"
  link_board "$board" "$board/board.elf" "$board_model" "$board_raw" "$board/board-out" \
    "${board_inputs[@]}"
  arm-none-eabi-size "$board/board.elf"
  echo "run it: qemu-system-arm -M $board_machine -nographic -monitor none -serial none" \
    "-semihosting-config enable=on,target=native -kernel $board/board.elf"
  echo "(outputs go to $board/board-out/)"
elif [ $check -eq 1 ]; then
  run_check
else
  print_sizes
fi
