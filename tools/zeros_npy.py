# tools/zeros_npy.py — writes a .npy of zeros: PATH, a gml type name (int8, float32, ...) and a comma-separated shape; used by the instruction-counting scripts for a model without an input file.
import struct
import sys

path, kind, shape = sys.argv[1], sys.argv[2], [int(d) for d in sys.argv[3].split(",") if d]
descr, size = {"int8": ("|i1", 1), "uint8": ("|u1", 1), "int16": ("<i2", 2), "int32": ("<i4", 4),
               "int64": ("<i8", 8), "float16": ("<f2", 2), "float32": ("<f4", 4)}[kind]
dims = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}"
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
count = 1
for d in shape:
    count *= d
with open(path, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(bytes(count * size))
