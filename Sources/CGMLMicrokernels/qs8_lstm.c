/*
 * qs8_lstm.c — the integer LSTM and GRU steps (gml_lstm.h), portable C:
 * the compiler vectorizes the dot products and the activations where the
 * target has SIMD (SSE2); on AArch64 the gate products
 * (qs8_lstm_matvec_neon.h), the sigmoid and the tanh (qs8_lstm_neon.h)
 * are written for NEON; scalar on a Cortex-M.
 */
#if defined(__aarch64__)

#include "qs8_lstm_matvec_neon.h"
#define GML_LSTM_MATVEC gml_l16_matvec_neon
#include "qs8_lstm_neon.h"

#undef GML_L16_SIGMOID_ALL
#undef GML_L16_TANH_ALL
#define GML_L16_SIGMOID_ALL gml_l16_sigmoid_all_neon
#define GML_L16_TANH_ALL gml_l16_tanh_all_neon

#else

#include "qs8_lstm.h"

#endif

GML_QS8_LSTM_DEFINE(gml_qs8_lstm_step, gml_qs8_gru_step, )
