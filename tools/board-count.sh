#!/usr/bin/env bash
# tools/board-count.sh — instructions per inference of the Cortex-M4 (or M55) board image, per model and per MAC, from SysTick under qemu -icount shift=0; --gate fails CI when the KWS sample's count grows.
#
# usage: tools/board-count.sh [--int8-only] [--isa dsp] [--machine mps3-an547] [--select]
#                             [--out DIR] MODEL.gml[:INPUT.npy]...
#        tools/board-count.sh --gate
#
#   MODEL.gml[:INPUT.npy]  a model and its raw int8 input (zeros when left
#                          out); each is linked into a board image
#                          (tools/embedded-build.sh --board --raw) and run
#                          once under qemu-system-arm -M mps2-an386 with
#                          -icount shift=0, where a SysTick tick of the
#                          25 MHz clock is 40 instructions
#   --int8-only            the int8-only board build
#   --isa dsp              the Cortex-M DSP tier (tools/embedded-build.sh
#                          --isa dsp; off by default)
#   --select               each image with its model's operators only
#                          (tools/embedded-build.sh --ops-of), and its
#                          output checked against the host's gml run --raw
#   --machine mps3-an547   the Cortex-M55 board (qemu's mps3-an547, whose
#                          SysTick runs at 32 MHz: a tick is 31.25
#                          instructions, so counts are to 32) instead of
#                          the Cortex-M4's mps2-an386
#   --gate                 the KWS sample (samples/kws, int8 with int8 I/O,
#                          int8-only build) against the count in
#                          samples/kws/cortex-m4-instructions.txt, on the
#                          DSP tier, with --select: fails when it grows by
#                          more than 2 % (and says so when it shrinks by
#                          more, to update the file) or its output is not
#                          the host's
#   --out                  the build folder (default .build-embedded/count)
#
# Prints per model: instructions per invoke (ticks × 40 on the M4, × 31.25 on
# the M55), MACs (`gml inspect`) and instructions per MAC. The host
# gml is $GML, else `swift build -c release`'s.
set -euo pipefail
cd "$(dirname "$0")/.."

out=.build-embedded/count int8_only=() isa=() gate=0 models=() machine=mps2-an386 select=0
while [ $# -gt 0 ]; do
  case "$1" in
    --int8-only) int8_only=(--int8-only) ;;
    --isa) isa=(--isa "$2"); shift ;;
    --machine) machine=$2; shift ;;
    --select) select=1 ;;
    --gate) gate=1 int8_only=(--int8-only) isa=(--isa dsp) machine=mps2-an386 select=1 ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '4,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "board-count: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) models+=("$1") ;;
  esac
  shift
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
gml=${GML:-}
if [ -z "$gml" ]; then
  swift build -c release --product gml >"$out/host-build.log" 2>&1 ||
    { cat "$out/host-build.log" >&2; exit 1; }
  gml=$(swift build -c release --show-bin-path)/gml
fi
baseline=samples/kws/cortex-m4-instructions.txt
if [ $gate -eq 1 ]; then
  mkdir -p "$out/kws"
  cc -O2 -o "$out/make_kws" samples/kws/make_kws.c -lm
  "$out/make_kws" "$out/kws" >/dev/null
  "$gml" convert "$out/kws/model.json" -o "$out/kws/kws-int8-io.gml" --io int8 --quantize int8 \
    --calibration "$out/kws/calibration.npy" >"$out/convert.log" 2>&1 ||
    { cat "$out/convert.log" >&2; exit 1; }
  models=("$out/kws/kws-int8-io.gml:$out/kws/input_int8.npy")
fi
if [ ${#models[@]} -eq 0 ]; then
  echo "board-count: no model (see --help)" >&2
  exit 2
fi

# A .npy of zeros for MODEL's first input: $1 the model, $2 the path.
zeros_input() {
  local input
  input=$("$gml" inspect --json "$1" | python3 -c '
import json, sys
m = json.load(sys.stdin)
t = m["tensors"][m["inputs"][0]]
print(t["type"], ",".join(str(d) for d in t["shape"]))')
  # shellcheck disable=SC2086  # type and shape: two words
  python3 tools/zeros_npy.py "$2" $input
}

row='%-28s %16s %14s %10s\n'
# shellcheck disable=SC2059  # the format is $row
printf "$row" model "instructions" MACs "per MAC"
status=0
for spec in "${models[@]}"; do
  model=${spec%%:*} input=${spec#*:}
  name=$(basename "${model%.gml}")
  if [ "$input" = "$spec" ]; then
    input=$out/$name.zeros.npy
    zeros_input "$model" "$input"
  fi
  ops=()
  if [ $select -eq 1 ]; then ops=(--ops-of "$model"); fi
  GML=$gml bash tools/embedded-build.sh "${int8_only[@]}" "${isa[@]}" --machine "$machine" \
    --out "$out/build" "${ops[@]}" \
    --board "$model" --input "$input" --raw >"$out/$name.build.log" 2>&1 ||
    { cat "$out/$name.build.log" >&2; exit 1; }
  build=cortex-m4
  if [ "$machine" = mps3-an547 ]; then build=cortex-m55; fi
  if [ ${#int8_only[@]} -gt 0 ]; then build=$build-int8; fi
  elf=$out/build/$build/board.elf
  timeout 600 qemu-system-arm -M "$machine" -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -icount shift=0 -kernel "$elf" \
    >"$out/$name.run.log" 2>&1 || { cat "$out/$name.run.log" >&2; exit 1; }
  ticks=$(sed -n 's/^invoke: \([0-9]*\) ticks$/\1/p' "$out/$name.run.log")
  if [ -z "$ticks" ]; then cat "$out/$name.run.log" >&2; exit 1; fi
  if [ $select -eq 1 ]; then
    "$gml" run "$model" --input "$input" --output "$out/$name.host.npy" --raw >/dev/null
    if ! cmp -s "$out/build/$build/board-out/out0.npy" "$out/$name.host.npy"; then
      echo "board-count: $name's image with its operators only differs from the host" >&2
      status=1
    fi
  fi
  # Instructions a tick: 25 MHz (mps2-an386) or 32 MHz (mps3-an547) at 1 ns
  # an instruction.
  count=$((ticks * 40))
  if [ "$machine" = mps3-an547 ]; then count=$((ticks * 125 / 4)); fi
  macs=$("$gml" inspect --json "$model" | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["footprint"]["macs"])')
  # shellcheck disable=SC2059
  printf "$row" "$name" "$count" "$macs" "$(awk -v c="$count" -v m="$macs" \
    'BEGIN { if (m > 0) printf "%.3f", c / m; else print "-" }')"
  if [ $gate -eq 1 ]; then
    expected=$(sed -n 's/^kws-int8-io \([0-9]*\)$/\1/p' "$baseline")
    if [ "$count" -gt $((expected + expected / 50)) ]; then
      echo "board-count: KWS on the Cortex-M4 takes $count instructions, more than 2 % above" \
        "the $expected of $baseline" >&2
      status=1
    elif [ "$count" -lt $((expected - expected / 50)) ]; then
      echo "board-count: KWS takes $count instructions, more than 2 % below $baseline's" \
        "$expected: update it"
    else
      echo "board-count: KWS within 2 % of $baseline ($expected)"
    fi
  fi
done
exit $status
