/*
 * qd8_gemm_dot.c — gml_qd8_gemm_dot_* (gml_f32.h): the integer sums under
 * the hybrid (dynamic-range) kernels, int8 rows of quantized activations
 * times int8 weights stored [n][k], read in place: a portable loop whose
 * reduction over k the compiler vectorizes (PMADDWD with SSE2, SMULL on
 * AArch64), and on AVX2 two rows by four channels a block, sixteen k a
 * step, folded once per block.
 */
#include "gml_f32.h"

#include <stdint.h>

/* Wrapping int32 sums, as the reference kernels' `&+`: accumulated as
   uint32 (signed overflow is undefined in C), each product exact. */
void gml_qd8_gemm_dot_portable(size_t m, size_t n, size_t k, const int8_t *a, size_t a_stride,
                               const int8_t *b, int32_t *c, size_t c_stride) {
  for (size_t i = 0; i < m; i++) {
    const int8_t *x = a + i * a_stride;
    for (size_t j = 0; j < n; j++) {
      const int8_t *w = b + j * k;
      uint32_t acc = 0;
      for (size_t p = 0; p < k; p++) acc += (uint32_t)((int32_t)x[p] * (int32_t)w[p]);
      c[i * c_stride + j] = (int32_t)acc;
    }
  }
}

#if defined(__x86_64__)
#include <immintrin.h>

#define Q2 static inline __attribute__((always_inline, target("avx2")))

/* Sixteen int8 at p widened to int16; `count` below 16 reads only that
   many (the rest zero). */
Q2 __m256i q2_load16(const int8_t *p, size_t count) {
  if (count >= 16) return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)p));
  int8_t tail[16] = {0};
  __builtin_memcpy(tail, p, count);
  return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)tail));
}

/* The sums of a0 ... a3, in order, as four int32 lanes. */
Q2 __m128i q2_fold4(__m256i a0, __m256i a1, __m256i a2, __m256i a3) {
  __m256i s = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));
  return _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
}

/* Two rows (r1 may equal r0) by four channels a block (the missing ones
   read channel j again), sixteen k a step through VPMADDWD: each pair's
   sum is exact in int32, the additions wrap as the reference's do. */
__attribute__((target("avx2"))) void gml_qd8_gemm_dot_avx2(size_t m, size_t n, size_t k,
                                                           const int8_t *a, size_t a_stride,
                                                           const int8_t *b, int32_t *c,
                                                           size_t c_stride) {
  for (size_t i = 0; i < m; i += 2) {
    const int8_t *r0 = a + i * a_stride, *r1 = i + 1 < m ? r0 + a_stride : r0;
    for (size_t j = 0; j < n; j += 4) {
      size_t count = n - j < 4 ? n - j : 4;
      const int8_t *w[4];
      for (size_t q = 0; q < 4; q++) w[q] = b + (j + (q < count ? q : 0)) * k;
      __m256i acc0[4], acc1[4];
      for (size_t q = 0; q < 4; q++) acc0[q] = acc1[q] = _mm256_setzero_si256();
      for (size_t p = 0; p < k; p += 16) {
        size_t step = k - p < 16 ? k - p : 16;
        __m256i x0 = q2_load16(r0 + p, step), x1 = q2_load16(r1 + p, step);
        for (size_t q = 0; q < 4; q++) {
          __m256i wq = q2_load16(w[q] + p, step);
          acc0[q] = _mm256_add_epi32(acc0[q], _mm256_madd_epi16(x0, wq));
          acc1[q] = _mm256_add_epi32(acc1[q], _mm256_madd_epi16(x1, wq));
        }
      }
      int32_t s0[4], s1[4];
      _mm_storeu_si128((__m128i *)s0, q2_fold4(acc0[0], acc0[1], acc0[2], acc0[3]));
      _mm_storeu_si128((__m128i *)s1, q2_fold4(acc1[0], acc1[1], acc1[2], acc1[3]));
      for (size_t q = 0; q < count; q++) {
        c[i * c_stride + j + q] = s0[q];
        if (i + 1 < m) c[(i + 1) * c_stride + j + q] = s1[q];
      }
    }
  }
}
#else
void gml_qd8_gemm_dot_avx2(size_t m, size_t n, size_t k, const int8_t *a, size_t a_stride,
                           const int8_t *b, int32_t *c, size_t c_stride) {
  gml_qd8_gemm_dot_portable(m, n, k, a, a_stride, b, c, c_stride);
}
#endif
