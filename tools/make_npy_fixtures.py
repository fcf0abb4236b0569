#!/usr/bin/env python3
# tools/make_npy_fixtures.py — writes the small .npy fixtures of Tests/GMLNumPyTests/Fixtures.
#
# Usage: python3 tools/make_npy_fixtures.py   (needs numpy; run from anywhere)
# The values are fixed, so rerunning gives the same bytes with numpy >= 1.24
# (the release that added the header growth padding). The tests repeat the
# values; change both together.
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "GMLNumPyTests" / "Fixtures"

F4 = [-1.5, 0.0, 0.25, 1.0, 2.5, 1e30]
I1 = [-128, -1, 0, 1, 127]
U1 = [0, 1, 128, 254, 255]
I4 = [-2147483648, -1, 1, 2147483647]
I8 = [-9223372036854775808, 0, 9223372036854775807]


def save(name, array, version=None):
    path = OUT / name
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)
    print(f"{path.name}: {path.stat().st_size} bytes")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    save("float32_2x3.npy", np.array(F4, "<f4").reshape(2, 3))
    save("float32_be_2x3.npy", np.array(F4, ">f4").reshape(2, 3))
    save("int8_5.npy", np.array(I1, "|i1"))
    save("uint8_5.npy", np.array(U1, "|u1"))
    save("int32_2x2.npy", np.array(I4, "<i4").reshape(2, 2))
    save("int32_be_2x2.npy", np.array(I4, ">i4").reshape(2, 2))
    save("int64_3.npy", np.array(I8, "<i8"))
    save("float32_scalar.npy", np.array(3.5, "<f4"))
    save("float32_0x4.npy", np.zeros((0, 4), "<f4"))
    save("float32_v2_3.npy", np.array(F4[:3], "<f4"), version=(2, 0))
    save("float32_fortran_2x3.npy", np.asfortranarray(np.array(F4, "<f4").reshape(2, 3)))


if __name__ == "__main__":
    main()
