/*
 * f32_gemm_dot_fma.c — gml_f32_gemm_dot_fma (gml_f32.h): float rows of A
 * times weights stored [n][k], both read along k, on AVX2 with FMA. Two
 * rows by four channels per block: eight accumulators of eight lanes over
 * k (the tail under a mask), folded into the block's eight sums at the
 * end (VHADDPS), so the weights need no packing and are read in place. A
 * last, lone row takes eight channels a block.
 */
#include "gml_f32.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>

#define F2 static inline __attribute__((always_inline, target("avx2,fma")))

/* Lanes below r (1 ... 7) on, the rest off: the mask of a k tail. */
F2 __m256i f2_tail(size_t r) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* The sums of a0 ... a3, in order, as four lanes. */
F2 __m128 f2_fold4(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
  __m256 s = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
  return _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
}

/* bias + sums, clamped, stored to c (four lanes, or the first `count`). */
F2 void f2_store(float *c, __m128 sums, const float *bias, size_t j, size_t count, __m128 lo,
                 __m128 hi) {
  if (bias) {
    float b[4] = {0, 0, 0, 0};
    for (size_t q = 0; q < count; q++) b[q] = bias[j + q];
    sums = _mm_add_ps(sums, _mm_loadu_ps(b));
  }
  /* NaN stays NaN, as in the reference: MAXPS and MINPS return their
     second operand when one is NaN. */
  sums = _mm_min_ps(hi, _mm_max_ps(lo, sums));
  if (count == 4) {
    _mm_storeu_ps(c + j, sums);
  } else {
    float out[4];
    _mm_storeu_ps(out, sums);
    for (size_t q = 0; q < count; q++) c[j + q] = out[q];
  }
}

/* Rows r0 and r1 (the same pointer for a single row) by channels j to
   j + count (count 1 ... 4; the missing ones read channel j again). */
F2 void f2_block(size_t k, const float *r0, const float *r1, const float *b, size_t j,
                 size_t count, __m256 acc0[4], __m256 acc1[4]) {
  const float *w[4];
  for (size_t q = 0; q < 4; q++) w[q] = b + (j + (q < count ? q : 0)) * k;
  for (size_t q = 0; q < 4; q++) acc0[q] = acc1[q] = _mm256_setzero_ps();
  size_t p = 0;
  for (; p + 8 <= k; p += 8) {
    __m256 x0 = _mm256_loadu_ps(r0 + p), x1 = _mm256_loadu_ps(r1 + p);
    for (size_t q = 0; q < 4; q++) {
      __m256 wq = _mm256_loadu_ps(w[q] + p);
      acc0[q] = _mm256_fmadd_ps(x0, wq, acc0[q]);
      acc1[q] = _mm256_fmadd_ps(x1, wq, acc1[q]);
    }
  }
  if (p < k) {
    __m256i mask = f2_tail(k - p);
    __m256 x0 = _mm256_maskload_ps(r0 + p, mask), x1 = _mm256_maskload_ps(r1 + p, mask);
    for (size_t q = 0; q < 4; q++) {
      __m256 wq = _mm256_maskload_ps(w[q] + p, mask);
      acc0[q] = _mm256_fmadd_ps(x0, wq, acc0[q]);
      acc1[q] = _mm256_fmadd_ps(x1, wq, acc1[q]);
    }
  }
}

/* One row r0 by channels j to j + count (count 1 ... 8; the missing ones
   read channel j again): eight accumulators, so a lone row (a batch-1
   FullyConnected) does no second row's work. */
F2 void f2_block1(size_t k, const float *r0, const float *b, size_t j, size_t count,
                  __m256 acc[8]) {
  const float *w[8];
  for (size_t q = 0; q < 8; q++) w[q] = b + (j + (q < count ? q : 0)) * k;
  for (size_t q = 0; q < 8; q++) acc[q] = _mm256_setzero_ps();
  size_t p = 0;
  for (; p + 8 <= k; p += 8) {
    __m256 x = _mm256_loadu_ps(r0 + p);
    for (size_t q = 0; q < 8; q++) acc[q] = _mm256_fmadd_ps(x, _mm256_loadu_ps(w[q] + p), acc[q]);
  }
  if (p < k) {
    __m256i mask = f2_tail(k - p);
    __m256 x = _mm256_maskload_ps(r0 + p, mask);
    for (size_t q = 0; q < 8; q++) {
      acc[q] = _mm256_fmadd_ps(x, _mm256_maskload_ps(w[q] + p, mask), acc[q]);
    }
  }
}

__attribute__((target("avx2,fma"))) void gml_f32_gemm_dot_fma(
    size_t m, size_t n, size_t k, const float *a, size_t a_stride, const float *b,
    const float *bias, float *c, size_t c_stride, float lo, float hi) {
  __m128 vlo = _mm_set1_ps(lo), vhi = _mm_set1_ps(hi);
  __m256 acc0[4], acc1[4], acc[8];
  for (size_t i = 0; i < m; i += 2) {
    if (i + 1 == m) {
      const float *r0 = a + i * a_stride;
      for (size_t j = 0; j < n; j += 8) {
        size_t count = n - j < 8 ? n - j : 8;
        f2_block1(k, r0, b, j, count, acc);
        f2_store(c + i * c_stride, f2_fold4(acc[0], acc[1], acc[2], acc[3]), bias, j,
                 count < 4 ? count : 4, vlo, vhi);
        if (count > 4) {
          f2_store(c + i * c_stride, f2_fold4(acc[4], acc[5], acc[6], acc[7]), bias, j + 4,
                   count - 4, vlo, vhi);
        }
      }
      break;
    }
    const float *r0 = a + i * a_stride, *r1 = i + 1 < m ? r0 + a_stride : r0;
    for (size_t j = 0; j < n; j += 4) {
      size_t count = n - j < 4 ? n - j : 4;
      f2_block(k, r0, r1, b, j, count, acc0, acc1);
      f2_store(c + i * c_stride, f2_fold4(acc0[0], acc0[1], acc0[2], acc0[3]), bias, j, count,
               vlo, vhi);
      if (i + 1 < m) {
        f2_store(c + (i + 1) * c_stride, f2_fold4(acc1[0], acc1[1], acc1[2], acc1[3]), bias, j,
                 count, vlo, vhi);
      }
    }
  }
}

#else

void gml_f32_gemm_dot_fma(size_t m, size_t n, size_t k, const float *a, size_t a_stride,
                          const float *b, const float *bias, float *c, size_t c_stride, float lo,
                          float hi) {
  (void)m, (void)n, (void)k, (void)a, (void)a_stride, (void)b, (void)bias, (void)c,
      (void)c_stride, (void)lo, (void)hi;
}

#endif
