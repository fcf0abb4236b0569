/*
 * qs8_lstm.c — the integer LSTM step (gml_lstm.h), portable C: the
 * compiler vectorizes the dot products and the activations where the
 * target has SIMD (SSE2, NEON); scalar on a Cortex-M.
 */
#include "qs8_lstm.h"

GML_QS8_LSTM_DEFINE(gml_qs8_lstm_step, gml_qs8_gru_step, )
