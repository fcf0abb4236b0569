/*
 * qs8_gemm_1x16c4_neondot.c — NEON dot-product GEMM microkernel, 1 row x
 * 16 channels (C4X16): the matrix-vector case (FullyConnected on one
 * input). Two blocks (32 channels) per pass over the row, 32 k per step:
 * one load of 32 bytes of A feeds 32 SDOT (eight accumulators, each a
 * chain of four per 16 k), and the loop's own instructions are shared by
 * both blocks. A last odd block runs alone.
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Group `lane` (4 k) of x times 16 channels of weights wv, into acc. */
#define GML_DOT16(dot, acc, x, wv, lane) \
  GML_UNROLL for (int q = 0; q < 4; q++) acc[q] = dot(acc[q], wv.val[q], x, lane);

/* Group `lane` (a constant: the intrinsics take no variable) of x times
   `blocks` (1 or 2) blocks' weights at b[i]. */
#define GML_DOT_LANE(dot, blocks, acc, x, b, lane)     \
  GML_UNROLL for (size_t i = 0; i < (blocks); i++) {   \
    int8x16x4_t wv = gml_neon_load64(&b[i]);           \
    GML_DOT16(dot, acc[i], x, wv, lane)                \
  }

/* 16 k of x (16 bytes) times the blocks' weights. */
#define GML_DOT_K16(blocks, acc, x, b)                   \
  GML_DOT_LANE(vdotq_laneq_s32, blocks, acc, x, b, 0)    \
  GML_DOT_LANE(vdotq_laneq_s32, blocks, acc, x, b, 1)    \
  GML_DOT_LANE(vdotq_laneq_s32, blocks, acc, x, b, 2)    \
  GML_DOT_LANE(vdotq_laneq_s32, blocks, acc, x, b, 3)

/* Requantizes and stores one block's 16 sums (its requantization at rq),
   `count` outputs at c: the short forms where the block's flag allows
   (gml_qs8_block_flags; FP64's narrowing keeps the long form, as
   gml_c2_store's). */
GML_NEON_INLINE GML_NEON_DOT void gml_dot_finish_block(
    int32x4_t *acc, const unsigned char *rq, int8_t *c, size_t count, const gml_neon_out *out) {
  const int flag = gml_qs8_block_flags(rq, out->kind)[1];
  const int short_form = out->kind == GML_QS8_GEMMLOWP && out->small_zero_point && flag;
  if (short_form || (out->kind == GML_QS8_FP64 && flag)) {
    gml_neon_requantize_rows(acc, 1, 4, 4, rq, 16, 1, out);
  } else {
    gml_neon_requantize_rows(acc, 1, 4, 4, rq, 16, 0, out);
  }
  gml_neon_store16(c, gml_neon_finish16(acc, short_form, out), count);
}

/* `blocks` (1 or 2) blocks from `block` on, outputs at c (`nc` left). */
GML_NEON_INLINE GML_NEON_DOT void gml_dot_blocks(
    size_t blocks, size_t nc, size_t kc, const int8_t *a, const unsigned char *block,
    size_t block_size, size_t rq_offset, int8_t *c, const gml_neon_out *out) {
  int32x4_t acc[2][4];
  const int8_t *b[2];
  GML_UNROLL
  for (size_t i = 0; i < blocks; i++) {
    GML_UNROLL
    for (int q = 0; q < 4; q++) acc[i][q] = vld1q_s32((const int32_t *)(block + i * block_size) + 4 * q);
    b[i] = (const int8_t *)(block + i * block_size + 64);
  }
  size_t k = 0;
  for (; k + 32 <= kc; k += 32) {
    const int8x16x2_t x = vld1q_s8_x2(a + k);
    GML_DOT_K16(blocks, acc, x.val[0], b)
    GML_DOT_K16(blocks, acc, x.val[1], b)
  }
  if (k + 16 <= kc) {
    const int8x16_t x = vld1q_s8(a + k);
    GML_DOT_K16(blocks, acc, x, b)
    k += 16;
  }
  if (k < kc) { /* kc is a multiple of 8: one last 8 */
    const int8x8_t x = vld1_s8(a + k);
    GML_DOT_LANE(vdotq_lane_s32, blocks, acc, x, b, 0)
    GML_DOT_LANE(vdotq_lane_s32, blocks, acc, x, b, 1)
  }
  GML_UNROLL
  for (size_t i = 0; i < blocks; i++) {
    size_t left = nc - 16 * i;
    gml_dot_finish_block(acc[i], block + i * block_size + rq_offset, c + 16 * i,
                         left < 16 ? left : 16, out);
  }
}

GML_NEON_DOT void gml_qs8_gemm_1x16c4_neondot(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  (void)mr;
  (void)a_stride;
  (void)c_stride;
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C4X16, kc, params->kind);
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C4X16, kc);
  size_t n0 = 0;
  for (; n0 + 16 < nc; n0 += 32, block += 2 * block_size) {
    gml_dot_blocks(2, nc - n0, kc, a, block, block_size, rq_offset, c + n0, &out);
  }
  if (n0 < nc) gml_dot_blocks(1, nc - n0, kc, a, block, block_size, rq_offset, c + n0, &out);
}

#undef GML_DOT_K16
#undef GML_DOT_LANE
#undef GML_DOT16

#endif
