/*
 * qs8_gemm_3x8c8_avx2.c — AVX2 GEMM microkernel, 3 rows x 8 channels: per
 * group of 8 k, each row's bytes and each channel pair's are widened to
 * int16 and multiplied with vpmaddwd into 12 column-pair accumulators;
 * then the c8 reduction, the exact requantization with the block's
 * constants loaded once for the three rows, and one narrowing for all
 * three (qs8_3x8c8_avx2.h).
 */
#include "gml_microkernels.h"

#if defined(__x86_64__)

#include "qs8_3x8c8_avx2.h"

__attribute__((target("avx2"))) void gml_qs8_gemm_3x8c8_avx2(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *a0 = a;
  const int8_t *a1 = mr > 1 ? a0 + a_stride : a0;
  const int8_t *a2 = mr > 2 ? a1 + a_stride : a1;
  int8_t *c0 = c;
  int8_t *c1 = mr > 1 ? c0 + c_stride : c0;
  int8_t *c2 = mr > 2 ? c1 + c_stride : c1;
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C8W16, kc, params->kind);
  for (size_t n0 = 0; n0 < nc; n0 += 8) {
    GML_AVX2_3X8_ACCUMULATORS;
    const unsigned char *b = block + 32;
    GML_AVX2_3X8_STEPS(a0, a1, a2, b, kc);
    size_t count = nc - n0 < 8 ? nc - n0 : 8;
    GML_AVX2_3X8_FINISH(block, kc, params, c0 + n0, c1 + n0, c2 + n0, count);
    block += block_size;
  }
}

#endif
