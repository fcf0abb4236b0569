/*
 * qs8_lstm.h — the integer LSTM step (gml_lstm.h) as an always-inline body,
 * so that qs8_lstm.c and qs8_lstm_avx2.c compile the same code for their
 * targets; gemmlowp's int16 sigmoid and tanh on int16 values held in int32,
 * branch-free so that the loops over units vectorize. Bit-exact with
 * GMLKernels/GemmlowpFixedPoint16.swift (its literals are the same
 * constants). Private to this folder.
 */
#ifndef GML_QS8_LSTM_H
#define GML_QS8_LSTM_H

#include "gml_lstm.h"
#include "qs8_requant.h"

#define GML_LSTM_INLINE static inline __attribute__((always_inline))

/* An int result stored in an int16_t, sign-extended back. */
GML_LSTM_INLINE int32_t gml_l16_wrap(int32_t x) { return (int32_t)(int16_t)(uint16_t)x; }

GML_LSTM_INLINE int32_t gml_l16_sat(int32_t x) {
  return x < -32768 ? -32768 : (x > 32767 ? 32767 : x);
}

/* SaturatingRoundingDoublingHighMul<int16_t>. */
GML_LSTM_INLINE int32_t gml_l16_mul(int32_t a, int32_t b) {
  int32_t ab = a * b;
  int32_t nudged = ab + (ab >= 0 ? 16384 : -16383);
  int32_t quotient = (nudged + (nudged < 0 ? 32767 : 0)) >> 15;
  return a == -32768 && b == -32768 ? 32767 : quotient;
}

/* RoundingDivideByPOT. */
GML_LSTM_INLINE int32_t gml_l16_rdbpot(int32_t x, int32_t exponent) {
  int32_t mask = (1 << exponent) - 1;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + ((x & mask) > threshold ? 1 : 0);
}

/* SaturatingRoundingMultiplyByPOT for a positive exponent, on int16. */
GML_LSTM_INLINE int32_t gml_l16_shift_left(int32_t x, int32_t exponent) {
  int32_t threshold = (1 << (15 - exponent)) - 1;
  return x > threshold ? 32767 : (x < -threshold ? -32768 : (int32_t)((uint32_t)x << exponent));
}

GML_LSTM_INLINE int32_t gml_l16_exp_interval(int32_t a) {
  int32_t x = gml_l16_wrap(a + 4096);
  int32_t x2 = gml_l16_mul(x, x), x3 = gml_l16_mul(x2, x), x4 = gml_l16_mul(x2, x2);
  int32_t x4_over_4 = gml_l16_rdbpot(x4, 2);
  int32_t tail = gml_l16_rdbpot(
      gml_l16_wrap(gml_l16_mul(gml_l16_wrap(x4_over_4 + x3), 10923) + x2), 1);
  return gml_l16_sat(28918 + gml_l16_mul(28918, gml_l16_wrap(x + tail)));
}

/* exp_on_negative_values with k integer bits (k a constant after inlining). */
GML_LSTM_INLINE int32_t gml_l16_exp_negative(int32_t a, int32_t k) {
  int32_t fractional = 15 - k;
  int32_t quarter = 1 << (fractional - 2);
  int32_t a_mod = gml_l16_wrap((a & (quarter - 1)) - quarter);
  int32_t r = gml_l16_exp_interval(gml_l16_shift_left(a_mod, k));
  int32_t rest = gml_l16_wrap(a_mod - a);
#define GML_L16_EXP_STEP(e, m) \
  if (k > (e)) r = (rest & (1 << (fractional + (e)))) ? gml_l16_mul(r, (m)) : r;
  GML_L16_EXP_STEP(-2, 25520)
  GML_L16_EXP_STEP(-1, 19875)
  GML_L16_EXP_STEP(0, 12055)
  GML_L16_EXP_STEP(1, 4435)
  GML_L16_EXP_STEP(2, 600)
  GML_L16_EXP_STEP(3, 11)
  GML_L16_EXP_STEP(4, 0)
#undef GML_L16_EXP_STEP
  if (k > 5) r = a < (k == 6 ? -16384 : -8192) ? 0 : r;
  return a == 0 ? 32767 : r;
}

/* Three Newton-Raphson steps towards 1/(1+a), Q2.13. */
GML_LSTM_INLINE int32_t gml_l16_newton(int32_t a) {
  int32_t sum = a + 32767;
  int32_t nudged = sum + (sum >= 0 ? 1 : -1);
  int32_t half = (nudged + (nudged < 0 ? 1 : 0)) >> 1;
  int32_t x = gml_l16_wrap(23130 + gml_l16_mul(half, -15420));
  x = gml_l16_wrap(x + gml_l16_shift_left(gml_l16_mul(x, gml_l16_wrap(8192 - gml_l16_mul(half, x))), 2));
  x = gml_l16_wrap(x + gml_l16_shift_left(gml_l16_mul(x, gml_l16_wrap(8192 - gml_l16_mul(half, x))), 2));
  x = gml_l16_wrap(x + gml_l16_shift_left(gml_l16_mul(x, gml_l16_wrap(8192 - gml_l16_mul(half, x))), 2));
  return x;
}

/* gemmlowp logistic of a Q3.12 value, Q0.15. */
GML_LSTM_INLINE int32_t gml_l16_sigmoid(int32_t x) {
  int32_t magnitude = gml_l16_wrap(x > 0 ? x : -x);
  int32_t positive = gml_l16_shift_left(
      gml_l16_newton(gml_l16_exp_negative(gml_l16_wrap(-magnitude), 3)), 1);
  return x == 0 ? 16384 : (x > 0 ? positive : gml_l16_wrap(32767 - positive));
}

/* gemmlowp tanh with k integer bits, Q0.15. */
GML_LSTM_INLINE int32_t gml_l16_tanh(int32_t x, int32_t k) {
  int32_t negative = x < 0 ? x : gml_l16_wrap(-x);
  int32_t t = gml_l16_shift_left(
      gml_l16_wrap(gml_l16_newton(gml_l16_exp_negative(negative, k + 1)) - 8192), 2);
  return x == 0 ? 0 : (x < 0 ? gml_l16_wrap(-t) : t);
}

/* sum of row[c] * v[c]. */
GML_LSTM_INLINE int32_t gml_l16_dot(const int8_t *row, const int8_t *v, size_t n) {
  int32_t acc = 0;
  for (size_t c = 0; c < n; c++) acc += (int32_t)row[c] * (int32_t)v[c];
  return acc;
}

/* The dot product the gates use along a weight row: a file may define
   GML_LSTM_DOT before including this header (qs8_lstm_dsp.c: SMLAD). */
#ifndef GML_LSTM_DOT
#define GML_LSTM_DOT gml_l16_dot
#endif

/* acc[u] = bias[u] + sum_c w[u * cols + c] * v[c] for u < rows, in
   wrapping int32: the gates' products, a row at a time. */
GML_LSTM_INLINE void gml_l16_matvec(const int8_t *w, const int8_t *v, size_t rows, size_t cols,
                                    const int32_t *bias, int32_t *acc) {
  for (size_t u = 0; u < rows; u++) {
    acc[u] = (int32_t)((uint32_t)bias[u] + (uint32_t)GML_LSTM_DOT(w + u * cols, v, cols));
  }
}

/* The gates' products: a file may define GML_LSTM_MATVEC before including
   this header (qs8_lstm_avx2.c: eight rows at a time). */
#ifndef GML_LSTM_MATVEC
#define GML_LSTM_MATVEC gml_l16_matvec
#endif

/* One gate's int16 pre-activations: the input product, then the recurrent
   one; the sums first, then their requantization, each loop over the units
   (so that the second vectorizes). */
GML_LSTM_INLINE void gml_qs8_lstm_gate(const gml_qs8_lstm_params *p, int g, const int8_t *x,
                                       const int8_t *h, int16_t *gate, int32_t *acc) {
  size_t n = p->units, in = p->input_size;
  const int8_t *w = p->input_weights[g], *wt = p->input_weights_t[g];
  const int32_t *bias = p->input_bias[g];
  if (wt) {
    for (size_t u = 0; u < n; u++) acc[u] = bias[u];
    for (size_t c = 0; c < in; c++) {
      int32_t xc = x[c];
      const int8_t *column = wt + c * n;
      for (size_t u = 0; u < n; u++) {
        acc[u] = (int32_t)((uint32_t)acc[u] + (uint32_t)((int32_t)column[u] * xc));
      }
    }
  } else {
    GML_LSTM_MATVEC(w, x, n, in, bias, acc);
  }
  int32_t m = p->input_multiplier[g], left = p->input_left[g], right = p->input_right[g];
  for (size_t u = 0; u < n; u++) {
    gate[u] = (int16_t)gml_l16_sat(gml_qs8_gemmlowp(acc[u], m, left, right));
  }
  if (!h) return;
  GML_LSTM_MATVEC(p->recurrent_weights[g], h, n, n, p->recurrent_bias[g], acc);
  m = p->recurrent_multiplier[g], left = p->recurrent_left[g], right = p->recurrent_right[g];
  for (size_t u = 0; u < n; u++) {
    /* Wrapping, as the reference (a saturated multiplier can pass int32). */
    uint32_t sum = (uint32_t)gml_qs8_gemmlowp(acc[u], m, left, right) + (uint32_t)gate[u];
    gate[u] = (int16_t)gml_l16_sat((int32_t)sum);
  }
}

/* gemmlowp sigmoid of Q3.12 values, in place. */
GML_LSTM_INLINE void gml_l16_sigmoid_all(int16_t *v, size_t n) {
  for (size_t u = 0; u < n; u++) v[u] = (int16_t)gml_l16_sigmoid(v[u]);
}

/* gemmlowp tanh with k integer bits (0...6); in and out must not overlap
   (else the vectorized loop is not taken). */
GML_LSTM_INLINE void gml_l16_tanh_all(const int16_t *in, int16_t *out, size_t n, int32_t k) {
  for (size_t u = 0; u < n; u++) out[u] = (int16_t)gml_l16_tanh(in[u], k);
}

/* The activations the steps use: a file may define these before expanding
   GML_QS8_LSTM_DEFINE (qs8_lstm_avx2.c: sixteen lanes on AVX2). */
#ifndef GML_L16_SIGMOID_ALL
#define GML_L16_SIGMOID_ALL gml_l16_sigmoid_all
#endif
#ifndef GML_L16_TANH_ALL
#define GML_L16_TANH_ALL gml_l16_tanh_all
#endif

/* The cell update from the activated gates, then the hidden state. */
GML_LSTM_INLINE void gml_l16_cell_update(const gml_qs8_lstm_params *p, const int16_t *in_gate,
                                         const int16_t *forget, const int16_t *candidate,
                                         int16_t *cell) {
  int32_t cell_shift = 30 + p->cell_scale_log2, clip = p->cell_clip;
  for (size_t u = 0; u < p->units; u++) {
    int32_t kept = gml_l16_wrap(gml_qs8_rdbpot(forget[u] * cell[u], 15));
    int32_t added = gml_l16_wrap(gml_qs8_rdbpot(in_gate[u] * candidate[u], cell_shift));
    int32_t c = gml_l16_sat(kept + added);
    if (clip > 0) c = c < -clip ? -clip : (c > clip ? clip : c);
    cell[u] = (int16_t)c;
  }
}

GML_LSTM_INLINE void gml_l16_hidden(const gml_qs8_lstm_params *p, const int16_t *out_gate,
                                    const int16_t *tanh_cell, int8_t *h_out) {
  for (size_t u = 0; u < p->units; u++) {
    int32_t v = (int32_t)((uint32_t)gml_qs8_gemmlowp(out_gate[u] * tanh_cell[u],
                                                     p->hidden_multiplier, p->hidden_left,
                                                     p->hidden_right) +
                          (uint32_t)p->hidden_zero_point);
    h_out[u] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
  }
}

/* The GRU's recurrent term of gate g alone: sat16(M_rec(bias + sum R*h)). */
GML_LSTM_INLINE void gml_qs8_gru_recurrent(const gml_qs8_lstm_params *p, int g, const int8_t *h,
                                           int16_t *out, int32_t *acc) {
  size_t n = p->units;
  GML_LSTM_MATVEC(p->recurrent_weights[g], h, n, n, p->recurrent_bias[g], acc);
  int32_t m = p->recurrent_multiplier[g], left = p->recurrent_left[g];
  int32_t right = p->recurrent_right[g];
  for (size_t u = 0; u < n; u++) out[u] = (int16_t)gml_l16_sat(gml_qs8_gemmlowp(acc[u], m, left, right));
}

/* The GRU candidate's pre-activation, in place of its input term:
   sat16(input + r * recurrent rounded by 2^15). */
GML_LSTM_INLINE void gml_l16_gru_candidate(size_t n, const int16_t *reset,
                                           const int16_t *recurrent, int16_t *input) {
  for (size_t u = 0; u < n; u++) {
    input[u] = (int16_t)gml_l16_sat(input[u] + gml_qs8_rdbpot(reset[u] * recurrent[u], 15));
  }
}

/* The GRU's new state, (z * state + (2^15 - z) * g) rounded by 2^15, and
   its int8 output clamp8(M_hidden(state) + hidden_zero_point). */
GML_LSTM_INLINE void gml_l16_gru_state(const gml_qs8_lstm_params *p, const int16_t *update,
                                       const int16_t *candidate, int16_t *state,
                                       int8_t *h_out) {
  for (size_t u = 0; u < p->units; u++) {
    int32_t z = update[u];
    int32_t s = gml_qs8_rdbpot(z * state[u] + (32768 - z) * candidate[u], 15);
    state[u] = (int16_t)s;
    int32_t v = (int32_t)((uint32_t)gml_qs8_gemmlowp(s, p->hidden_multiplier, p->hidden_left,
                                                     p->hidden_right) +
                          (uint32_t)p->hidden_zero_point);
    h_out[u] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
  }
}

/* Defines the LSTM step function NAME and the GRU step function GRU_NAME,
   with their pieces out of line, every function carrying ATTR (the
   target): what each of qs8_lstm.c, qs8_lstm_avx2.c and qs8_lstm_dsp.c
   compiles. */
#define GML_QS8_LSTM_DEFINE(NAME, GRU_NAME, ATTR)                                          \
  ATTR __attribute__((noinline)) static void gate(const gml_qs8_lstm_params *p, int g,     \
                                                  const int8_t *x, const int8_t *h,        \
                                                  int16_t *out, int32_t *acc) {            \
    gml_qs8_lstm_gate(p, g, x, h, out, acc);                                               \
  }                                                                                        \
  ATTR __attribute__((noinline)) static void sigmoid_all(int16_t *v, size_t n) {           \
    GML_L16_SIGMOID_ALL(v, n);                                                             \
  }                                                                                        \
  ATTR __attribute__((noinline)) static void tanh_all(const int16_t *in, int16_t *out,     \
                                                      size_t n, int32_t k) {               \
    GML_L16_TANH_ALL(in, out, n, k);                                                       \
  }                                                                                        \
  ATTR __attribute__((noinline)) static void cell_update(                                  \
      const gml_qs8_lstm_params *p, const int16_t *i, const int16_t *f, const int16_t *g, \
      int16_t *cell) {                                                                     \
    gml_l16_cell_update(p, i, f, g, cell);                                                 \
  }                                                                                        \
  ATTR __attribute__((noinline)) static void hidden(const gml_qs8_lstm_params *p,          \
                                                    const int16_t *o, const int16_t *t,    \
                                                    int8_t *h_out) {                       \
    gml_l16_hidden(p, o, t, h_out);                                                        \
  }                                                                                        \
  ATTR void NAME(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,           \
                 int16_t *cell, int8_t *h_out, void *scratch) {                            \
    GML_QS8_LSTM_STEP(gate, sigmoid_all, tanh_all, cell_update, hidden);                   \
  }                                                                                        \
  ATTR __attribute__((noinline)) static void gru_recurrent(                                \
      const gml_qs8_lstm_params *p, int g, const int8_t *h, int16_t *out, int32_t *acc) {  \
    gml_qs8_gru_recurrent(p, g, h, out, acc);                                              \
  }                                                                                        \
  ATTR __attribute__((noinline)) static void gru_candidate(                                \
      size_t n, const int16_t *r, const int16_t *recurrent, int16_t *input) {              \
    gml_l16_gru_candidate(n, r, recurrent, input);                                         \
  }                                                                                        \
  ATTR __attribute__((noinline)) static void gru_state(                                    \
      const gml_qs8_lstm_params *p, const int16_t *z, const int16_t *g, int16_t *state,    \
      int8_t *h_out) {                                                                     \
    gml_l16_gru_state(p, z, g, state, h_out);                                              \
  }                                                                                        \
  ATTR void GRU_NAME(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,       \
                     int16_t *state, int8_t *h_out, void *scratch) {                       \
    size_t n = p->units;                                                                   \
    int32_t *acc = (int32_t *)scratch;                                                     \
    int16_t *z = (int16_t *)(acc + n), *r = z + n, *input = z + 2 * n;                     \
    int16_t *recurrent = z + 3 * n, *candidate = z + 4 * n;                                \
    gate(p, 0, x, h, z, acc);                                                              \
    gate(p, 1, x, h, r, acc);                                                              \
    gate(p, 2, x, NULL, input, acc);                                                       \
    gru_recurrent(p, 2, h, recurrent, acc);                                                \
    sigmoid_all(z, n);                                                                     \
    sigmoid_all(r, n);                                                                     \
    gru_candidate(n, r, recurrent, input);                                                 \
    tanh_all(input, candidate, n, 3);                                                      \
    gru_state(p, z, candidate, state, h_out);                                              \
  }

/* The step, from the file's out-of-line GATE, SIGMOID_ALL, TANH_ALL,
   CELL_UPDATE and HIDDEN (each compiled once per file, for its target). */
#define GML_QS8_LSTM_STEP(GATE, SIGMOID_ALL, TANH_ALL, CELL_UPDATE, HIDDEN)               \
  do {                                                                                   \
    size_t n = p->units;                                                                 \
    int32_t *acc = (int32_t *)scratch;                                                   \
    int16_t *in_gate = (int16_t *)(acc + n), *forget = in_gate + n;                      \
    int16_t *candidate = in_gate + 2 * n, *out_gate = in_gate + 3 * n;                  \
    int16_t *spare = in_gate + 4 * n;                                                    \
    GATE(p, 0, x, h, in_gate, acc);                                                      \
    GATE(p, 1, x, h, forget, acc);                                                       \
    GATE(p, 2, x, h, candidate, acc);                                                    \
    GATE(p, 3, x, h, out_gate, acc);                                                     \
    SIGMOID_ALL(in_gate, n);                                                             \
    SIGMOID_ALL(forget, n);                                                              \
    TANH_ALL(candidate, spare, n, 3);                                                    \
    SIGMOID_ALL(out_gate, n);                                                            \
    CELL_UPDATE(p, in_gate, forget, spare, cell);                                        \
    TANH_ALL(cell, candidate, n, 15 + p->cell_scale_log2);                               \
    HIDDEN(p, out_gate, candidate, h_out);                                               \
  } while (0)

#endif
