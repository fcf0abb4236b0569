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

GML_QS8_LSTM_DEFINE(gml_qs8_lstm_step_dsp, gml_qs8_gru_step_dsp, )
