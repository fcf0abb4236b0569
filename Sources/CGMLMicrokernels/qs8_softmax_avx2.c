/*
 * qs8_softmax_avx2.c — int8 SOFTMAX's row passes on AVX2 (gml_softmax.h):
 * 8 elements a step, each table entry fetched with vpgatherdd; the
 * output's 31-bit product in two vpmuludq (even and odd lanes; both
 * factors are non-negative), rounded, shifted and narrowed to int8.
 * The last n % 8 go one at a time, as SoftmaxInt8.fast computes them.
 */
#include "gml_softmax.h"

#if defined(__x86_64__)

#include <immintrin.h>

#define GML_SOFTMAX_AVX2 __attribute__((target("avx2")))

GML_SOFTMAX_AVX2 int32_t gml_qs8_softmax_sum_avx2(const int8_t *x, size_t n,
                                                  const int32_t *accumulated, int32_t *max) {
  int32_t m = -128;
  size_t c = 0;
  if (n >= 32) {
    __m256i vmax = _mm256_set1_epi8(-128);
    for (; c + 32 <= n; c += 32) {
      vmax = _mm256_max_epi8(vmax, _mm256_loadu_si256((const __m256i *)(x + c)));
    }
    __m128i h = _mm_max_epi8(_mm256_castsi256_si128(vmax), _mm256_extracti128_si256(vmax, 1));
    h = _mm_max_epi8(h, _mm_srli_si128(h, 8));
    h = _mm_max_epi8(h, _mm_srli_si128(h, 4));
    h = _mm_max_epi8(h, _mm_srli_si128(h, 2));
    h = _mm_max_epi8(h, _mm_srli_si128(h, 1));
    m = (int8_t)_mm_cvtsi128_si32(h);
  }
  for (; c < n; c++) m = x[c] > m ? x[c] : m;
  *max = m;
  __m256i vm = _mm256_set1_epi32(m), sum = _mm256_setzero_si256();
  for (c = 0; c + 8 <= n; c += 8) {
    __m256i q = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(x + c)));
    sum = _mm256_add_epi32(sum, _mm256_i32gather_epi32(accumulated, _mm256_sub_epi32(vm, q), 4));
  }
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  uint32_t total = (uint32_t)_mm_cvtsi128_si32(s);
  for (; c < n; c++) total += (uint32_t)accumulated[m - x[c]];
  return (int32_t)total;
}

/* One element, as SoftmaxInt8.fast. */
static inline int8_t gml_qs8_softmax_one(int32_t e, int64_t scale, uint32_t half,
                                         int32_t exponent) {
  uint32_t high = (uint32_t)((scale * e + (1LL << 30)) >> 31);
  int32_t q = (int32_t)((high + half) >> exponent) - 128;
  return (int8_t)(q > 127 ? 127 : q);
}

GML_SOFTMAX_AVX2 void gml_qs8_softmax_output_avx2(const int8_t *x, size_t n,
                                                  const int32_t *exponentials, int32_t max,
                                                  int32_t scale, int32_t exponent, int8_t *out) {
  uint32_t half = exponent > 0 ? 1u << (exponent - 1) : 0;
  __m256i vm = _mm256_set1_epi32(max), vs = _mm256_set1_epi32(scale);
  __m256i round = _mm256_set1_epi64x(1LL << 30), vhalf = _mm256_set1_epi32((int32_t)half);
  __m256i limit = _mm256_set1_epi32(127), bias = _mm256_set1_epi32(128);
  __m128i count = _mm_cvtsi32_si128(exponent);
  size_t c = 0;
  for (; c + 8 <= n; c += 8) {
    __m256i q = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(x + c)));
    __m256i e = _mm256_i32gather_epi32(exponentials, _mm256_sub_epi32(vm, q), 4);
    __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epu32(e, vs), round), 31);
    __m256i odd = _mm256_srli_epi64(
        _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(e, 32), vs), round), 31);
    __m256i high = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xaa);
    __m256i v = _mm256_srl_epi32(_mm256_add_epi32(high, vhalf), count);
    v = _mm256_min_epi32(_mm256_sub_epi32(v, bias), limit);
    __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(v, v), _mm256_packs_epi32(v, v));
    int32_t lo = _mm_cvtsi128_si32(_mm256_castsi256_si128(p));
    int32_t hi = _mm_cvtsi128_si32(_mm256_extracti128_si256(p, 1));
    __builtin_memcpy(out + c, &lo, 4);
    __builtin_memcpy(out + c + 4, &hi, 4);
  }
  for (; c < n; c++) out[c] = gml_qs8_softmax_one(exponentials[max - x[c]], scale, half, exponent);
}

#endif
