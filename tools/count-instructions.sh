#!/usr/bin/env bash
# tools/count-instructions.sh — exact instructions per invoke() of the embedded gml-run under qemu-user, per model and -cpu, and per MAC.
#
# usage: tools/count-instructions.sh [--cpu CPU]... [--isa TIER]... [--repeat R]
#                                    [--target aarch64|x86-64] [--gml-run PATH] [--out DIR]
#                                    [--profile N] MODEL.gml...
#        tools/count-instructions.sh --self-test
#
#   --cpu       qemu's -cpu (repeatable; default: cortex-a72 and max,sme=off
#               for aarch64, max for x86-64)
#   --isa       run with GML_ISA=TIER in the guest's environment (the cap
#               on the kernels' tier: neon, neondot, i8mm, ...; repeatable,
#               each -cpu with each); without it the environment's GML_ISA
#               applies if set, else the tiers on by default run
#   --repeat    R, the extra invokes of the second run (default 4)
#   --target    which gml-run: aarch64 (qemu-aarch64, default) or x86-64
#               (qemu-x86_64)
#   --gml-run   the gml-run to count (default DIR/TARGET/gml-run, built with
#               tools/embedded-build.sh TARGET when missing)
#   --out       tools/embedded-build.sh's folder (default .build-embedded);
#               the plugin is built into DIR/icount
#   --profile   also print, under each row, the N functions of gml-run
#               that execute the most instructions per invoke (the same
#               two runs, counted per guest address, summed per symbol;
#               qemu's page log, which says where gml-run was loaded, can
#               move the program's data and so its count by a few)
#   --self-test check the plugin on loops of known length (aarch64 for each
#               --cpu, and x86-64), then exit
#
# tools/qemu_icount.c, a TCG plugin (gcc -shared -fPIC -O2), adds 1 to a
# counter before every guest instruction. Each model runs twice with it:
# `gml-run MODEL --raw --runs 1 --untimed` and `--runs 1+R --untimed`,
# with the same inputs and argument lengths (the 1 padded with zeros), so
# the two runs differ by R invokes alone (the loading, prepare, input and
# output work cancel; so does whatever the first invoke does once); the
# difference / R is the instructions per invoke, including the call itself
# and the loop's few instructions. A difference not divisible by R is
# flagged: the invokes were not alike.
#
# Inputs: MODEL_input.npy beside MODEL.gml when there is one (as
# tools/bench_vs_litert.py leaves them: int8, passed --raw), else zeros of
# each input's type and shape. MACs: `gml inspect --json`'s footprint.macs,
# from $GML, else `swift build -c release`'s gml.
set -euo pipefail
here=$PWD
cd "$(dirname "$0")/.."
# A path given on the command line, as seen from the caller's folder.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$here/$1" ;; esac; }

cpus=() isas=() repeat=4 target=aarch64 gml_run="" out=.build-embedded self_test=0 models=()
profile=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu) cpus+=("$2"); shift ;;
    --isa) isas+=("$2"); shift ;;
    --repeat) repeat=$2; shift ;;
    --target) target=$2; shift ;;
    --gml-run) gml_run=$(absolute "$2"); shift ;;
    --out) out=$(absolute "$2"); shift ;;
    --self-test) self_test=1 ;;
    --profile) profile=$2; shift ;;
    -h | --help) sed -n '4,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "count-instructions: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    *) models+=("$(absolute "$1")") ;;
  esac
  shift
done
case "$target" in
  aarch64) qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu) default_cpus=(cortex-a72 max,sme=off) ;;
  x86-64) qemu=(qemu-x86_64) default_cpus=(max) ;;
  *) echo "count-instructions: --target is aarch64 or x86-64" >&2; exit 2 ;;
esac
if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  echo "count-instructions: --repeat needs a count, 1 or more" >&2
  exit 2
fi
if ! [[ "$profile" =~ ^[0-9]+$ ]]; then
  echo "count-instructions: --profile needs a count of functions" >&2
  exit 2
fi
if [ ${#cpus[@]} -eq 0 ]; then cpus=("${default_cpus[@]}"); fi
# No --isa: one run per -cpu, with the environment as it is.
if [ ${#isas[@]} -eq 0 ]; then isas=(""); fi
if [ $self_test -eq 0 ] && [ ${#models[@]} -eq 0 ]; then
  echo "count-instructions: no model given (see --help)" >&2
  exit 2
fi
mkdir -p "$out/icount"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

plugin=$out/icount/qemu_icount.so
gcc -shared -fPIC -O2 -Wall -Wextra -Werror tools/qemu_icount.c -o "$plugin"

# The instructions PROGRAM executes under qemu with the plugin. $1: the
# qemu command as a space-separated word list; rest: the program and its
# arguments. The program's output goes to $work/log; a failure shows it.
count() {
  local -a q
  read -r -a q <<<"$1"
  shift
  rm -f "$work/count"
  # With PROFILE_TO set: the per-address profile there, and qemu's page
  # log (where the program was loaded) beside it.
  local extra=() plugin_args="$plugin,out=$work/count"
  if [ -n "${PROFILE_TO:-}" ]; then
    extra=(-d page -D "$PROFILE_TO.pages")
    plugin_args+=",profile=$PROFILE_TO"
  fi
  if ! "${q[@]}" "${extra[@]}" -plugin "$plugin_args" "$@" >"$work/log" 2>&1; then
    echo "count-instructions: failed: ${q[*]} $*" >&2
    cat "$work/log" >&2
    return 1
  fi
  cat "$work/count"
}

# The plugin against loops whose length is known: _start loads N, runs a
# two-instruction loop N times (decrement and set flags, branch back) and
# exits with three instructions (exit(0) through the syscall): 2N + 4.
self_test() {
  local bad=0 n cpu
  cat >"$work/loop-aarch64.S" <<'EOF'
  .global _start
_start:
  ldr x0, =N
1:
  subs x0, x0, #1
  b.ne 1b
  mov x8, #93
  mov x0, #0
  svc #0
EOF
  cat >"$work/loop-x86-64.S" <<'EOF'
  .global _start
_start:
  mov $N, %rcx
1:
  dec %rcx
  jnz 1b
  mov $60, %eax
  xor %edi, %edi
  syscall
EOF
  # $1: the program; $2: N; $3: qemu and its -cpu, as words.
  check_loop() {
    local got expected=$((2 * $2 + 4)) verdict=ok
    got=$(count "$3" "$1")
    if [ "$got" != "$expected" ]; then verdict=WRONG bad=1; fi
    printf '  %-32s  loop of %7d: %8d instructions, expected %8d  %s\n' \
      "$3" "$2" "$got" "$expected" "$verdict"
  }
  # The profile: the counts per address add up to the total, and the
  # loop's two instructions ran N times each.
  check_profile() {
    local got
    aarch64-linux-gnu-gcc -nostdlib -static -DN=1000 "$work/loop-aarch64.S" -o "$work/loop-aarch64"
    PROFILE_TO=$work/loop.profile count "qemu-aarch64 -cpu ${cpus[0]}" "$work/loop-aarch64" >/dev/null
    got=$(awk '{ total += $2; if ($2 == 1000) loop++ } END { print total, loop }' "$work/loop.profile")
    if [ "$got" != "2004 2" ]; then
      echo "  profile of a loop of 1000: '$got' (total, addresses run 1000 times), expected '2004 2'  WRONG"
      bad=1
    else
      echo "  profile of a loop of 1000: 2004 instructions at 6 addresses, the loop's 2 run 1000 times  ok"
    fi
  }
  check_profile
  for n in 1000 1000000; do
    aarch64-linux-gnu-gcc -nostdlib -static -DN="$n" "$work/loop-aarch64.S" -o "$work/loop-aarch64"
    for cpu in "${cpus[@]}"; do check_loop "$work/loop-aarch64" "$n" "qemu-aarch64 -cpu $cpu"; done
    gcc -nostdlib -static -DN="$n" "$work/loop-x86-64.S" -o "$work/loop-x86-64"
    check_loop "$work/loop-x86-64" "$n" qemu-x86_64
  done
  if [ $bad -ne 0 ]; then
    echo "count-instructions: the plugin's counts are wrong" >&2
    exit 1
  fi
  echo "count-instructions: self-test passed: every loop counted exactly"
}

if [ $self_test -eq 1 ]; then
  self_test
  exit 0
fi

if [ -z "$gml_run" ]; then
  gml_run=$out/$target/gml-run
  if [ ! -x "$gml_run" ]; then
    bash tools/embedded-build.sh --out "$out" "$target" >&2
  fi
fi
host_gml=${GML:-}
if [ -z "$host_gml" ]; then
  swift build -c release --product gml >"$work/host-build.log" 2>&1 ||
    { cat "$work/host-build.log" >&2; exit 1; }
  host_gml=$(swift build -c release --show-bin-path)/gml
fi

# Writes MODEL's facts as shell words, from `gml inspect --json`: "MACS
# OUTPUTS TYPE:SHAPE..." (the output count, then a word per input, its
# shape comma-separated).
model_facts() {
  "$host_gml" inspect --json "$1" | python3 -c '
import json, sys
m = json.load(sys.stdin)
words = [str(m["footprint"]["macs"]), str(len(m["outputs"]))]
for i in m["inputs"]:
    t = m["tensors"][i]
    words.append(t["type"] + ":" + ",".join(str(d) for d in t["shape"]))
print(" ".join(words))'
}

# Writes a .npy of zeros: $1 path, $2 gml type, $3 comma-separated shape.
zeros_npy() { python3 tools/zeros_npy.py "$@"; }

# Prints the top $profile functions of gml-run per invoke: $1 and $2 the
# profiles of the short and long runs (and their .pages, qemu's -d page
# log, whose first mapping is where the program was loaded). Addresses
# outside gml-run (the C library, the loader) count as one row.
print_profile() {
  python3 - "$gml_run" "$1" "$2" "$repeat" "$profile" <<'EOF'
import bisect, re, shutil, subprocess, sys
binary, short, long = sys.argv[1], sys.argv[2], sys.argv[3]
repeat, top = int(sys.argv[4]), int(sys.argv[5])
names, starts = [], []
nm = subprocess.run(["nm", "-n", "--defined-only", binary], capture_output=True, text=True)
for line in nm.stdout.splitlines():
    parts = line.split()
    # (AArch64's mapping symbols $x and $d mark code and data, not functions.)
    if len(parts) == 3 and parts[1] in "tTwW" and not re.match(r"\$[xd](\.|$)", parts[2]):
        starts.append(int(parts[0], 16))
        names.append(parts[2])
text_end = max(starts) + 65536 if starts else 0


def base(pages):
    for line in open(pages):
        m = re.match(r"([0-9a-f]+)-[0-9a-f]+ ", line)
        if m:
            return int(m.group(1), 16)
    return 0


def per_symbol(path):
    offset, totals = base(path + ".pages"), {}
    for line in open(path):
        address, count = line.split()
        a = int(address, 16) - offset
        i = bisect.bisect_right(starts, a) - 1
        name = names[i] if 0 <= a < text_end and i >= 0 else "(outside gml-run)"
        totals[name] = totals.get(name, 0) + int(count)
    return totals


once, more = per_symbol(short), per_symbol(long)
rows = sorted(((more.get(k, 0) - once.get(k, 0)) / repeat, k) for k in set(once) | set(more))
rows = [r for r in reversed(rows) if r[0] > 0]
total = sum(n for n, _ in rows) or 1
shown = rows[:top]
pretty = [k for _, k in shown]
if shutil.which("swift"):
    run = subprocess.run(["swift", "demangle", "--simplified", "--compact"],
                         input="\n".join(pretty) + "\n", capture_output=True, text=True)
    if run.returncode == 0 and len(run.stdout.splitlines()) == len(pretty):
        pretty = run.stdout.splitlines()
for (n, _), name in zip(shown, pretty):
    print(f"    {n:12,.0f}  {100 * n / total:5.1f}%  {name[:110]}")
EOF
}

# Thousands separators: 1234567 -> 1,234,567.
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

row='%-24s %-12s %-10s %20s %14s %8s\n'
# shellcheck disable=SC2059  # the format is $row
printf "$row" model "-cpu" GML_ISA "instructions/invoke" MACs "per MAC"
bad=0
for model in "${models[@]}"; do
  name=$(basename "${model%.gml}")
  facts=$(model_facts "$model") || { echo "count-instructions: $model: gml inspect failed" >&2; exit 1; }
  read -r -a facts <<<"$facts"
  macs=${facts[0]}
  inputs=()
  if [ -f "${model%.gml}_input.npy" ] && [ ${#facts[@]} -eq 3 ]; then
    inputs=(--input "${model%.gml}_input.npy")
  else
    for ((k = 2; k < ${#facts[@]}; k++)); do
      zeros_npy "$work/input$k.npy" "${facts[$k]%%:*}" "${facts[$k]#*:}"
      inputs+=(--input "$work/input$k.npy")
    done
  fi
  # One --output per model output, the same paths in both runs.
  outputs=()
  for ((k = 0; k < facts[1]; k++)); do outputs+=(--output "$work/out$k.npy"); done
  long=$((1 + repeat))
  short=$(printf "%0${#long}d" 1)
  for cpu in "${cpus[@]}"; do
    for isa in "${isas[@]}"; do
      q="${qemu[*]} -cpu $cpu"
      if [ -n "$isa" ]; then q+=" -E GML_ISA=$isa"; fi
      args=("$gml_run" "$model" "${inputs[@]}" "${outputs[@]}" --raw --untimed --runs)
      if [ "$profile" -gt 0 ]; then export PROFILE_TO=$work/short; fi
      once=$(count "$q" "${args[@]}" "$short") || { bad=1; continue; }
      if [ "$profile" -gt 0 ]; then export PROFILE_TO=$work/long; fi
      more=$(count "$q" "${args[@]}" "$long") || { bad=1; continue; }
      unset PROFILE_TO
      diff=$((more - once))
      per=$((diff / repeat))
      note=""
      if [ $((diff % repeat)) -ne 0 ]; then
        note="  (not divisible by $repeat: the invokes differ)"
        bad=1
      fi
      # shellcheck disable=SC2059
      per_mac=$(awk -v i="$per" -v m="$macs" 'BEGIN { if (m > 0) printf "%.3f", i / m; else print "-" }')
      printf "$row" "$name" "$cpu" "${isa:-${GML_ISA:-default}}" "$(commas "$per")" \
        "$(commas "$macs")" "$per_mac$note"
      if [ "$profile" -gt 0 ]; then print_profile "$work/short" "$work/long"; fi
    done
  done
done
exit $bad
