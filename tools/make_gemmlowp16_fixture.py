#!/usr/bin/env python3
# tools/make_gemmlowp16_fixture.py — writes Tests/GMLKernelsTests/Fixtures/gemmlowp16.json: gemmlowp's int16 logistic and tanh, every input.
#
# Usage: .venv/bin/python tools/make_gemmlowp16_fixture.py
#   (needs the venv's tensorflow, whose wheel ships gemmlowp's headers, and a
#   C++ compiler: g++ or clang++)
#
# TFLite's integer LSTM runs gemmlowp's `logistic` and `tanh` on
# FixedPoint<int16_t, k> (`PortableApplySigmoid`, `PortableApplyTanh`).
# This compiles a small program against the gemmlowp header TensorFlow
# ships, runs both functions on all 65,536 raw inputs for k = 0...6 and
# writes, per k and function, the FNV-1a 64-bit hash of the 65,536 outputs
# (little-endian int16, inputs from -32768 up) and 96 sampled
# (input, output) pairs, so that a test can compare gml's
# GemmlowpFixedPoint16 on every input without a 1.8 MB table.
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests/GMLKernelsTests/Fixtures/gemmlowp16.json"

PROGRAM = r"""
#include "fixedpoint/fixedpoint.h"
#include <cstdio>
template <int K> void run() {
  for (int r = -32768; r <= 32767; ++r) {
    auto x = gemmlowp::FixedPoint<std::int16_t, K>::FromRaw(static_cast<std::int16_t>(r));
    std::printf("%d %d %d\n", K, gemmlowp::logistic(x).raw(), gemmlowp::tanh(x).raw());
  }
}
int main() { run<0>(); run<1>(); run<2>(); run<3>(); run<4>(); run<5>(); run<6>(); }
"""


def fnv1a64(values):
    h = 0xCBF29CE484222325
    for v in values:
        for byte in (v & 0xFF, (v >> 8) & 0xFF):
            h ^= byte
            h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    import tensorflow as tf

    include = pathlib.Path(tf.sysconfig.get_include()) / "external/gemmlowp"
    if not (include / "fixedpoint/fixedpoint.h").exists():
        sys.exit(f"no gemmlowp header under {include}")
    compiler = shutil.which("g++") or shutil.which("clang++")
    if compiler is None:
        sys.exit("needs g++ or clang++")
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "g.cc"), os.path.join(tmp, "g")
        pathlib.Path(src).write_text(PROGRAM)
        subprocess.run([compiler, "-O1", "-std=c++14", f"-I{include}", src, "-o", exe], check=True)
        lines = subprocess.run([exe], check=True, capture_output=True, text=True).stdout.split()
    values = [int(v) for v in lines]
    tables = {}
    for i in range(0, len(values), 3):
        k = values[i]
        tables.setdefault(k, ([], []))
        tables[k][0].append(values[i + 1])
        tables[k][1].append(values[i + 2])
    samples = list(range(-32768, 32768, 1024)) + [-32767, -4097, -4096, -1, 0, 1, 4095, 4096,
                                                    32767] + list(range(-300, 300, 23))
    doc = {"source": "gemmlowp fixedpoint.h from the tensorflow wheel "
                     f"{tf.__version__}; see tools/make_gemmlowp16_fixture.py",
           "hash": "FNV-1a 64 of the outputs for inputs -32768...32767, int16 little-endian",
           "integer_bits": []}
    for k in sorted(tables):
        logistic, tanh = tables[k]
        doc["integer_bits"].append({
            "integer_bits": k,
            "logistic_hash": f"{fnv1a64(logistic):016x}",
            "tanh_hash": f"{fnv1a64(tanh):016x}",
            "samples": [[x, logistic[x + 32768], tanh[x + 32768]] for x in sorted(set(samples))],
        })
    text = json.dumps(doc, indent=1)
    text = re.sub(r"\[\s+(-?\d+),\s+(-?\d+),\s+(-?\d+)\s+\]", r"[\1, \2, \3]", text)
    OUT.write_text(text + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
