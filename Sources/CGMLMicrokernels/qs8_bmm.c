/*
 * qs8_bmm.c — the int8 BATCH_MATMUL microkernel (include/gml_matmul.h):
 * int16 dot products of A's rows and B's columns, four columns at a time
 * so each row value is loaded once for four sums, then TFLite's
 * requantization. Portable C (AVX2: qs8_bmm_pairs_avx2.c).
 */
#include "gml_matmul.h"

#include "qs8_requant.h"

static inline int8_t bmm_out(int32_t acc, int32_t multiplier, int32_t left, int32_t right,
                             int32_t zero_point) {
  const int32_t q =
      (int32_t)((uint32_t)gml_qs8_gemmlowp(acc, multiplier, left, right) + (uint32_t)zero_point);
  return (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
}

static inline __attribute__((always_inline)) void bmm_body(
    size_t m, size_t n, size_t k, const int16_t *a, const int16_t *bt, int32_t multiplier,
    int32_t shift, int32_t zero_point, int8_t *out) {
  const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  for (size_t i = 0; i < m; i++) {
    const int16_t *ai = a + i * k;
    int8_t *oi = out + i * n;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
      const int16_t *b0 = bt + j * k, *b1 = b0 + k, *b2 = b1 + k, *b3 = b2 + k;
      int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (size_t t = 0; t < k; t++) {
        const int32_t x = ai[t];
        s0 += x * b0[t];
        s1 += x * b1[t];
        s2 += x * b2[t];
        s3 += x * b3[t];
      }
      oi[j] = bmm_out(s0, multiplier, left, right, zero_point);
      oi[j + 1] = bmm_out(s1, multiplier, left, right, zero_point);
      oi[j + 2] = bmm_out(s2, multiplier, left, right, zero_point);
      oi[j + 3] = bmm_out(s3, multiplier, left, right, zero_point);
    }
    for (; j < n; j++) {
      const int16_t *bj = bt + j * k;
      int32_t s = 0;
      for (size_t t = 0; t < k; t++) s += (int32_t)ai[t] * bj[t];
      oi[j] = bmm_out(s, multiplier, left, right, zero_point);
    }
  }
}

void gml_qs8_bmm(size_t m, size_t n, size_t k, const int16_t *a, const int16_t *bt,
                 int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *out) {
  bmm_body(m, n, k, a, bt, multiplier, shift, zero_point, out);
}
