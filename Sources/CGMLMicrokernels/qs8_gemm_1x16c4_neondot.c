/*
 * qs8_gemm_1x16c4_neondot.c — NEON dot-product GEMM microkernel, 1 row x
 * 16 channels (C4X16): the matrix-vector case (FullyConnected on one
 * input); as the 4x16 tile with one row, and two sets of accumulators (the
 * even and the odd groups of 4 k) so that no SDOT waits on the one before.
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Group `lane` (4 k) of x times 16 channels of weights wv, into acc. */
#define GML_DOT16(dot, acc, x, wv, lane) \
  GML_UNROLL for (int q = 0; q < 4; q++) acc[q] = dot(acc[q], wv.val[q], x, lane);

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
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += block_size) {
    int32x4_t even[4], odd[4];
    GML_UNROLL
    for (int q = 0; q < 4; q++) {
      even[q] = vld1q_s32((const int32_t *)block + 4 * q);
      odd[q] = vdupq_n_s32(0);
    }
    const int8_t *b = (const int8_t *)(block + 64);
    size_t k = 0, kc16 = kc & ~(size_t)15;
    for (; k < kc16; k += 16) {
      int8x16_t x = vld1q_s8(a + k);
      int8x16x4_t wv = gml_neon_load64(&b);
      GML_DOT16(vdotq_laneq_s32, even, x, wv, 0)
      wv = gml_neon_load64(&b);
      GML_DOT16(vdotq_laneq_s32, odd, x, wv, 1)
      wv = gml_neon_load64(&b);
      GML_DOT16(vdotq_laneq_s32, even, x, wv, 2)
      wv = gml_neon_load64(&b);
      GML_DOT16(vdotq_laneq_s32, odd, x, wv, 3)
    }
    if (k < kc) { /* kc is a multiple of 8: one last 8 */
      int8x8_t x = vld1_s8(a + k);
      int8x16x4_t wv = gml_neon_load64(&b);
      GML_DOT16(vdotq_lane_s32, even, x, wv, 0)
      wv = gml_neon_load64(&b);
      GML_DOT16(vdotq_lane_s32, odd, x, wv, 1)
    }
    GML_UNROLL
    for (int q = 0; q < 4; q++) even[q] = vaddq_s32(even[q], odd[q]);
    /* One row: the short form's check would cost about what it saves. */
    gml_neon_requantize_rows(even, 1, 4, 4, block + rq_offset, 16, 0, &out);
    gml_neon_store16(c + n0, gml_neon_finish16(even, 0, &out), nc - n0);
  }
}

#undef GML_DOT16

#endif
