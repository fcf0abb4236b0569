/*
 * qs8_conv_4x16c8_neoni8mm.c — NEON I8MM direct Conv2D tile, 4 output
 * pixels x 16 channels (gml_conv.h): the 4x16c8 GEMM tile's SMMLAs, each
 * pixel's bytes read at its window's origin plus the filter row's offset,
 * so no window is copied. A group of 8 k lies in one filter row when rows
 * are a multiple of 8 bytes; otherwise (a row of 8 m + 4 bytes) every
 * other group takes the last 4 bytes of a row and the first 4 of the
 * next, read a word at a time. Nothing past a row is read. Weights in
 * GML_QS8_LAYOUT_C8, two blocks at a time.
 */
#include "gml_conv.h"

#if defined(__aarch64__)

#include "qs8_neon_i8mm.h"

/* Pixel pairs (0, 1) in p0 and (2, 3) in p1, 8 k each, times the next 8 k
   of `blocks` blocks' weights (b[blk] moves 64 on), into acc[8 p + 4 blk
   + i]: lanes [r c, r c+1, r+1 c, r+1 c+1] of channels 8 blk + 2 i. */
GML_NEON_INLINE GML_NEON_I8MM void gml_mmla_group(
    int32x4_t *acc, int8x16_t p0, int8x16_t p1, const int8_t **b, size_t blocks) {
  GML_UNROLL
  for (size_t blk = 0; blk < blocks; blk++) {
    int8x16x4_t wv = gml_neon_load64(&b[blk]);
    GML_UNROLL
    for (int i = 0; i < 4; i++) {
      acc[4 * blk + i] = vmmlaq_s32(acc[4 * blk + i], p0, wv.val[i]);
      acc[8 + 4 * blk + i] = vmmlaq_s32(acc[8 + 4 * blk + i], p1, wv.val[i]);
    }
  }
}

/* 8 bytes of each pixel: x[r]'s 4 at lo[r] and 4 at hi[r] (hi NULL: 0). */
GML_NEON_INLINE int8x16_t gml_mmla_words(const int8_t *lo0, const int8_t *hi0,
                                          const int8_t *lo1, const int8_t *hi1) {
  int32x4_t v = vdupq_n_s32(0);
  v = vld1q_lane_s32((const int32_t *)(const void *)lo0, v, 0);
  if (hi0) v = vld1q_lane_s32((const int32_t *)(const void *)hi0, v, 1);
  v = vld1q_lane_s32((const int32_t *)(const void *)lo1, v, 2);
  if (hi1) v = vld1q_lane_s32((const int32_t *)(const void *)hi1, v, 3);
  return vreinterpretq_s8_s32(v);
}

/* Per filter row (its offset in x17): the 4 pixels' pointers, 16 k a
   step (steps in x16), then a last 8 (bit 3 of the row's bytes). */
#define GML_MMLA_CONV_ROWS(STEP16, STEP8)                          \
  "1:\n ldr x17, [%[offsets]], #8\n"                               \
  "ldp %[p0], %[p1], [%[origins]]\n"                               \
  "ldp %[p2], %[p3], [%[origins], #16]\n"                          \
  "add %[p0], %[p0], x17\n add %[p1], %[p1], x17\n"                \
  "add %[p2], %[p2], x17\n add %[p3], %[p3], x17\n"                \
  "lsr x16, %[row_bytes], #4\n cbz x16, 3f\n"                      \
  "2:\n" GML_MMLA_ROWS16 STEP16 "subs x16, x16, #1\n b.ne 2b\n"    \
  "3:\n tbz %[row_bytes], #3, 4f\n" GML_MMLA_ROWS8 STEP8 "4:\n"    \
  "subs %[rows], %[rows], #1\n b.ne 1b\n"

/*
 * gml_mmla_conv_sums for rows of a multiple of 8 bytes, in assembly (as
 * the GEMM tile's, which says why): every row's loop in one statement, the
 * accumulators outputs only (gcc takes at most 30 operands; x16, x17
 * scratch).
 */
GML_NEON_INLINE GML_NEON_I8MM void gml_mmla_conv_sums8(
    int32x4_t *acc, const int8_t *const *origins, const ptrdiff_t *offsets, size_t rows,
    size_t row_bytes, const unsigned char *block, size_t block_size, size_t blocks) {
  const unsigned char *b0 = block, *b1 = block + block_size;
  const int8_t *p0, *p1, *p2, *p3;
#define GML_MMLA_CONV_OPERANDS                                                             \
  : [a0] "=&w"(acc[0]), [a1] "=&w"(acc[1]), [a2] "=&w"(acc[2]), [a3] "=&w"(acc[3]),        \
    [a4] "=&w"(acc[4]), [a5] "=&w"(acc[5]), [a6] "=&w"(acc[6]), [a7] "=&w"(acc[7]),        \
    [a8] "=&w"(acc[8]), [a9] "=&w"(acc[9]), [a10] "=&w"(acc[10]), [a11] "=&w"(acc[11]),    \
    [a12] "=&w"(acc[12]), [a13] "=&w"(acc[13]), [a14] "=&w"(acc[14]), [a15] "=&w"(acc[15]), \
    [p0] "=&r"(p0), [p1] "=&r"(p1), [p2] "=&r"(p2), [p3] "=&r"(p3), [b0] "+r"(b0),         \
    [b1] "+r"(b1), [offsets] "+r"(offsets), [rows] "+r"(rows)                              \
  : [origins] "r"(origins), [row_bytes] "r"(row_bytes)                                     \
  : "x16", "x17", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29",    \
    "v30", "v31", "cc", "memory"
  if (blocks == 2) {
    __asm__ volatile(
        GML_MMLA_BIAS("b0", "a0", "a1", "a2", "a3", "a8", "a9", "a10", "a11")
        GML_MMLA_BIAS("b1", "a4", "a5", "a6", "a7", "a12", "a13", "a14", "a15")
        GML_MMLA_CONV_ROWS(GML_MMLA_B0("v28", "v29") GML_MMLA_B1("v28", "v29")
                           GML_MMLA_B0("v30", "v31") GML_MMLA_B1("v30", "v31"),
                           GML_MMLA_B0("v28", "v29") GML_MMLA_B1("v28", "v29"))
        GML_MMLA_CONV_OPERANDS);
  } else {
    __asm__ volatile(
        GML_MMLA_BIAS("b0", "a0", "a1", "a2", "a3", "a8", "a9", "a10", "a11")
        GML_MMLA_CONV_ROWS(GML_MMLA_B0("v28", "v29") GML_MMLA_B0("v30", "v31"),
                           GML_MMLA_B0("v28", "v29"))
        GML_MMLA_CONV_OPERANDS);
  }
#undef GML_MMLA_CONV_OPERANDS
}

#undef GML_MMLA_CONV_ROWS

/* The sums of `blocks` blocks for the pixels at rows[0..3]: acc as
   gml_mmla_group leaves them. */
GML_NEON_INLINE GML_NEON_I8MM void gml_mmla_conv_sums(
    int32x4_t *acc, const int8_t *const *rows, const ptrdiff_t *offsets, size_t filter_rows,
    size_t row_bytes4, const unsigned char *block, size_t block_size, size_t blocks) {
  const int8_t *b[2];
  GML_UNROLL
  for (size_t blk = 0; blk < blocks; blk++) {
    const int32_t *bias = (const int32_t *)(block + blk * block_size);
    GML_UNROLL
    for (int h = 0; h < 2; h++) {
      int64x2_t v = vreinterpretq_s64_s32(vld1q_s32(bias + 4 * h));
      acc[4 * blk + 2 * h] = acc[8 + 4 * blk + 2 * h] = vreinterpretq_s32_s64(vzip1q_s64(v, v));
      acc[4 * blk + 2 * h + 1] = acc[8 + 4 * blk + 2 * h + 1] =
          vreinterpretq_s32_s64(vzip2q_s64(v, v));
    }
    b[blk] = (const int8_t *)(block + blk * block_size + 32);
  }
  size_t start = 0; /* 4 when the row's first word went with the row before */
  for (size_t t = 0; t < filter_rows; t++) {
    const ptrdiff_t offset = offsets[t];
    const int8_t *p[4] = {rows[0] + offset, rows[1] + offset, rows[2] + offset, rows[3] + offset};
    size_t k = start;
    for (; k + 16 <= row_bytes4; k += 16) {
      int64x2_t x[4];
      GML_UNROLL
      for (int r = 0; r < 4; r++) x[r] = vreinterpretq_s64_s8(vld1q_s8(p[r] + k));
      gml_mmla_group(acc, vreinterpretq_s8_s64(vzip1q_s64(x[0], x[1])),
                     vreinterpretq_s8_s64(vzip1q_s64(x[2], x[3])), b, blocks);
      gml_mmla_group(acc, vreinterpretq_s8_s64(vzip2q_s64(x[0], x[1])),
                     vreinterpretq_s8_s64(vzip2q_s64(x[2], x[3])), b, blocks);
    }
    if (k + 8 <= row_bytes4) {
      gml_mmla_group(acc, vcombine_s8(vld1_s8(p[0] + k), vld1_s8(p[1] + k)),
                     vcombine_s8(vld1_s8(p[2] + k), vld1_s8(p[3] + k)), b, blocks);
      k += 8;
    }
    start = 0;
    if (k < row_bytes4) { /* 4 bytes left: with the next row's first 4 */
      const int8_t *q[4] = {NULL, NULL, NULL, NULL};
      if (t + 1 < filter_rows) {
        GML_UNROLL
        for (int r = 0; r < 4; r++) q[r] = rows[r] + offsets[t + 1];
        start = 4;
      }
      gml_mmla_group(acc, gml_mmla_words(p[0] + k, q[0], p[1] + k, q[1]),
                     gml_mmla_words(p[2] + k, q[2], p[3] + k, q[3]), b, blocks);
    }
  }
}

/* One pass over `blocks` (1 or 2) C8 blocks from `block` on; short_form
   (gml_neon_block_short of both blocks, and a small zero point) and
   `count` (16 for every channel of two blocks: the stores then test
   nothing) are constants where this is inlined. */
GML_NEON_INLINE GML_NEON_I8MM void gml_mmla_conv_block(
    const int8_t *const *rows, const ptrdiff_t *offsets, size_t filter_rows, size_t row_bytes4,
    int8_t *const *out, size_t kc, const unsigned char *block, size_t block_size, size_t blocks,
    int short_form, size_t count, const gml_neon_out *o) {
  int32x4_t acc[16];
  if (row_bytes4 % 8 == 0) {
    gml_mmla_conv_sums8(acc, rows, offsets, filter_rows, row_bytes4, block, block_size, blocks);
  } else {
    gml_mmla_conv_sums(acc, rows, offsets, filter_rows, row_bytes4, block, block_size, blocks);
  }
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  gml_i8mm_finish(acc, out, block, block_size, rq_offset, blocks, count, short_form, o);
}

/* Up to 16 pixels (MR 16): per pass over two blocks, its 4-pixel tiles. */
GML_NEON_I8MM void gml_qs8_conv_4x16c8_neoni8mm(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t filter_rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params) {
  const gml_neon_out o = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += 2 * block_size) {
    const size_t count = nc - n0, blocks = count > 8 ? 2 : 1;
    const int short_form = gml_i8mm_short(block, block_size, rq_offset, blocks, &o);
    for (size_t m = 0; m < mr; m += 4) {
      const int8_t *partial[4];
      int8_t *out[4];
      const int8_t *const *rows =
          gml_neon_pixel_group(mr, m, origins, c + n0, c_stride, partial, out);
#define GML_CONV_BLOCK(blocks, short_form, count)                                              \
  gml_mmla_conv_block(rows, offsets, filter_rows, row_bytes4, out, kc, block, block_size, blocks, \
                      short_form, count, &o)
      if (count >= 16 && short_form) {
        GML_CONV_BLOCK(2, 1, 16);
      } else if (count >= 16) {
        GML_CONV_BLOCK(2, 0, 16);
      } else if (count > 8) {
        GML_CONV_BLOCK(2, short_form, count);
      } else {
        GML_CONV_BLOCK(1, short_form, count);
      }
#undef GML_CONV_BLOCK
    }
  }
}

#endif
