/*
 * f32_gemm_6x16_fma.c — gml_f32_gemm_6x16_fma (gml_f32.h): float rows of A
 * times weights packed in panels of sixteen channels (gml_f32_gemm_pack16),
 * on AVX2 with FMA. Six rows by sixteen channels a block: twelve
 * accumulators that start at the bias, each step one panel row (two
 * loads) times six broadcast inputs, so no sum is folded across lanes.
 * gml_f32_igemm_6x16_fma: the same on rows gathered through pointers
 * (a convolution's windows in place, gml_conv_indirection).
 */
#include "gml_f32.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define F2 static inline __attribute__((always_inline, target("avx2,fma")))

/* Lanes below r (0 ... 8) on, the rest off. */
F2 __m256i f2_lanes6(ptrdiff_t r) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* acc0 (channels 0-7) and acc1 (8-15) clamped and stored to c: sixteen
   channels, or the first `count`. */
F2 void f2_store16(float *c, __m256 acc0, __m256 acc1, ptrdiff_t count, __m256 lo, __m256 hi) {
  /* MAXPS and MINPS return their second operand when one is NaN. */
  acc0 = _mm256_min_ps(hi, _mm256_max_ps(lo, acc0));
  acc1 = _mm256_min_ps(hi, _mm256_max_ps(lo, acc1));
  if (count >= 16) {
    _mm256_storeu_ps(c, acc0);
    _mm256_storeu_ps(c + 8, acc1);
  } else {
    _mm256_maskstore_ps(c, f2_lanes6(count), acc0);
    _mm256_maskstore_ps(c + 8, f2_lanes6(count - 8), acc1);
  }
}

/* The twelve accumulators, each at its channel's bias (the panel's head). */
#define INIT_FROM_BIAS(w)                                                     \
  __m256 a00 = _mm256_loadu_ps(w), a01 = _mm256_loadu_ps(w + 8);              \
  __m256 a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;    \
  __m256 a40 = a00, a41 = a01, a50 = a00, a51 = a01;                          \
  w += 16;

/* The block's rows below `rows` stored from out, c_stride apart. */
#define STORE_ROWS(out, count)                                                     \
  f2_store16(out, a00, a01, count, vlo, vhi);                                      \
  if (rows > 1) f2_store16(out + c_stride, a10, a11, count, vlo, vhi);             \
  if (rows > 2) f2_store16(out + 2 * c_stride, a20, a21, count, vlo, vhi);         \
  if (rows > 3) f2_store16(out + 3 * c_stride, a30, a31, count, vlo, vhi);         \
  if (rows > 4) f2_store16(out + 4 * c_stride, a40, a41, count, vlo, vhi);         \
  if (rows > 5) f2_store16(out + 5 * c_stride, a50, a51, count, vlo, vhi);

#define STEP(t, r)                                  \
  x = _mm256_broadcast_ss(r + p);                   \
  a##t##0 = _mm256_fmadd_ps(x, w0, a##t##0);        \
  a##t##1 = _mm256_fmadd_ps(x, w1, a##t##1);

__attribute__((target("avx2,fma"))) void gml_f32_gemm_6x16_fma(
    size_t m, size_t n, size_t k, const float *a, size_t a_stride, const float *packed, float *c,
    size_t c_stride, float lo, float hi) {
  __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
  for (size_t i = 0; i < m; i += 6) {
    /* Rows past m read the last row again; their sums are not stored. */
    const float *r0 = a + i * a_stride;
    const float *r1 = i + 1 < m ? r0 + a_stride : r0;
    const float *r2 = i + 2 < m ? r1 + a_stride : r1;
    const float *r3 = i + 3 < m ? r2 + a_stride : r2;
    const float *r4 = i + 4 < m ? r3 + a_stride : r3;
    const float *r5 = i + 5 < m ? r4 + a_stride : r4;
    size_t rows = m - i < 6 ? m - i : 6;
    const float *w = packed;
    for (size_t j = 0; j < n; j += 16) {
      INIT_FROM_BIAS(w)
      for (size_t p = 0; p < k; p++, w += 16) {
        __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8), x;
        STEP(0, r0) STEP(1, r1) STEP(2, r2) STEP(3, r3) STEP(4, r4) STEP(5, r5)
      }
      STORE_ROWS(c + i * c_stride + j, (ptrdiff_t)(n - j))
    }
  }
}

/* The same block on rows gathered through `indirect`: row i's tap t is
   the `cin` values at indirect[i * taps + t] (an input pixel, or zeros
   for padding), k = taps * cin in the packed weights' order (tap-major,
   as im2col's windows), so the sums run as gml_f32_gemm_6x16_fma's on
   the copied windows would, without the copy. */
__attribute__((target("avx2,fma"))) void gml_f32_igemm_6x16_fma(
    size_t m, size_t n, size_t taps, size_t cin, const float *const *indirect,
    const float *packed, float *c, size_t c_stride, float lo, float hi) {
  __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
  for (size_t i = 0; i < m; i += 6) {
    /* Rows past m read the last row again; their sums are not stored. */
    const float *const *q0 = indirect + i * taps;
    const float *const *q1 = i + 1 < m ? q0 + taps : q0;
    const float *const *q2 = i + 2 < m ? q1 + taps : q1;
    const float *const *q3 = i + 3 < m ? q2 + taps : q2;
    const float *const *q4 = i + 4 < m ? q3 + taps : q3;
    const float *const *q5 = i + 5 < m ? q4 + taps : q4;
    size_t rows = m - i < 6 ? m - i : 6;
    const float *w = packed;
    for (size_t j = 0; j < n; j += 16) {
      INIT_FROM_BIAS(w)
      for (size_t t = 0; t < taps; t++) {
        const float *r0 = q0[t], *r1 = q1[t], *r2 = q2[t], *r3 = q3[t], *r4 = q4[t],
                    *r5 = q5[t];
        for (size_t p = 0; p < cin; p++, w += 16) {
          __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8), x;
          STEP(0, r0) STEP(1, r1) STEP(2, r2) STEP(3, r3) STEP(4, r4) STEP(5, r5)
        }
      }
      STORE_ROWS(c + i * c_stride + j, (ptrdiff_t)(n - j))
    }
  }
}

#else

void gml_f32_igemm_6x16_fma(size_t m, size_t n, size_t taps, size_t cin,
                            const float *const *indirect, const float *packed, float *c,
                            size_t c_stride, float lo, float hi) {
  (void)m, (void)n, (void)taps, (void)cin, (void)indirect, (void)packed, (void)c, (void)c_stride,
      (void)lo, (void)hi;
}

void gml_f32_gemm_6x16_fma(size_t m, size_t n, size_t k, const float *a, size_t a_stride,
                           const float *packed, float *c, size_t c_stride, float lo, float hi) {
  (void)m, (void)n, (void)k, (void)a, (void)a_stride, (void)packed, (void)c, (void)c_stride,
      (void)lo, (void)hi;
}

#endif
