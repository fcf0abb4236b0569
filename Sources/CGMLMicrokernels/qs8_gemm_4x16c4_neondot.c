/*
 * qs8_gemm_4x16c4_neondot.c — NEON dot-product GEMM microkernel, 4 rows x
 * 16 channels (C4X16): per 4 k, 16 vdotq_laneq_s32 (SDOT by element) add
 * 4 products each into 16 int32x4 accumulators started at the bias terms;
 * 16 bytes of each row feed 4 of them. Then the exact requantization. A
 * call takes up to 16 rows (four tiles per block); a block of at most 8
 * channels computes that half only.
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Group `lane` (4 k) of each row's x[r] times channels 4 q...4 q + 3 (q <
   2 * halves) of weights wv. */
#define GML_DOT_ROWS(dot, x, wv, lane)                               \
  GML_UNROLL for (int r = 0; r < 4; r++) {                           \
    GML_UNROLL for (int q = 0; q < 2 * halves; q++) {                \
      acc[4 * r + q] = dot(acc[4 * r + q], wv.val[q], x[r], lane);   \
    }                                                                \
  }

/* The sums of one block (`halves` of 8 channels) for the 4 rows ar, from
   the bias terms: acc[4 r + q], row r, channels 4 q...4 q + 3. */
GML_NEON_INLINE GML_NEON_DOT void gml_dot_sums(
    int halves, int32x4_t *acc, const int8_t *const *ar, size_t kc, const unsigned char *block) {
  GML_UNROLL
  for (int q = 0; q < 16; q++) acc[q] = vld1q_s32((const int32_t *)block + 4 * (q % 4));
  const int8_t *b = (const int8_t *)(block + 64);
  size_t k = 0, kc16 = kc & ~(size_t)15;
  for (; k < kc16; k += 16) {
    int8x16_t x[4];
    GML_UNROLL
    for (int r = 0; r < 4; r++) x[r] = vld1q_s8(ar[r] + k);
    int8x16x4_t wv = gml_dot_weights(&b, halves);
    GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 0)
    wv = gml_dot_weights(&b, halves);
    GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 1)
    wv = gml_dot_weights(&b, halves);
    GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 2)
    wv = gml_dot_weights(&b, halves);
    GML_DOT_ROWS(vdotq_laneq_s32, x, wv, 3)
  }
  if (k < kc) { /* kc is a multiple of 8: one last 8 */
    int8x8_t x[4];
    GML_UNROLL
    for (int r = 0; r < 4; r++) x[r] = vld1_s8(ar[r] + k);
    int8x16x4_t wv = gml_dot_weights(&b, halves);
    GML_DOT_ROWS(vdotq_lane_s32, x, wv, 0)
    wv = gml_dot_weights(&b, halves);
    GML_DOT_ROWS(vdotq_lane_s32, x, wv, 1)
  }
}

/* One block for up to 16 rows, 4 at a time; short_form as
   gml_neon_block_short, worked out once for them; count 16 (a whole
   block: the stores test nothing) a constant where inlined. */
GML_NEON_INLINE GML_NEON_DOT void gml_dot_block(
    int halves, int short_form, size_t mr, size_t kc, const int8_t *a, size_t a_stride,
    const unsigned char *block, const unsigned char *rq, int8_t *c, size_t c_stride,
    size_t count, const gml_neon_out *out) {
  for (size_t m = 0; m < mr; m += 4) {
    const int8_t *ar[4];
    int8_t *cr[4];
    gml_neon_tile_rows(mr - m, 4, a + m * a_stride, a_stride, c + m * c_stride, c_stride, ar, cr);
    int32x4_t acc[16];
    gml_dot_sums(halves, acc, ar, kc, block);
    gml_neon_requantize_rows(acc, 4, 4, 2 * halves, rq, 16, short_form, out);
    GML_UNROLL
    for (int r = 0; r < 4; r++) {
      if (halves == 2) {
        gml_neon_store16(cr[r], gml_neon_finish16(acc + 4 * r, short_form, out), count);
      } else {
        gml_neon_store8(cr[r], gml_neon_finish8(acc + 4 * r, short_form, out), count);
      }
    }
  }
}

/* Up to 16 rows (MR 16): per block, its 4-row tiles, so that a call's
   setup and each block's short-form check serve all of them. */
GML_NEON_DOT void gml_qs8_gemm_4x16c4_neondot(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  gml_neon_out out = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C4X16, kc, params->kind);
  size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C4X16, kc);
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += block_size) {
    const unsigned char *rq = block + rq_offset;
    int short_form =
        out.kind == GML_QS8_GEMMLOWP && out.small_zero_point && gml_neon_block_short(rq, 16);
    size_t count = nc - n0;
    if (count >= 16 && short_form) {
      gml_dot_block(2, 1, mr, kc, a, a_stride, block, rq, c + n0, c_stride, 16, &out);
    } else if (count <= 8 && short_form) {
      gml_dot_block(1, 1, mr, kc, a, a_stride, block, rq, c + n0, c_stride, count, &out);
    } else if (count <= 8) {
      gml_dot_block(1, 0, mr, kc, a, a_stride, block, rq, c + n0, c_stride, count, &out);
    } else if (short_form) {
      gml_dot_block(2, 1, mr, kc, a, a_stride, block, rq, c + n0, c_stride, count, &out);
    } else {
      gml_dot_block(2, 0, mr, kc, a, a_stride, block, rq, c + n0, c_stride, count, &out);
    }
  }
}

#undef GML_DOT_ROWS

#endif
