/*
 * qs8_lstm_avx2.c — the integer LSTM step (gml_lstm.h) compiled for AVX2:
 * the same body as qs8_lstm.c, whose loops the compiler then vectorizes
 * 8 (int32) and 16 (int16) lanes wide.
 */
#include "qs8_lstm.h"

#if defined(__x86_64__)

__attribute__((target("avx2"))) void gml_qs8_lstm_step_avx2(
    const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h, int16_t *cell,
    int8_t *h_out, int16_t *scratch) {
  gml_qs8_lstm_step_body(p, x, h, cell, h_out, scratch);
}

#endif
