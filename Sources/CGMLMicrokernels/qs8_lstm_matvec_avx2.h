/*
 * qs8_lstm_matvec_avx2.h — the integer LSTM's and GRU's gate products
 * (qs8_lstm.h's GML_LSTM_MATVEC) eight weight rows at a time on AVX2:
 * sixteen int8 columns of each row and of the vector widened to int16,
 * VPMADDWD into one int32 accumulator per row, and the eight rows' sums
 * folded together at the end (VPHADDD), instead of a horizontal sum per
 * row. The sums wrap as the scalar ones do. Included by qs8_lstm_avx2.c
 * before qs8_lstm.h; private to this folder.
 */
#ifndef GML_QS8_LSTM_MATVEC_AVX2_H
#define GML_QS8_LSTM_MATVEC_AVX2_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "qs8_lstm_matvec_rows.h"

#define M2 static inline __attribute__((always_inline, target("avx2")))

/* Sixteen int8 at p as int16 lanes. */
M2 __m256i m2_widen(const int8_t *p) {
  return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)p));
}

/* The eight lanes' sums of a0 ... a7, in order. */
M2 __m256i m2_fold8(__m256i a0, __m256i a1, __m256i a2, __m256i a3, __m256i a4, __m256i a5,
                    __m256i a6, __m256i a7) {
  __m256i s0 = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));
  __m256i s1 = _mm256_hadd_epi32(_mm256_hadd_epi32(a4, a5), _mm256_hadd_epi32(a6, a7));
  return _mm256_add_epi32(_mm256_permute2x128_si256(s0, s1, 0x20),
                          _mm256_permute2x128_si256(s0, s1, 0x31));
}

/* acc[u] = bias[u] + sum_c w[u * cols + c] * v[c] for u < rows, in
   wrapping int32. Not always_inline: qs8_lstm.h's gate functions, which
   call it, carry no target themselves (the AVX2 ones they are inlined
   into do). */
static inline __attribute__((target("avx2"))) void gml_l16_matvec_avx2(const int8_t *w, const int8_t *v, size_t rows, size_t cols,
                            const int32_t *bias, int32_t *acc) {
  size_t whole = cols & ~(size_t)15, u = 0;
  for (; u + 8 <= rows; u += 8) {
    const int8_t *r = w + u * cols;
    __m256i a[8];
    for (int k = 0; k < 8; k++) a[k] = _mm256_setzero_si256();
    for (size_t c = 0; c < whole; c += 16) {
      __m256i x = m2_widen(v + c);
      for (int k = 0; k < 8; k++) {
        a[k] = _mm256_add_epi32(a[k], _mm256_madd_epi16(m2_widen(r + k * cols + c), x));
      }
    }
    __m256i sums = _mm256_add_epi32(m2_fold8(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]),
                                    _mm256_loadu_si256((const __m256i *)(bias + u)));
    _mm256_storeu_si256((__m256i *)(acc + u), sums);
    for (size_t c = whole; c < cols; c++) {
      for (int k = 0; k < 8; k++) {
        acc[u + k] = (int32_t)((uint32_t)acc[u + k] + (uint32_t)((int32_t)r[k * cols + c] * v[c]));
      }
    }
  }
  gml_l16_matvec_rows(w, v, u, rows, cols, bias, acc);
}

#undef M2

#endif
