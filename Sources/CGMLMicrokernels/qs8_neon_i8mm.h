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

/* Whether `blocks` (1 or 2) C8 blocks from `block` on take the short
   requantization (GEMMLOWP, a small zero point, gml_neon_block_short of
   each): worked out once per pair of blocks, for all its tiles. */
GML_NEON_INLINE int gml_i8mm_short(
    const unsigned char *block, size_t block_size, size_t rq_offset, size_t blocks,
    const gml_neon_out *o) {
  int short_form = o->kind == GML_QS8_GEMMLOWP && o->small_zero_point;
  for (size_t blk = 0; blk < blocks; blk++) {
    short_form = short_form && gml_neon_block_short(block + blk * block_size + rq_offset, 8);
  }
  return short_form;
}

/* A 4-row tile's SMMLA sums (acc[8 p + 4 blk + i]: lanes [r c, r c+1,
   r+1 c, r+1 c+1] of rows 2 p, 2 p + 1 and channels 8 blk + 2 i) put in
   rows, requantized with `blocks` C8 blocks' fields and stored, `count`
   bytes a row at cr[r]; short_form as gml_i8mm_short. */
GML_NEON_INLINE void gml_i8mm_finish(
    const int32x4_t *acc, int8_t *const *cr, const unsigned char *block, size_t block_size,
    size_t rq_offset, size_t blocks, size_t count, int short_form, const gml_neon_out *out) {
  /* y[4 r + q]: row r, channels 4 q...4 q + 3. */
  int32x4_t y[16];
  GML_UNROLL
  for (int p = 0; p < 2; p++) {
    GML_UNROLL
    for (size_t q = 0; q < 2 * blocks; q++) {
      int64x2_t lo = vreinterpretq_s64_s32(acc[8 * p + 2 * q]);
      int64x2_t hi = vreinterpretq_s64_s32(acc[8 * p + 2 * q + 1]);
      y[8 * p + q] = vreinterpretq_s32_s64(vzip1q_s64(lo, hi));
      y[8 * p + 4 + q] = vreinterpretq_s32_s64(vzip2q_s64(lo, hi));
    }
  }
  GML_UNROLL
  for (size_t blk = 0; blk < blocks; blk++) {
    const unsigned char *rq = block + blk * block_size + rq_offset;
    if (short_form) {
      gml_neon_requantize_rows(y + 2 * blk, 4, 4, 2, rq, 8, 1, out);
    } else {
      gml_neon_requantize_rows(y + 2 * blk, 4, 4, 2, rq, 8, 0, out);
    }
  }
  GML_UNROLL
  for (int r = 0; r < 4; r++) {
    if (blocks == 2) {
      gml_neon_store16(cr[r], gml_neon_finish16(y + 4 * r, short_form, out), count);
    } else {
      gml_neon_store8(cr[r], gml_neon_finish8(y + 4 * r, short_form, out), count);
    }
  }
}

#endif
#endif
