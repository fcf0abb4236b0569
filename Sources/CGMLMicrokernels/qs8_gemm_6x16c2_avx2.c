/*
 * qs8_gemm_6x16c2_avx2.c — AVX2 GEMM microkernel for small K, 6 rows x 16
 * channels: the rows of A are widened to int16 once per call (on the
 * stack: kc <= GML_QS8_C2X16_MAX_K), each pair of k is broadcast and
 * multiplied with vpmaddwd by the int16 weights of 16 channels, so every
 * accumulator lane is one output (no reduction across lanes), then the
 * exact requantization and one narrowing per two rows (qs8_avx2.h).
 */
#include "gml_microkernels.h"

#if defined(__x86_64__)

#include "qs8_avx2.h"

#define MR 6

/* Widens `rows` rows of kc bytes to int16 (kc a multiple of 8). */
__attribute__((target("avx2"), always_inline)) static inline void widen_rows(
    const int8_t *const *a, size_t kc, int16_t (*out)[GML_QS8_C2X16_MAX_K]) {
  for (size_t r = 0; r < MR; r++) {
    for (size_t k = 0; k < kc; k += 8) {
      int64_t bits;
      __builtin_memcpy(&bits, a[r] + k, 8);
      _mm_storeu_si128((__m128i *)&out[r][k], _mm_cvtepi8_epi16(_mm_cvtsi64_si128(bits)));
    }
  }
}

__attribute__((target("avx2"))) void gml_qs8_gemm_6x16c2_avx2(
    size_t mr, size_t nc, size_t kc, const int8_t *a, size_t a_stride, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params) {
  const int8_t *rows[MR];
  int8_t *out[MR];
  for (size_t r = 0; r < MR; r++) {
    size_t used = r < mr ? r : mr - 1;
    rows[r] = a + used * a_stride;
    out[r] = c + used * c_stride;
  }
  int16_t x[MR][GML_QS8_C2X16_MAX_K];
  widen_rows(rows, kc, x);
  const unsigned char *block = (const unsigned char *)w;
  const size_t block_size = gml_qs8_block_size(GML_QS8_LAYOUT_C2X16, kc, params->kind);
  for (size_t n0 = 0; n0 < nc; n0 += 16) {
    __m256i acc[MR][2];
    const __m256i bias_lo = _mm256_loadu_si256((const __m256i *)block);
    const __m256i bias_hi = _mm256_loadu_si256((const __m256i *)(block + 32));
    for (size_t r = 0; r < MR; r++) {
      acc[r][0] = bias_lo;
      acc[r][1] = bias_hi;
    }
    const unsigned char *b = block + 64;
    for (size_t k = 0; k < kc; k += 2) {
      const __m256i w_lo = _mm256_loadu_si256((const __m256i *)b);
      const __m256i w_hi = _mm256_loadu_si256((const __m256i *)(b + 32));
      for (size_t r = 0; r < MR; r++) {
        int32_t pair;
        __builtin_memcpy(&pair, &x[r][k], 4);
        const __m256i xr = _mm256_set1_epi32(pair);
        acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(xr, w_lo));
        acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(xr, w_hi));
      }
      b += 64;
    }
    const unsigned char *rq = block + gml_qs8_block_requant_offset(GML_QS8_LAYOUT_C2X16, kc);
    gml_avx2_requantize_half16(acc, MR, 0, rq, params);
    gml_avx2_requantize_half16(acc, MR, 1, rq, params);
    gml_avx2_store_rows16(acc, MR, out, n0, nc - n0 < 16 ? nc - n0 : 16, params);
    block += block_size;
  }
}

#endif
