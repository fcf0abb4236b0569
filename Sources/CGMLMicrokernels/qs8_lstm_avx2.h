/*
 * qs8_lstm_avx2.h — gemmlowp's int16 sigmoid and tanh (qs8_lstm.h's
 * gml_l16_sigmoid and gml_l16_tanh) sixteen lanes at a time on AVX2:
 * SaturatingRoundingDoublingHighMul is VPMULHRSW, which rounds as
 * gemmlowp does but for -32768 * -32768 (fixed up); the rest are 16-bit
 * adds that wrap, saturating adds, shifts, compares and blends. Equal to
 * the scalar functions on every int16 input, sigmoid and tanh with 0 to 6
 * integer bits (tools/lstm_activation_check.c). Included by
 * qs8_lstm_avx2.c; private to this folder.
 */
#ifndef GML_QS8_LSTM_AVX2_H
#define GML_QS8_LSTM_AVX2_H

#include <immintrin.h>

#include "qs8_lstm.h"

#define A2 static inline __attribute__((always_inline, target("avx2")))

/* Every 16-bit lane v. */
A2 __m256i a2_c(int v) { return _mm256_set1_epi16((short)v); }
A2 __m256i a2_mul(__m256i a, __m256i b) {
  __m256i min = a2_c(-32768);
  __m256i both = _mm256_and_si256(_mm256_cmpeq_epi16(a, min), _mm256_cmpeq_epi16(b, min));
  return _mm256_xor_si256(_mm256_mulhrs_epi16(a, b), both);
}
A2 __m256i a2_rdbpot(__m256i x, int e) {
  int m = (1 << e) - 1;
  __m256i threshold = _mm256_add_epi16(a2_c(m >> 1), _mm256_and_si256(_mm256_srai_epi16(x, 15), a2_c(1)));
  __m256i above = _mm256_cmpgt_epi16(_mm256_and_si256(x, a2_c(m)), threshold);
  return _mm256_sub_epi16(_mm256_srai_epi16(x, e), above);
}
A2 __m256i a2_shift_left(__m256i x, int e) {
  int t = (1 << (15 - e)) - 1;
  __m256i r = _mm256_slli_epi16(x, e);
  r = _mm256_blendv_epi8(r, a2_c(32767), _mm256_cmpgt_epi16(x, a2_c(t)));
  return _mm256_blendv_epi8(r, a2_c(-32768), _mm256_cmpgt_epi16(a2_c(-t), x));
}
A2 __m256i a2_exp_interval(__m256i a) {
  __m256i x = _mm256_add_epi16(a, a2_c(4096));
  __m256i x2 = a2_mul(x, x), x3 = a2_mul(x2, x), x4 = a2_mul(x2, x2);
  __m256i x4_over_4 = a2_rdbpot(x4, 2);
  __m256i tail = a2_rdbpot(
      _mm256_add_epi16(a2_mul(_mm256_add_epi16(x4_over_4, x3), a2_c(10923)), x2), 1);
  return _mm256_adds_epi16(a2_c(28918), a2_mul(a2_c(28918), _mm256_add_epi16(x, tail)));
}
A2 __m256i a2_exp_negative(__m256i a, int k) {
  int fractional = 15 - k, quarter = 1 << (fractional - 2);
  __m256i a_mod = _mm256_sub_epi16(_mm256_and_si256(a, a2_c(quarter - 1)), a2_c(quarter));
  __m256i r = a2_exp_interval(a2_shift_left(a_mod, k));
  __m256i rest = _mm256_sub_epi16(a_mod, a);
  static const int m[7] = {25520, 19875, 12055, 4435, 600, 11, 0};
  for (int e = -2; e <= 4; e++) {
    if (k > e) {
      __m256i bit = a2_c(1 << (fractional + e));
      __m256i clear = _mm256_cmpeq_epi16(_mm256_and_si256(rest, bit), _mm256_setzero_si256());
      r = _mm256_blendv_epi8(a2_mul(r, a2_c(m[e + 2])), r, clear);
    }
  }
  if (k > 5) {
    __m256i low = _mm256_cmpgt_epi16(a2_c(k == 6 ? -16384 : -8192), a);
    r = _mm256_andnot_si256(low, r);
  }
  return _mm256_blendv_epi8(r, a2_c(32767), _mm256_cmpeq_epi16(a, _mm256_setzero_si256()));
}
A2 __m256i a2_newton(__m256i a) {
  __m256i half = _mm256_srli_epi16(_mm256_xor_si256(a, a2_c(-32768)), 1);
  half = _mm256_blendv_epi8(half, a2_c(-1), _mm256_cmpeq_epi16(a, a2_c(-32768)));
  __m256i x = _mm256_add_epi16(a2_c(23130), a2_mul(half, a2_c(-15420)));
  for (int i = 0; i < 3; i++) {
    __m256i d = _mm256_sub_epi16(a2_c(8192), a2_mul(half, x));
    x = _mm256_add_epi16(x, a2_shift_left(a2_mul(x, d), 2));
  }
  return x;
}
A2 __m256i a2_sigmoid(__m256i x) {
  __m256i magnitude = _mm256_abs_epi16(x);
  __m256i positive = a2_shift_left(
      a2_newton(a2_exp_negative(_mm256_sub_epi16(_mm256_setzero_si256(), magnitude), 3)), 1);
  __m256i r = _mm256_blendv_epi8(_mm256_sub_epi16(a2_c(32767), positive), positive,
                                 _mm256_cmpgt_epi16(x, _mm256_setzero_si256()));
  return _mm256_blendv_epi8(r, a2_c(16384), _mm256_cmpeq_epi16(x, _mm256_setzero_si256()));
}
A2 __m256i a2_tanh(__m256i x, int k) {
  __m256i zero = _mm256_setzero_si256();
  __m256i is_neg = _mm256_cmpgt_epi16(zero, x);
  __m256i negative = _mm256_blendv_epi8(_mm256_sub_epi16(zero, x), x, is_neg);
  __m256i t = a2_shift_left(
      _mm256_sub_epi16(a2_newton(a2_exp_negative(negative, k + 1)), a2_c(8192)), 2);
  __m256i r = _mm256_blendv_epi8(t, _mm256_sub_epi16(zero, t), is_neg);
  return _mm256_andnot_si256(_mm256_cmpeq_epi16(x, zero), r);
}

/* gml_l16_sigmoid_all on AVX2: sixteen lanes at a time, the tail scalar. */
A2 void gml_l16_sigmoid_all_avx2(int16_t *v, size_t n) {
  size_t u = 0;
  for (; u + 16 <= n; u += 16) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(v + u));
    _mm256_storeu_si256((__m256i *)(v + u), a2_sigmoid(x));
  }
  for (; u < n; u++) v[u] = (int16_t)gml_l16_sigmoid(v[u]);
}

/* gml_l16_tanh_all on AVX2, each k (0...6) compiled apart so that its
   shifts and steps are constants. */
#define GML_A2_TANH_CASE(K)                                                       \
  case K:                                                                         \
    for (; u + 16 <= n; u += 16) {                                                \
      __m256i x = _mm256_loadu_si256((const __m256i *)(in + u));                  \
      _mm256_storeu_si256((__m256i *)(out + u), a2_tanh(x, K));                   \
    }                                                                             \
    break;
A2 void gml_l16_tanh_all_avx2(const int16_t *in, int16_t *out, size_t n, int32_t k) {
  size_t u = 0;
  switch (k) {
    GML_A2_TANH_CASE(0)
    GML_A2_TANH_CASE(1)
    GML_A2_TANH_CASE(2)
    GML_A2_TANH_CASE(3)
    GML_A2_TANH_CASE(4)
    GML_A2_TANH_CASE(5)
    GML_A2_TANH_CASE(6)
    default: break;
  }
  for (; u < n; u++) out[u] = (int16_t)gml_l16_tanh(in[u], k);
}
#undef GML_A2_TANH_CASE
#undef A2

#endif
