/*
 * qs8_neon_i8mm.h — the assembly the AArch64 I8MM tiles share (GEMM and
 * direct Conv2D, qs8_gemm_4x16c8_neoni8mm.c, qs8_conv_4x16c8_neoni8mm.c):
 * a block's bias terms into its accumulators, 8 k of a block times two
 * row pairs, and the rows' loads. Operands: accumulators a0-a15
 * (acc[8 p + 4 blk + i]: row pair p, block blk, channel pair i), row
 * pointers p0-p3, block pointers b0, b1; v20-v31 scratch. Private to
 * this folder; AArch64 only.
 */
#ifndef GML_QS8_NEON_I8MM_H
#define GML_QS8_NEON_I8MM_H

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Block B's bias terms (b moves on to its weights) into its accumulators
   for both row pairs: lanes [c, c + 1, c, c + 1] of each channel pair. */
#define GML_MMLA_BIAS(B, A0, A1, A2, A3, A8, A9, A10, A11)                  \
  "ld1 {v20.4s, v21.4s}, [%[" B "]], #32\n"                                \
  "zip1 %[" A0 "].2d, v20.2d, v20.2d\n zip2 %[" A1 "].2d, v20.2d, v20.2d\n" \
  "zip1 %[" A2 "].2d, v21.2d, v21.2d\n zip2 %[" A3 "].2d, v21.2d, v21.2d\n" \
  "mov %[" A8 "].16b, %[" A0 "].16b\n mov %[" A9 "].16b, %[" A1 "].16b\n"     \
  "mov %[" A10 "].16b, %[" A2 "].16b\n mov %[" A11 "].16b, %[" A3 "].16b\n"

/* 8 k of block B (v20-v23, 2 channels each) times row pairs P (rows 0,
   1) and Q (rows 2, 3), into A0-A3 and A8-A11. */
#define GML_MMLA_GROUP(B, P, Q, A0, A1, A2, A3, A8, A9, A10, A11)                       \
  "ld1 {v20.16b, v21.16b, v22.16b, v23.16b}, [%[" B "]], #64\n"                      \
  "smmla %[" A0 "].4s, " P ".16b, v20.16b\n smmla %[" A1 "].4s, " P ".16b, v21.16b\n" \
  "smmla %[" A2 "].4s, " P ".16b, v22.16b\n smmla %[" A3 "].4s, " P ".16b, v23.16b\n" \
  "smmla %[" A8 "].4s, " Q ".16b, v20.16b\n smmla %[" A9 "].4s, " Q ".16b, v21.16b\n" \
  "smmla %[" A10 "].4s, " Q ".16b, v22.16b\n smmla %[" A11 "].4s, " Q ".16b, v23.16b\n"

#define GML_MMLA_B0(P, Q) GML_MMLA_GROUP("b0", P, Q, "a0", "a1", "a2", "a3", "a8", "a9", "a10", "a11")
#define GML_MMLA_B1(P, Q) \
  GML_MMLA_GROUP("b1", P, Q, "a4", "a5", "a6", "a7", "a12", "a13", "a14", "a15")

/* 16 k of the 4 rows (pointers move on): two 8-k row-pair vectors each. */
#define GML_MMLA_ROWS16                                            \
  "ldr q24, [%[p0]], #16\n ldr q25, [%[p1]], #16\n"               \
  "ldr q26, [%[p2]], #16\n ldr q27, [%[p3]], #16\n"               \
  "zip1 v28.2d, v24.2d, v25.2d\n zip1 v29.2d, v26.2d, v27.2d\n"   \
  "zip2 v30.2d, v24.2d, v25.2d\n zip2 v31.2d, v26.2d, v27.2d\n"
#define GML_MMLA_ROWS8                                             \
  "ldr d28, [%[p0]]\n ld1 {v28.d}[1], [%[p1]]\n"                  \
  "ldr d29, [%[p2]]\n ld1 {v29.d}[1], [%[p3]]\n"

#endif
#endif
