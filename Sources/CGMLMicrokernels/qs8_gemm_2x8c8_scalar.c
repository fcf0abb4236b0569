/*
 * qs8_gemm_2x8c8_scalar.c — portable C GEMM microkernel: 2 rows x 8
 * channels per step over the packed layout, then scalar requantization.
 * Builds for any target (Cortex-M included); the fallback when no SIMD
 * tile runs here.
 */
#include "gml_microkernels.h"
#include "qs8_requant.h"

void gml_qs8_gemm_2x8c8_scalar(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *a0 = a;
  const int8_t *a1 = mr > 1 ? a + a_stride : a0;
  int8_t *c0 = c;
  int8_t *c1 = mr > 1 ? c + c_stride : c0;
  const unsigned char *block = (const unsigned char *)w;
  size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8, kc, params->kind);
  for (size_t n0 = 0; n0 < nc; n0 += 8) {
    uint32_t acc0[8], acc1[8];
    __builtin_memcpy(acc0, block, 32);
    __builtin_memcpy(acc1, block, 32);
    const int8_t *b = (const int8_t *)(block + 32);
    for (size_t k = 0; k < kc; k += 8) {
      for (size_t j = 0; j < 8; j++) {
        uint32_t s0 = 0, s1 = 0;
        for (size_t i = 0; i < 8; i++) {
          int32_t bw = b[j * 8 + i];
          s0 += (uint32_t)(bw * a0[k + i]);
          s1 += (uint32_t)(bw * a1[k + i]);
        }
        acc0[j] += s0;
        acc1[j] += s1;
      }
      b += 64;
    }
    const void *rq = block + gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C8, kc);
    size_t count = nc - n0 < 8 ? nc - n0 : 8;
    for (size_t j = 0; j < count; j++) {
      c1[n0 + j] = gml_qs8_requantize((int32_t)acc1[j], rq, j, params);
      c0[n0 + j] = gml_qs8_requantize((int32_t)acc0[j], rq, j, params);
    }
    block += block_size;
  }
}
