/*
 * gml_lstm.h — one step of TFLite's integer LSTM (8x8_16) for one sequence,
 * bit-exact with SequenceLSTMInt8.reference (GMLKernels).
 *
 * Per gate g (input, forget, cell, output) and unit u:
 *   pre = sat16(M_in[g](input_bias[g][u] + sum_c W[g][u][c] * x[c]))
 *   pre = sat16(M_rec[g](recurrent_bias[g][u] + sum_c R[g][u][c] * h[c]) + pre)
 *         (no recurrent term when h is NULL: the first step)
 * where the biases already hold the zero points' terms (bias - x_zp * sum W,
 * -h_zp * sum R) and M is TFLite's double-rounding
 * MultiplyByQuantizedMultiplier (multiplier, left shift, right shift).
 * Then gemmlowp's int16 sigmoid of the input, forget and output gates
 * (Q3.12 in, Q0.15 out) and tanh of the cell gate; the cell state becomes
 * f*c (rounded by 2^15) + i*g (rounded to 2^cell_scale_log2), saturated
 * and clipped; h_out = clamp8(M_hidden(o * tanh(c)) + hidden_zero_point).
 */
#ifndef GML_LSTM_H
#define GML_LSTM_H

#include <stddef.h>
#include <stdint.h>

typedef struct gml_qs8_lstm_params {
  size_t units, input_size;
  const int8_t *input_weights[4];     /* [units][input_size] each */
  /* The same transposed, [input_size][units], or NULL: short input rows
     (a few features) then run across the units instead of along a row. */
  const int8_t *input_weights_t[4];
  const int8_t *recurrent_weights[4]; /* [units][units] each */
  const int32_t *input_bias[4];       /* [units] each, zero point folded in */
  const int32_t *recurrent_bias[4];   /* [units] each, zero point folded in */
  int32_t input_multiplier[4], input_left[4], input_right[4];
  int32_t recurrent_multiplier[4], recurrent_left[4], recurrent_right[4];
  int32_t hidden_multiplier, hidden_left, hidden_right, hidden_zero_point;
  int32_t cell_scale_log2; /* -15...-9 */
  int32_t cell_clip;       /* 0: none */
} gml_qs8_lstm_params;

/* Bytes of scratch a step needs (4-byte aligned): an int32 vector of
   `units`, then 5 int16 ones. */
#define GML_QS8_LSTM_SCRATCH(units) (14 * (units))

/* One step: x (input_size), h the previous hidden state or NULL, cell the
   int16 cell state (updated), h_out the new hidden state (units; not h). */
void gml_qs8_lstm_step(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                       int16_t *cell, int8_t *h_out, void *scratch);
/* The same compiled for AVX2 (x86-64 only). */
void gml_qs8_lstm_step_avx2(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                            int16_t *cell, int8_t *h_out, void *scratch);
/* The same with the gates' dot products on the Cortex-M DSP extension
   (SMLAD); elsewhere the same arithmetic in C. */
void gml_qs8_lstm_step_dsp(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                           int16_t *cell, int8_t *h_out, void *scratch);
/* One step of gml's integer GRU (reset_after; GRUInt8.reference in
   GMLKernels) with the same parameters for gates 0-2 (update, reset,
   candidate): z and r as the LSTM's gates; the candidate's input term
   sat16(M_in(input_bias + W*x)) and its recurrent term
   sat16(M_rec(recurrent_bias + R*h)) apart, pre = sat16(input +
   rdbpot(r * recurrent, 15)), g = tanh(pre); state = rdbpot(z * state +
   (2^15 - z) * g, 15) (int16 Q0.15); h_out = clamp8(M_hidden(state) +
   hidden_zero_point). h is never NULL: at the first step a vector of the
   hidden zero point, so that the folded recurrent biases leave the GRU's
   own. Same scratch as the LSTM step. */
void gml_qs8_gru_step(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                      int16_t *state, int8_t *h_out, void *scratch);
void gml_qs8_gru_step_avx2(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                           int16_t *state, int8_t *h_out, void *scratch);
void gml_qs8_gru_step_dsp(const gml_qs8_lstm_params *p, const int8_t *x, const int8_t *h,
                          int16_t *state, int8_t *h_out, void *scratch);
/* A step microkernel (gml_qs8_lstm_step's arguments; the GRU's too). */
typedef void (*gml_qs8_lstm_step_fn)(const gml_qs8_lstm_params *p, const int8_t *x,
                                     const int8_t *h, int16_t *cell, int8_t *h_out,
                                     void *scratch);

#endif
