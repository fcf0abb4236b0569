/*
 * qs8_gemm_1x8c8_neon.c — NEON GEMM microkernel, 1 row x 8 channels: the
 * matrix-vector case; as the 2x8 tile with one row.
 */
#include "gml_microkernels.h"

#if defined(__aarch64__)

#include "qs8_neon.h"

void gml_qs8_gemm_1x8c8_neon(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  (void)mr;
  (void)a_stride;
  (void)c_stride;
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  for (size_t n0 = 0; n0 < nc; n0 += 8) {
    int32x4_t acc[8];
    for (int j = 0; j < 8; j++) acc[j] = vdupq_n_s32(0);
    const int8_t *b = (const int8_t *)(block + 32);
    for (size_t k = 0; k < kc; k += 8) {
      int8x8_t x = vld1_s8(a + k);
      for (int j = 0; j < 8; j++) acc[j] = vpadalq_s16(acc[j], vmull_s8(vld1_s8(b + 8 * j), x));
      b += 64;
    }
    const int32_t *bias = (const int32_t *)block;
    const unsigned char *rq = block + gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
    size_t count = nc - n0 < 8 ? nc - n0 : 8;
    int32x4_t lo = vaddq_s32(gml_neon_reduce4(acc[0], acc[1], acc[2], acc[3]), vld1q_s32(bias));
    int32x4_t hi = vaddq_s32(gml_neon_reduce4(acc[4], acc[5], acc[6], acc[7]), vld1q_s32(bias + 4));
    gml_neon_store(c + n0, gml_neon_requantize(lo, rq, 0, params),
                   gml_neon_requantize(hi, rq, 4, params), count);
    block += block_size;
  }
}

#endif
