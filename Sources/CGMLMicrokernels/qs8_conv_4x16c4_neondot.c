/*
 * qs8_conv_4x16c4_neondot.c — NEON dot-product direct Conv2D tile, 4
 * output pixels x 16 channels (gml_conv.h): the 4x16c4 GEMM tile's SDOTs,
 * each pixel's bytes read at its window's origin plus the filter row's
 * offset, so no window is copied: 16 bytes of a row per step, then 8, then
 * 4 (a row is a multiple of 4 bytes, and nothing past it is read). Weights
 * in GML_QS8_LAYOUT_C4X16; a block of at most 8 channels computes that
 * half only.
 */
#include "gml_conv.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"

/* Group `lane` (4 k) of each pixel's x[r] times channels 4 q...4 q + 3
   (q < 2 * halves) of weights wv, into acc[4 r + q]. */
#define GML_DOT_PIXELS(dot, x, wv, lane)                            \
  GML_UNROLL for (int r = 0; r < 4; r++) {                          \
    GML_UNROLL for (int q = 0; q < 2 * halves; q++) {               \
      acc[4 * r + q] = dot(acc[4 * r + q], wv.val[q], x[r], lane);  \
    }                                                               \
  }

/* One block (`halves` of 8 channels) for the pixels at rows[0..3];
   short_form as gml_neon_block_short. */
GML_NEON_INLINE GML_NEON_DOT void gml_dot_conv_block(
    int halves, int short_form, const int8_t *const *rows, const ptrdiff_t *offsets,
    size_t filter_rows, size_t row_bytes4, const unsigned char *block, const unsigned char *rq,
    int8_t *const *out, size_t count, const gml_neon_out *o) {
  int32x4_t acc[16];
  GML_UNROLL
  for (int q = 0; q < 16; q++) acc[q] = vld1q_s32((const int32_t *)block + 4 * (q % 4));
  const int8_t *b = (const int8_t *)(block + 64);
  for (size_t t = 0; t < filter_rows; t++) {
    const ptrdiff_t offset = offsets[t];
    const int8_t *p[4] = {rows[0] + offset, rows[1] + offset, rows[2] + offset, rows[3] + offset};
    size_t k = 0;
    for (; k + 16 <= row_bytes4; k += 16) {
      int8x16_t x[4];
      GML_UNROLL
      for (int r = 0; r < 4; r++) x[r] = vld1q_s8(p[r] + k);
      int8x16x4_t wv = gml_dot_weights(&b, halves);
      GML_DOT_PIXELS(vdotq_laneq_s32, x, wv, 0)
      wv = gml_dot_weights(&b, halves);
      GML_DOT_PIXELS(vdotq_laneq_s32, x, wv, 1)
      wv = gml_dot_weights(&b, halves);
      GML_DOT_PIXELS(vdotq_laneq_s32, x, wv, 2)
      wv = gml_dot_weights(&b, halves);
      GML_DOT_PIXELS(vdotq_laneq_s32, x, wv, 3)
    }
    if (k + 8 <= row_bytes4) {
      int8x8_t x[4];
      GML_UNROLL
      for (int r = 0; r < 4; r++) x[r] = vld1_s8(p[r] + k);
      int8x16x4_t wv = gml_dot_weights(&b, halves);
      GML_DOT_PIXELS(vdotq_lane_s32, x, wv, 0)
      wv = gml_dot_weights(&b, halves);
      GML_DOT_PIXELS(vdotq_lane_s32, x, wv, 1)
      k += 8;
    }
    if (k < row_bytes4) {
      int8x8_t x[4];
      GML_UNROLL
      for (int r = 0; r < 4; r++) {
        x[r] = vreinterpret_s8_s32(vld1_dup_s32((const int32_t *)(const void *)(p[r] + k)));
      }
      int8x16x4_t wv = gml_dot_weights(&b, halves);
      GML_DOT_PIXELS(vdotq_lane_s32, x, wv, 0)
    }
  }
  gml_neon_requantize_rows(acc, 4, 4, 2 * halves, rq, 16, short_form, o);
  GML_UNROLL
  for (int r = 0; r < 4; r++) {
    if (halves == 2) {
      gml_neon_store16(out[r], gml_neon_finish16(acc + 4 * r, short_form, o), count);
    } else {
      gml_neon_store8(out[r], gml_neon_finish8(acc + 4 * r, short_form, o), count);
    }
  }
}

#undef GML_DOT_PIXELS

/* Up to 16 pixels (MR 16): per block, its 4-pixel tiles. */
GML_NEON_DOT void gml_qs8_conv_4x16c4_neondot(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t filter_rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params) {
  const gml_neon_out o = gml_neon_out_init(params);
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C4X16, kc, params->kind);
  const size_t rq_offset = gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C4X16, kc);
  for (size_t n0 = 0; n0 < nc; n0 += 16, block += block_size) {
    const unsigned char *rq = block + rq_offset;
    const int short_form =
        o.kind == GML_QS8_GEMMLOWP && o.small_zero_point && gml_neon_block_short(rq, 16);
    for (size_t m = 0; m < mr; m += 4) {
      const int8_t *partial[4];
      int8_t *out[4];
      const int8_t *const *rows =
          gml_neon_pixel_group(mr, m, origins, c + n0, c_stride, partial, out);
#define GML_DOT_CONV(halves, short_form) \
  gml_dot_conv_block(halves, short_form, rows, offsets, filter_rows, row_bytes4, block, rq, out, \
                     nc - n0, &o)
      if (nc - n0 <= 8 && short_form) {
        GML_DOT_CONV(1, 1);
      } else if (nc - n0 <= 8) {
        GML_DOT_CONV(1, 0);
      } else if (short_form) {
        GML_DOT_CONV(2, 1);
      } else {
        GML_DOT_CONV(2, 0);
      }
#undef GML_DOT_CONV
    }
  }
}

#endif
