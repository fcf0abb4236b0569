/*
 * qs8_gemm_4x16c8_neoni8mm.c — NEON I8MM GEMM microkernel, 4 rows x 16
 * channels: two C8 blocks side by side. Per 8 k, each vmmlaq_s32 (SMMLA)
 * multiplies 2 rows by 2 channels (32 products) into a 2x2 accumulator
 * started at the bias terms; 16 of them per 8 k. Then the rows are taken
 * apart (vzip of 64-bit halves) and requantized exactly. A call takes up
 * to 16 rows (four tiles per pass).
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Rows 2 p, 2 p + 1 (pair0: p = 0, pair1: p = 1; 8 k each) times channels
   8 blk + 2 i, + 1 (wv.val[i]) into acc[8 p + 4 blk + i], whose lanes are
   [r c, r c+1, r+1 c, r+1 c+1]. */
#define GML_MMLA(pair0, pair1, wv, blk)                                          \
  GML_UNROLL for (int i = 0; i < 4; i++) {                                       \
    acc[4 * (blk) + i] = vmmlaq_s32(acc[4 * (blk) + i], pair0, wv.val[i]);         \
    acc[8 + 4 * (blk) + i] = vmmlaq_s32(acc[8 + 4 * (blk) + i], pair1, wv.val[i]); \
  }

/* Requantizes and stores y[4 r + q] (row r, channels 4 q...4 q + 3) of
   `blocks` C8 blocks from `block` on; short_form as gml_neon_block_short. */
GML_NEON_INLINE void gml_i8mm_finish(
    int32x4_t *y, int8_t *const *cr, const unsigned char *block, size_t block_size,
    size_t rq_offset, size_t blocks, size_t count, int short_form, const gml_neon_out *out) {
  GML_UNROLL
  for (size_t blk = 0; blk < blocks; blk++) {
    const unsigned char *rq = block + blk * block_size + rq_offset;
    gml_neon_requantize_rows(y + 2 * blk, 4, 4, 2, rq, 8, short_form, out);
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

/* One pass over `blocks` (1 or 2) C8 blocks from `block` on. */
GML_NEON_INLINE GML_NEON_I8MM void gml_i8mm_tile(
    const int8_t *const *ar, int8_t *const *cr, size_t kc, const unsigned char *block,
    size_t block_size, size_t blocks, size_t count, const gml_neon_out *out) {
  int32x4_t acc[16];
  const int8_t *b[2];
  GML_UNROLL
  for (size_t blk = 0; blk < blocks; blk++) {
    const int32_t *bias = (const int32_t *)(block + blk * block_size);
    GML_UNROLL
    for (int h = 0; h < 2; h++) {
      int64x2_t v = vreinterpretq_s64_s32(vld1q_s32(bias + 4 * h));
      acc[4 * blk + 2 * h] = vreinterpretq_s32_s64(vzip1q_s64(v, v));
      acc[4 * blk + 2 * h + 1] = vreinterpretq_s32_s64(vzip2q_s64(v, v));
      acc[8 + 4 * blk + 2 * h] = acc[4 * blk + 2 * h];
      acc[8 + 4 * blk + 2 * h + 1] = acc[4 * blk + 2 * h + 1];
    }
    b[blk] = (const int8_t *)(block + blk * block_size + 32);
  }
  size_t k = 0, kc16 = kc & ~(size_t)15;
  for (; k < kc16; k += 16) {
    int64x2_t x0 = vreinterpretq_s64_s8(vld1q_s8(ar[0] + k));
    int64x2_t x1 = vreinterpretq_s64_s8(vld1q_s8(ar[1] + k));
    int64x2_t x2 = vreinterpretq_s64_s8(vld1q_s8(ar[2] + k));
    int64x2_t x3 = vreinterpretq_s64_s8(vld1q_s8(ar[3] + k));
    int8x16_t p0 = vreinterpretq_s8_s64(vzip1q_s64(x0, x1));
    int8x16_t p1 = vreinterpretq_s8_s64(vzip1q_s64(x2, x3));
    int8x16_t q0 = vreinterpretq_s8_s64(vzip2q_s64(x0, x1));
    int8x16_t q1 = vreinterpretq_s8_s64(vzip2q_s64(x2, x3));
    GML_UNROLL
    for (size_t blk = 0; blk < blocks; blk++) {
      int8x16x4_t wv = gml_neon_load64(&b[blk]);
      GML_MMLA(p0, p1, wv, blk)
      wv = gml_neon_load64(&b[blk]);
      GML_MMLA(q0, q1, wv, blk)
    }
  }
  if (k < kc) { /* kc is a multiple of 8: one last 8 */
    int8x16_t p0 = vcombine_s8(vld1_s8(ar[0] + k), vld1_s8(ar[1] + k));
    int8x16_t p1 = vcombine_s8(vld1_s8(ar[2] + k), vld1_s8(ar[3] + k));
    GML_UNROLL
    for (size_t blk = 0; blk < blocks; blk++) {
      int8x16x4_t wv = vld1q_s8_x4(b[blk]);
      GML_MMLA(p0, p1, wv, blk)
    }
  }
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
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
  int short_form = out->kind == GML_QS8_GEMMLOWP && out->small_zero_point;
  GML_UNROLL
  for (size_t blk = 0; blk < blocks; blk++) {
    short_form = short_form && gml_neon_block_short(block + blk * block_size + rq_offset, 8);
  }
  if (short_form) {
    gml_i8mm_finish(y, cr, block, block_size, rq_offset, blocks, count, 1, out);
  } else {
    gml_i8mm_finish(y, cr, block, block_size, rq_offset, blocks, count, 0, out);
  }
}

#undef GML_MMLA

/* Up to 16 rows (MR 16): per pass over two blocks, its 4-row tiles. */
GML_NEON_I8MM void gml_qs8_gemm_4x16c8_neoni8mm(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += 2 * block_size) {
    for (size_t m = 0; m < mr; m += 4) {
      const int8_t *ar[4];
      int8_t *cr[4];
      gml_neon_tile_rows(mr - m, 4, a + m * a_stride, a_stride, c + m * c_stride + n0, c_stride,
                         ar, cr);
      if (nc - n0 > 8) {
        gml_i8mm_tile(ar, cr, kc, block, block_size, 2, nc - n0, &out);
      } else {
        gml_i8mm_tile(ar, cr, kc, block, block_size, 1, nc - n0, &out);
      }
    }
  }
}

#endif
