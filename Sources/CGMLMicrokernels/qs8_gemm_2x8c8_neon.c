/*
 * qs8_gemm_2x8c8_neon.c — NEON GEMM microkernel, 2 rows x 8 channels: per
 * group of 8 k, vmull_s8 products (exact in int16) pairwise-added into 16
 * int32x4 accumulators (vpadal), then the exact requantization (qs8_neon.h).
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon.h"

void gml_qs8_gemm_2x8c8_neon(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *a0 = a;
  const int8_t *a1 = mr > 1 ? a + a_stride : a0;
  int8_t *c0 = c;
  int8_t *c1 = mr > 1 ? c + c_stride : c0;
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  for (size_t n0 = 0; n0 < nc; n0 += 8) {
    int32x4_t acc0[8], acc1[8];
    for (int j = 0; j < 8; j++) acc0[j] = acc1[j] = vdupq_n_s32(0);
    const int8_t *b = (const int8_t *)(block + 32);
    for (size_t k = 0; k < kc; k += 8) {
      int8x8_t x0 = vld1_s8(a0 + k), x1 = vld1_s8(a1 + k);
      for (int j = 0; j < 8; j++) {
        int8x8_t wj = vld1_s8(b + 8 * j);
        acc0[j] = vpadalq_s16(acc0[j], vmull_s8(wj, x0));
        acc1[j] = vpadalq_s16(acc1[j], vmull_s8(wj, x1));
      }
      b += 64;
    }
    int32x4_t bias_lo = vld1q_s32((const int32_t *)block);
    int32x4_t bias_hi = vld1q_s32((const int32_t *)block + 4);
    const unsigned char *rq = block + gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
    size_t count = nc - n0 < 8 ? nc - n0 : 8;
    int32x4_t y1lo = vaddq_s32(gml_neon_reduce4(acc1[0], acc1[1], acc1[2], acc1[3]), bias_lo);
    int32x4_t y1hi = vaddq_s32(gml_neon_reduce4(acc1[4], acc1[5], acc1[6], acc1[7]), bias_hi);
    gml_neon_store(c1 + n0, gml_neon_requantize(y1lo, rq, 0, params),
                   gml_neon_requantize(y1hi, rq, 4, params), count);
    int32x4_t y0lo = vaddq_s32(gml_neon_reduce4(acc0[0], acc0[1], acc0[2], acc0[3]), bias_lo);
    int32x4_t y0hi = vaddq_s32(gml_neon_reduce4(acc0[4], acc0[5], acc0[6], acc0[7]), bias_hi);
    gml_neon_store(c0 + n0, gml_neon_requantize(y0lo, rq, 0, params),
                   gml_neon_requantize(y0hi, rq, 4, params), count);
    block += block_size;
  }
}

#endif
