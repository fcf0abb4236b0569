/*
 * qs8_bmm_pairs_avx2.c — the AVX2 BATCH_MATMUL microkernel for B packed
 * in column pairs (include/gml_matmul.h): eight output columns at a time,
 * each k pair of a row broadcast and multiplied into eight columns' pairs
 * by vpmaddwd, then the eight sums requantized together. Suits the short
 * k of attention (QKᵀ: k is a head's width) where the transposed kernel
 * spends its time in one scalar requantization per output.
 */
#include "gml_matmul.h"

#if defined(__x86_64__)

#include "qs8_avx2.h"

__attribute__((target("avx2"))) void gml_qs8_bmm_pairs_avx2(
    size_t m, size_t n, size_t k, const int16_t *a, const int16_t *bp, int32_t multiplier,
    int32_t shift, int32_t zero_point, int8_t *out) {
  const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const size_t pairs = k / 2;
  gml_avx2_rq q;
  q.kind = GML_QS8_GEMMLOWP;
  q.scale = 0;
  q.multiplier = q.multiplier_odd = _mm256_set1_epi32(multiplier);
  q.left = _mm256_set1_epi32(left);
  q.right = _mm256_set1_epi32(right);
  q.mask = _mm256_set1_epi32((int32_t)(((int64_t)1 << right) - 1));
  q.half = _mm256_srli_epi32(q.mask, 1);
  q.zero_point = _mm256_set1_epi32(zero_point);
  q.has_left = left != 0;
  const __m256i low = _mm256_set1_epi32(-128), high = _mm256_set1_epi32(127);
  for (size_t i = 0; i < m; i++) {
    const int16_t *ai = a + i * k;
    int8_t *oi = out + i * n;
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
      __m256i acc = _mm256_setzero_si256();
      for (size_t p = 0; p < pairs; p++) {
        int32_t pair;
        __builtin_memcpy(&pair, ai + 2 * p, 4);
        const __m256i b = _mm256_loadu_si256((const __m256i *)(bp + (p * n + j) * 2));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_set1_epi32(pair), b));
      }
      __m256i y = gml_avx2_rq_apply(acc, &q);
      y = _mm256_min_epi32(_mm256_max_epi32(y, low), high);
      const int64_t bytes = gml_avx2_narrow(y);
      __builtin_memcpy(oi + j, &bytes, 8);
    }
    for (; j < n; j++) {
      int32_t s = 0;
      for (size_t p = 0; p < pairs; p++) {
        s += (int32_t)ai[2 * p] * bp[(p * n + j) * 2] + (int32_t)ai[2 * p + 1] * bp[(p * n + j) * 2 + 1];
      }
      const int32_t r =
          (int32_t)((uint32_t)gml_qs8_gemmlowp(s, multiplier, left, right) + (uint32_t)zero_point);
      oi[j] = (int8_t)(r < -128 ? -128 : r > 127 ? 127 : r);
    }
  }
}

#endif
