/*
 * qs8_gemm_4x16c4_neondot.c — NEON dot-product GEMM microkernel, 4 rows x
 * 16 channels (C4X16): per 4 k, 16 vdotq_laneq_s32 (SDOT by element) add
 * 4 products each into 16 int32x4 accumulators started at the bias terms;
 * 16 bytes of each row feed 4 of them. Then the exact requantization.
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Group `lane` (4 k) of each row's x[r] times 16 channels of weights wv. */
#define GML_DOT_ROWS(dot, x, wv, lane)                               \
  GML_UNROLL for (int r = 0; r < 4; r++) {                           \
    GML_UNROLL for (int q = 0; q < 4; q++) {                         \
      acc[4 * r + q] = dot(acc[4 * r + q], wv.val[q], x[r], lane);   \
    }                                                                \
  }

/* Requantizes the sums acc[4 r + q] (row r, channels 4 q...4 q + 3) of a
   block (fields at rq) and stores `count` bytes of each row at cr[r]. */
GML_NEON_INLINE void gml_dot_finish(
    int32x4_t *acc, int8_t *const *cr, const unsigned char *rq, size_t count, int short_form,
    const gml_neon_out *out) {
  gml_neon_requantize_rows(acc, 4, 4, 4, rq, 16, short_form, out);
  GML_UNROLL
  for (int r = 0; r < 4; r++) {
    gml_neon_store16(cr[r], gml_neon_finish16(acc + 4 * r, short_form, out), count);
  }
}

GML_NEON_DOT void gml_qs8_gemm_4x16c4_neondot(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *ar[4];
  int8_t *cr[4];
  gml_neon_tile_rows(mr, 4, a, a_stride, c, c_stride, ar, cr);
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C4X16, kc, params->kind);
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C4X16, kc);
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += block_size) {
    int32x4_t acc[16];
    GML_UNROLL
    for (int q = 0; q < 16; q++) acc[q] = vld1q_s32((const int32_t *)block + 4 * (q % 4));
    const int8_t *b = (const int8_t *)(block + 64);
    size_t k = 0, kc16 = kc & ~(size_t)15;
    for (; k < kc16; k += 16) {
      int8x16_t x[4];
      GML_UNROLL
      for (int r = 0; r < 4; r++) x[r] = vld1q_s8(ar[r] + k);
      int8x16x4_t wv = gml_neon_load64(&b);
      GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 0)
      wv = gml_neon_load64(&b);
      GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 1)
      wv = gml_neon_load64(&b);
      GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 2)
      wv = gml_neon_load64(&b);
      GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 3)
    }
    if (k < kc) { /* kc is a multiple of 8: one last 8 */
      int8x8_t x[4];
      GML_UNROLL
      for (int r = 0; r < 4; r++) x[r] = vld1_s8(ar[r] + k);
      int8x16x4_t wv = gml_neon_load64(&b);
      GML_DOT_ROWS(vdotq_lane_s32, x, wv, 0)
      wv = gml_neon_load64(&b);
      GML_DOT_ROWS(vdotq_lane_s32, x, wv, 1)
    }
    const unsigned char *rq = block + rq_offset;
    int8_t *cn[4] = {cr[0] + n0, cr[1] + n0, cr[2] + n0, cr[3] + n0};
    if (out.kind == GML_QS8_GEMMLOWP && out.small_zero_point && gml_neon_block_short(rq, 16)) {
      gml_dot_finish(acc, cn, rq, nc - n0, 1, &out);
    } else {
      gml_dot_finish(acc, cn, rq, nc - n0, 0, &out);
    }
  }
}

#undef GML_DOT_ROWS

#endif
