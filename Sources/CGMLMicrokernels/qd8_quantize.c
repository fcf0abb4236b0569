/*
 * qd8_quantize.c — gml_qd8_range and gml_qd8_quantize_* (gml_f32.h): the
 * two passes of the hybrid kernels' per-run asymmetric quantization, the
 * reference's (AsymmetricQuantizeInt8) values bit for bit, in loops the
 * compiler vectorizes: no rounding library call per element, both built
 * for the baseline and for AVX2 (the second pass there in intrinsics,
 * thirty-two values a step).
 */
#include "gml_f32.h"

/* inverse * v + zero must round twice, as the reference's Swift does. */
#pragma STDC FP_CONTRACT OFF

#define QD8_LANES 16

static inline __attribute__((always_inline)) void qd8_range(const float *v, size_t n,
                                                           float *min_out, float *max_out) {
  /* Each lane keeps Swift's min(m, x) = x < m ? x : m (and max likewise)
     from 0: a NaN never replaces, -0 never replaces +0, so the lanes'
     combination is the sequential loop's result. */
  float lo[QD8_LANES], hi[QD8_LANES];
  for (size_t l = 0; l < QD8_LANES; l++) lo[l] = hi[l] = 0.0f;
  size_t i = 0;
  for (; i + QD8_LANES <= n; i += QD8_LANES) {
    for (size_t l = 0; l < QD8_LANES; l++) {
      float x = v[i + l];
      lo[l] = x < lo[l] ? x : lo[l];
      hi[l] = x >= hi[l] ? x : hi[l];
    }
  }
  float a = 0.0f, b = 0.0f;
  for (size_t l = 0; l < QD8_LANES; l++) {
    a = lo[l] < a ? lo[l] : a;
    b = hi[l] >= b ? hi[l] : b;
  }
  for (; i < n; i++) {
    a = v[i] < a ? v[i] : a;
    b = v[i] >= b ? v[i] : b;
  }
  *min_out = a;
  *max_out = b;
}

void gml_qd8_range_portable(const float *v, size_t n, float *min_out, float *max_out) {
  qd8_range(v, n, min_out, max_out);
}

static inline __attribute__((always_inline)) void qd8_quantize(const float *v, size_t n,
                                                              float inverse, float zero,
                                                              int8_t *out) {
  for (size_t i = 0; i < n; i++) {
    float x = zero + v[i] * inverse;
    /* round half away from zero, then static_cast<int32_t> as x86-64 does
       it (INT32_MIN for NaN and from 2^31 up), then the clamp: inside
       (-129, 128) the rounding is the truncation plus the sign when the
       dropped part is a half or more; outside it the clamp decides. */
    float y = x < -129.0f ? -129.0f : (x > 128.0f ? 128.0f : x);
    float t = (float)(int32_t)y;
    float d = y - t;
    float r = d >= 0.5f ? t + 1.0f : (d <= -0.5f ? t - 1.0f : t);
    r = r < -128.0f ? -128.0f : (r > 127.0f ? 127.0f : r);
    out[i] = (x != x || x >= 2147483648.0f) ? (int8_t)-128 : (int8_t)(int32_t)r;
  }
}

void gml_qd8_quantize_portable(const float *v, size_t n, float inverse, float zero, int8_t *out) {
  qd8_quantize(v, n, inverse, zero, out);
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"))) void gml_qd8_range_avx2(const float *v, size_t n,
                                                        float *min_out, float *max_out) {
  qd8_range(v, n, min_out, max_out);
}

#define Q8 static inline __attribute__((always_inline, target("avx2")))

/* Eight values to int32, rounded half away from zero, as qd8_quantize
   before its clamp: x below -129 becomes -129 (x < -129 ? -129 : x, NaN
   kept); the truncation gives INT32_MIN for NaN and from 2^31 up, whose
   +1 or -0 still saturates to -128 below; the dropped part d = x - t is
   exact, and +-1 is taken from the compare masks (-1 where true). */
Q8 __m256i q8_round8(const float *v, __m256 inverse, __m256 zero) {
  const __m256 floor = _mm256_set1_ps(-129.0f);
  __m256 x = _mm256_add_ps(zero, _mm256_mul_ps(_mm256_loadu_ps(v), inverse));
  x = _mm256_blendv_ps(x, floor, _mm256_cmp_ps(x, floor, _CMP_LT_OQ));
  __m256i t = _mm256_cvttps_epi32(x);
  __m256 d = _mm256_sub_ps(x, _mm256_cvtepi32_ps(t));
  __m256i up = _mm256_castps_si256(_mm256_cmp_ps(d, _mm256_set1_ps(0.5f), _CMP_GE_OQ));
  __m256i down = _mm256_castps_si256(_mm256_cmp_ps(d, _mm256_set1_ps(-0.5f), _CMP_LE_OQ));
  return _mm256_add_epi32(_mm256_sub_epi32(t, up), down);
}

/* Thirty-two values a step: four vectors of int32 packed with signed
   saturation to int8 (the clamp to [-128, 127]), lanes put back in
   order; the rest through qd8_quantize. */
__attribute__((target("avx2"))) void gml_qd8_quantize_avx2(const float *v, size_t n, float inverse,
                                                           float zero, int8_t *out) {
  const __m256 inv = _mm256_set1_ps(inverse), zp = _mm256_set1_ps(zero);
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256i a = q8_round8(v + i, inv, zp), b = q8_round8(v + i + 8, inv, zp);
    __m256i c = q8_round8(v + i + 16, inv, zp), d = q8_round8(v + i + 24, inv, zp);
    __m256i ab = _mm256_packs_epi32(a, b), cd = _mm256_packs_epi32(c, d);
    __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(ab, cd), order);
    _mm256_storeu_si256((__m256i *)(out + i), bytes);
  }
  qd8_quantize(v + i, n - i, inverse, zero, out + i);
}
#else
void gml_qd8_range_avx2(const float *v, size_t n, float *min_out, float *max_out) {
  qd8_range(v, n, min_out, max_out);
}

void gml_qd8_quantize_avx2(const float *v, size_t n, float inverse, float zero, int8_t *out) {
  qd8_quantize(v, n, inverse, zero, out);
}
#endif
