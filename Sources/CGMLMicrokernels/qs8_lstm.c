/*
 * qs8_lstm.c — the integer LSTM step (gml_lstm.h), portable C: the
 * compiler vectorizes the dot products and the activations where the
 * target has SIMD (SSE2, NEON); scalar on a Cortex-M.
 */
#include "qs8_lstm.h"

void gml_qs8_lstm_step(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                       int16_t *cell, int8_t *h_out, int16_t *scratch) {
  gml_qs8_lstm_step_body(p, x, h, cell, h_out, scratch);
}
