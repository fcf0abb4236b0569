#!/usr/bin/env bash
# tools/fuzz.sh — builds the libFuzzer targets of Tests/Fuzz with AddressSanitizer and runs each for a while.
#
# usage: tools/fuzz.sh [--time SECONDS] [--jobs N] [--out DIR] [--build-only] [TARGET...]
#
#   TARGET        model, gml-float, npy, tflite (default: all four; see
#                 Tests/Fuzz/README.md for what each covers)
#   --time        seconds each target runs (default 60)
#   --jobs        targets run at once (default 2)
#   --out         the build and work folder (default .build-fuzz)
#   --build-only  build the targets, run none
#
# The runtime and converter modules are compiled from their SwiftPM
# sources with `swiftc -sanitize=fuzzer,address` (coverage and ASan; -O),
# their C modules with clang's matching flags, and each target links one
# Tests/Fuzz/*Fuzzer.swift and Tests/Fuzz/Support with them. A run starts
# from the seeds in Tests/Fuzz/Corpus/TARGET (never written) and keeps
# what it finds in OUT/corpus/TARGET, so later runs go on from there.
# Exits 1 when any target reports a crash, trap, leak, timeout (10 s an
# input), memory above 2 GB or a sanitizer error, after printing the
# report, the input that caused it and the command that reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(model gml-float npy tflite)
modules=(GMLCore GMLFlatBuffers GMLFormat GMLNumPy GMLKernels GMLRuntime GMLConverter)
swift_flags=(-sanitize=fuzzer,address -O -gline-tables-only -parse-as-library
  -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility)
fuzzer_flags=(-timeout=10 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1)

time=60 jobs=2 out=.build-fuzz build_only=0 targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) time=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --out) out=$2; shift ;;
    --build-only) build_only=1 ;;
    model | gml-float | npy | tflite) targets+=("$1") ;;
    -h | --help) sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ ${#targets[@]} -eq 0 ]; then targets=("${all_targets[@]}"); fi
mkdir -p "$out/modules"
out=$(cd "$out" && pwd)

# The harness file of a target.
harness() {
  case "$1" in
    model) echo Tests/Fuzz/ModelFuzzer.swift ;;
    gml-float) echo Tests/Fuzz/GMLFloatFuzzer.swift ;;
    npy) echo Tests/Fuzz/NPYFuzzer.swift ;;
    tflite) echo Tests/Fuzz/TFLiteFuzzer.swift ;;
  esac
}

# The C modules the Swift modules import: SwiftPM C targets
# (Sources/NAME/include/module.modulemap, sources compiled here) and system
# libraries (Sources/NAME/module.modulemap, linked with -l).
c_modules=() includes=(-I "$out/modules") link_libraries=()
for m in "${modules[@]}"; do
  while IFS= read -r name; do
    if [[ " ${c_modules[*]} " == *" $name "* ]]; then continue; fi
    if [ -f "Sources/$name/include/module.modulemap" ]; then
      c_modules+=("$name")
      includes+=(-I "Sources/$name/include")
    elif [ -f "Sources/$name/module.modulemap" ]; then
      c_modules+=("$name")
      includes+=(-I "Sources/$name")
      link_libraries+=($(sed -n 's/^ *link "\(.*\)"$/-l\1/p' "Sources/$name/module.modulemap"))
    fi
  done < <(find "Sources/$m" -name '*.swift' -exec sed -n 's/^import \(C[A-Za-z0-9_]*\)$/\1/p' {} + |
    sort -u)
done

# Whether $1 is missing or older than a file under $2.
stale() { [ ! -f "$1" ] || [ -n "$(find "$2" -newer "$1" -print -quit)" ]; }

# One Swift module, whole-module, with LLVM's work on two threads.
build_module() {
  local m=$1
  # shellcheck disable=SC2046
  swiftc "${swift_flags[@]}" -wmo -num-threads 2 "${includes[@]}" -module-name "$m" \
    -emit-module -emit-module-path "$out/modules/$m.swiftmodule" -emit-library -static \
    $(find "Sources/$m" -name '*.swift' | sort) -o "$out/modules/lib$m.a"
}

# Only what changed since the last build is rebuilt, and every module after it.
echo "fuzz: building into $out" >&2
start=$SECONDS
for c in "${c_modules[@]}"; do
  for f in Sources/"$c"/*.c; do
    object=$out/modules/$c-$(basename "${f%.c}").o
    if [ -f "$f" ] && stale "$object" "Sources/$c"; then
      clang -O2 -gline-tables-only -fsanitize=fuzzer-no-link,address -I "Sources/$c/include" \
        -c "$f" -o "$object"
    fi
  done
done
changed=0
for m in "${modules[@]}"; do
  if [ "$changed" = 1 ] || stale "$out/modules/lib$m.a" "Sources/$m"; then
    build_module "$m"
    changed=1
  fi
done
# Static libraries link in reverse dependency order.
libraries=()
for ((i = ${#modules[@]} - 1; i >= 0; i--)); do libraries+=("$out/modules/lib${modules[i]}.a"); done
mkdir -p "$out/bin"
for t in "${targets[@]}"; do
  swiftc "${swift_flags[@]}" "${includes[@]}" -module-name Fuzz -use-ld=lld \
    "$(harness "$t")" Tests/Fuzz/Support/*.swift "${libraries[@]}" "$out"/modules/*.o \
    "${link_libraries[@]}" -o "$out/bin/$t"
done
echo "fuzz: built ${targets[*]} in $((SECONDS - start)) s" >&2
if [ "$build_only" = 1 ]; then exit 0; fi

# The environment of every run: libFuzzer, not the Swift runtime, reports
# a trap, and swift-foundation's own leak is not gml's (lsan.supp).
run_env=(SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1
  "LSAN_OPTIONS=suppressions=$PWD/Tests/Fuzz/lsan.supp:print_suppressions=0")

# Runs one target for $time seconds; its log is OUT/logs/TARGET.log.
run_target() {
  local t=$1
  local -a extra=()
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t" "$out/logs"
  if [ -f "Tests/Fuzz/$t.dict" ]; then extra+=("-dict=Tests/Fuzz/$t.dict"); fi
  env "${run_env[@]}" "$out/bin/$t" "${fuzzer_flags[@]}" -max_total_time="$time" \
    -artifact_prefix="$out/artifacts/$t/" "${extra[@]}" "$out/corpus/$t" "Tests/Fuzz/Corpus/$t" \
    >"$out/logs/$t.log" 2>&1
}

# Prints how a target's run went: its final counts, or the report, the
# input and how to replay it. Returns 1 when it failed.
report() {
  local t=$1 status=$2 log=$out/logs/$1.log
  if [ "$status" = 0 ]; then
    echo "fuzz: $t: clean: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 |
      tr -s '[:space:]' ' ')" >&2
    return 0
  fi
  echo "fuzz: $t: FAILED (exit $status); from $log:" >&2
  if grep -q 'ERROR: ' "$log"; then sed -n '/ERROR: /,$p' "$log" | head -n 150 >&2; else
    tail -n 60 "$log" >&2
  fi
  local artifact
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  if [ -n "$artifact" ]; then
    echo "fuzz: $t: the input is $artifact; replay it with" >&2
    echo "  env ${run_env[*]} $out/bin/$t $artifact" >&2
  fi
  return 1
}

# Waits for one running target and reports it.
reap() {
  local status=0 pid
  wait -n -p pid "${!running[@]}" || status=$?
  report "${running[$pid]}" "$status" || failed=1
  unset "running[$pid]"
}

failed=0
declare -A running=()
for t in "${targets[@]}"; do
  while [ ${#running[@]} -ge "$jobs" ]; do reap; done
  echo "fuzz: running $t for $time s" >&2
  run_target "$t" &
  running[$!]=$t
done
while [ ${#running[@]} -gt 0 ]; do reap; done
exit "$failed"
