/*
 * qs8_lstm_avx2.c — the integer LSTM step (gml_lstm.h) compiled for AVX2:
 * the same code as qs8_lstm.c, whose loops the compiler then vectorizes
 * 8 (int32) and 16 (int16) lanes wide.
 */
#include "qs8_lstm.h"

#if defined(__x86_64__)

#define GML_OUT_OF_LINE static __attribute__((target("avx2"), noinline))

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

__attribute__((target("avx2"))) void gml_qs8_lstm_step_avx2(
    const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h, int16_t *cell,
    int8_t *h_out, void *scratch) {
  GML_QS8_LSTM_STEP(gate, sigmoid_all, tanh_all, cell_update, hidden);
}

#endif
