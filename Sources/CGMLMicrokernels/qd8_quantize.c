/*
 * qd8_quantize.c — gml_qd8_range and gml_qd8_quantize_* (gml_f32.h): the
 * two passes of the hybrid kernels' per-run asymmetric quantization, the
 * reference's (AsymmetricQuantizeInt8) values bit for bit, in loops the
 * compiler vectorizes: no rounding library call per element. The second
 * pass is built for the baseline and for AVX2.
 */
#include "gml_f32.h"

/* inverse * v + zero must round twice, as the reference's Swift does. */
#pragma STDC FP_CONTRACT OFF

#define QD8_LANES 16

void gml_qd8_range(const float *v, size_t n, float *min_out, float *max_out) {
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
__attribute__((target("avx2"))) void gml_qd8_quantize_avx2(const float *v, size_t n, float inverse,
                                                           float zero, int8_t *out) {
  qd8_quantize(v, n, inverse, zero, out);
}
#else
void gml_qd8_quantize_avx2(const float *v, size_t n, float inverse, float zero, int8_t *out) {
  qd8_quantize(v, n, inverse, zero, out);
}
#endif
