/*
 * qs8_lstm_dsp.c — the integer LSTM step (gml_lstm.h) for the Cortex-M DSP
 * tier: qs8_lstm.c's code with the gates' dot products on SMLAD, four
 * int8 products per two instructions (SXTB16 of each word's even and odd
 * bytes). Elsewhere qs8_dsp.h's C stands in for the instructions, so a
 * host's tests run it.
 */
#include "qs8_dsp.h"

/* sum of row[c] * v[c], SMLAD on each word, the tail one at a time. */
static inline __attribute__((always_inline)) int32_t gml_lstm_dot_dsp(const int8_t *row,
                                                                      const int8_t *v,
                                                                      size_t n) {
  int32_t acc = 0;
  size_t c = 0;
  for (; c + 4 <= n; c += 4) {
    uint32_t w = gml_dsp_load32(row + c), x = gml_dsp_load32(v + c);
    acc = gml_dsp_smlad(gml_dsp_sxtb16(w), gml_dsp_sxtb16(x), acc);
    acc = gml_dsp_smlad(gml_dsp_sxtb16_odd(w), gml_dsp_sxtb16_odd(x), acc);
  }
  for (; c < n; c++) acc = (int32_t)((uint32_t)acc + (uint32_t)((int32_t)row[c] * v[c]));
  return acc;
}

#define GML_LSTM_DOT gml_lstm_dot_dsp
#include "qs8_lstm.h"

#define GML_OUT_OF_LINE static __attribute__((noinline))

GML_OUT_OF_LINE void gate(const gml_qs8_lstm_params *p, int g, const int8_t *x, const int8_t *h,
                          int16_t *out, int32_t *acc) {
  gml_qs8_lstm_gate(p, g, x, h, out, acc);
}
GML_OUT_OF_LINE void sigmoid_all(int16_t *v, size_t n) { gml_l16_sigmoid_all(v, n); }
GML_OUT_OF_LINE void tanh_all(const int16_t *in, int16_t *out, size_t n, int32_t k) {
  gml_l16_tanh_all(in, out, n, k);
}
GML_OUT_OF_LINE void cell_update(const gml_qs8_lstm_params *p, const int16_t *i, const int16_t *f,
                                 const int16_t *g, int16_t *cell) {
  gml_l16_cell_update(p, i, f, g, cell);
}
GML_OUT_OF_LINE void hidden(const gml_qs8_lstm_params *p, const int16_t *o, const int16_t *t,
                            int8_t *h_out) {
  gml_l16_hidden(p, o, t, h_out);
}

void gml_qs8_lstm_step_dsp(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                           int16_t *cell, int8_t *h_out, void *scratch) {
  GML_QS8_LSTM_STEP(gate, sigmoid_all, tanh_all, cell_update, hidden);
}
