/*
 * qs8_lstm_avx2.c — the integer LSTM and GRU steps (gml_lstm.h) compiled
 * for AVX2: the same code as qs8_lstm.c, whose loops the compiler then
 * vectorizes 8 (int32) and 16 (int16) lanes wide, with the gate products
 * (qs8_lstm_matvec_avx2.h), the sigmoid and the tanh (qs8_lstm_avx2.h)
 * written for AVX2.
 */
#if defined(__x86_64__)

#include "qs8_lstm_matvec_avx2.h"
#define GML_LSTM_MATVEC gml_l16_matvec_avx2
#include "qs8_lstm_avx2.h"

#undef GML_L16_SIGMOID_ALL
#undef GML_L16_TANH_ALL
#define GML_L16_SIGMOID_ALL gml_l16_sigmoid_all_avx2
#define GML_L16_TANH_ALL gml_l16_tanh_all_avx2

GML_QS8_LSTM_DEFINE(gml_qs8_lstm_step_avx2, gml_qs8_gru_step_avx2, __attribute__((target("avx2"))))

#endif
