/*
 * qs8_lstm_avx2.c — the integer LSTM step (gml_lstm.h) compiled for AVX2:
 * the same code as qs8_lstm.c, whose loops the compiler then vectorizes
 * 8 (int32) and 16 (int16) lanes wide.
 */
#include "qs8_lstm.h"

#if defined(__x86_64__)

GML_QS8_LSTM_DEFINE(gml_qs8_lstm_step_avx2, gml_qs8_gru_step_avx2, __attribute__((target("avx2"))))

#endif
