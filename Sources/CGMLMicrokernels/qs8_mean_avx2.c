/*
 * qs8_mean_avx2.c — AVX2 int8 Mean over `count` positions `step` bytes
 * apart, 16 channels a step, as gml_qs8_mean_neon: int32 sums (wrapping),
 * minus the zero sum, TFLite's multiplier (gemmlowp's two roundings),
 * plus the zero point, saturated to int8; the last channels one at a
 * time.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__x86_64__)

#include "qs8_avx2.h"

__attribute__((target("avx2"))) void gml_qs8_mean_avx2(
    size_t channels, const int8_t *input, size_t count, size_t step, int32_t zero_sum,
    int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *output) {
  const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  int32_t rq[24]; /* gml_avx2_gemmlowp's fields: multiplier, left, right */
  for (int i = 0; i < 8; i++) rq[i] = multiplier, rq[8 + i] = left, rq[16 + i] = right;
  const __m256i zero = _mm256_set1_epi32(zero_sum), zp = _mm256_set1_epi32(zero_point);
  size_t c = 0;
  for (; c + 16 <= channels; c += 16) {
    __m256i lo = _mm256_setzero_si256(), hi = _mm256_setzero_si256();
    const int8_t *p = input + c;
    for (size_t r = 0; r < count; r++, p += step) {
      const __m128i x = _mm_loadu_si128((const __m128i *)p);
      lo = _mm256_add_epi32(lo, _mm256_cvtepi8_epi32(x));
      hi = _mm256_add_epi32(hi, _mm256_cvtepi8_epi32(_mm_srli_si128(x, 8)));
    }
    lo = _mm256_add_epi32(gml_avx2_gemmlowp(_mm256_sub_epi32(lo, zero), rq), zp);
    hi = _mm256_add_epi32(gml_avx2_gemmlowp(_mm256_sub_epi32(hi, zero), rq), zp);
    /* Saturating int32 -> int16 -> int8 is the clamp to int8. */
    const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
    _mm_storeu_si128((__m128i *)(output + c),
                     _mm_packs_epi16(_mm256_castsi256_si128(words),
                                     _mm256_extracti128_si256(words, 1)));
  }
  for (; c < channels; c++) {
    uint32_t sum = 0;
    for (size_t r = 0; r < count; r++) sum += (uint32_t)(int32_t)input[r * step + c];
    const int32_t s = (int32_t)(sum - (uint32_t)zero_sum);
    const int32_t q =
        (int32_t)((uint32_t)gml_qs8_gemmlowp(s, multiplier, left, right) + (uint32_t)zero_point);
    output[c] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
  }
}

#endif
