/*
 * qs8_lstm_neon.h — gemmlowp's int16 sigmoid and tanh (qs8_lstm.h's
 * gml_l16_sigmoid and gml_l16_tanh) eight lanes at a time on AArch64
 * NEON: SaturatingRoundingDoublingHighMul is SQRDMULH exactly, the
 * saturating shift left SQSHL; the rest are 16-bit adds that wrap,
 * saturating adds, shifts, compares and selects. Equal to the scalar
 * functions on every int16 input, sigmoid and tanh with 0 to 6 integer
 * bits (tools/lstm_activation_check.c). Included by qs8_lstm.c on
 * AArch64; private to this folder.
 */
#ifndef GML_QS8_LSTM_NEON_H
#define GML_QS8_LSTM_NEON_H

#include <arm_neon.h>

#include "qs8_lstm.h"

#define N16 static inline __attribute__((always_inline))

/* Every 16-bit lane v. */
N16 int16x8_t n16_c(int v) { return vdupq_n_s16((int16_t)v); }

N16 int16x8_t n16_rdbpot(int16x8_t x, int e) {
  int m = (1 << e) - 1;
  int16x8_t threshold = vsubq_s16(n16_c(m >> 1), vshrq_n_s16(x, 15));
  uint16x8_t above = vcgtq_s16(vandq_s16(x, n16_c(m)), threshold);
  return vsubq_s16(vshlq_s16(x, n16_c(-e)), vreinterpretq_s16_u16(above));
}

N16 int16x8_t n16_exp_interval(int16x8_t a) {
  int16x8_t x = vaddq_s16(a, n16_c(4096));
  int16x8_t x2 = vqrdmulhq_s16(x, x), x3 = vqrdmulhq_s16(x2, x), x4 = vqrdmulhq_s16(x2, x2);
  int16x8_t x4_over_4 = n16_rdbpot(x4, 2);
  int16x8_t tail = n16_rdbpot(
      vaddq_s16(vqrdmulhq_s16(vaddq_s16(x4_over_4, x3), n16_c(10923)), x2), 1);
  return vqaddq_s16(n16_c(28918), vqrdmulhq_s16(n16_c(28918), vaddq_s16(x, tail)));
}

N16 int16x8_t n16_exp_negative(int16x8_t a, int k) {
  int fractional = 15 - k, quarter = 1 << (fractional - 2);
  int16x8_t a_mod = vsubq_s16(vandq_s16(a, n16_c(quarter - 1)), n16_c(quarter));
  int16x8_t r = n16_exp_interval(vqshlq_s16(a_mod, n16_c(k)));
  int16x8_t rest = vsubq_s16(a_mod, a);
  static const int m[7] = {25520, 19875, 12055, 4435, 600, 11, 0};
  for (int e = -2; e <= 4; e++) {
    if (k > e) {
      uint16x8_t set = vtstq_s16(rest, n16_c(1 << (fractional + e)));
      r = vbslq_s16(set, vqrdmulhq_s16(r, n16_c(m[e + 2])), r);
    }
  }
  if (k > 5) r = vbslq_s16(vcltq_s16(a, n16_c(k == 6 ? -16384 : -8192)), n16_c(0), r);
  return vbslq_s16(vceqq_s16(a, n16_c(0)), n16_c(32767), r);
}

N16 int16x8_t n16_newton(int16x8_t a) {
  int16x8_t half = vreinterpretq_s16_u16(
      vshrq_n_u16(vreinterpretq_u16_s16(veorq_s16(a, n16_c(-32768))), 1));
  half = vbslq_s16(vceqq_s16(a, n16_c(-32768)), n16_c(-1), half);
  int16x8_t x = vaddq_s16(n16_c(23130), vqrdmulhq_s16(half, n16_c(-15420)));
  for (int i = 0; i < 3; i++) {
    int16x8_t d = vsubq_s16(n16_c(8192), vqrdmulhq_s16(half, x));
    x = vaddq_s16(x, vqshlq_s16(vqrdmulhq_s16(x, d), n16_c(2)));
  }
  return x;
}

N16 int16x8_t n16_sigmoid(int16x8_t x) {
  int16x8_t positive = vqshlq_s16(
      n16_newton(n16_exp_negative(vnegq_s16(vabsq_s16(x)), 3)), n16_c(1));
  int16x8_t r = vbslq_s16(vcgtq_s16(x, n16_c(0)), positive, vsubq_s16(n16_c(32767), positive));
  return vbslq_s16(vceqq_s16(x, n16_c(0)), n16_c(16384), r);
}

N16 int16x8_t n16_tanh(int16x8_t x, int k) {
  uint16x8_t is_neg = vcltq_s16(x, n16_c(0));
  int16x8_t negative = vbslq_s16(is_neg, x, vnegq_s16(x));
  int16x8_t t = vqshlq_s16(
      vsubq_s16(n16_newton(n16_exp_negative(negative, k + 1)), n16_c(8192)), n16_c(2));
  int16x8_t r = vbslq_s16(is_neg, vnegq_s16(t), t);
  return vbslq_s16(vceqq_s16(x, n16_c(0)), n16_c(0), r);
}

/* gml_l16_sigmoid_all on NEON: eight lanes at a time, the tail scalar. */
N16 void gml_l16_sigmoid_all_neon(int16_t *v, size_t n) {
  size_t u = 0;
  for (; u + 8 <= n; u += 8) vst1q_s16(v + u, n16_sigmoid(vld1q_s16(v + u)));
  for (; u < n; u++) v[u] = (int16_t)gml_l16_sigmoid(v[u]);
}

/* gml_l16_tanh_all on NEON, each k (0...6) compiled apart. */
#define GML_N16_TANH_CASE(K)                                                           \
  case K:                                                                              \
    for (; u + 8 <= n; u += 8) vst1q_s16(out + u, n16_tanh(vld1q_s16(in + u), K));     \
    break;
N16 void gml_l16_tanh_all_neon(const int16_t *in, int16_t *out, size_t n, int32_t k) {
  size_t u = 0;
  switch (k) {
    GML_N16_TANH_CASE(0)
    GML_N16_TANH_CASE(1)
    GML_N16_TANH_CASE(2)
    GML_N16_TANH_CASE(3)
    GML_N16_TANH_CASE(4)
    GML_N16_TANH_CASE(5)
    GML_N16_TANH_CASE(6)
    default: break;
  }
  for (; u < n; u++) out[u] = (int16_t)gml_l16_tanh(in[u], k);
}
#undef GML_N16_TANH_CASE
#undef N16

#endif
