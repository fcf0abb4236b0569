/*
 * qs8_lstm_matvec_rows.h — the rows the SIMD gate products
 * (qs8_lstm_matvec_avx2.h, qs8_lstm_matvec_neon.h) leave after their
 * blocks of rows, one at a time in scalar C. Private to this folder.
 */
#ifndef GML_QS8_LSTM_MATVEC_ROWS_H
#define GML_QS8_LSTM_MATVEC_ROWS_H

#include <stddef.h>
#include <stdint.h>

/* acc[u] = bias[u] + sum_c w[u * cols + c] * v[c] for from <= u < rows,
   in wrapping int32. */
static inline __attribute__((always_inline)) void gml_l16_matvec_rows(
    const int8_t *w, const int8_t *v, size_t from, size_t rows, size_t cols,
    const int32_t *bias, int32_t *acc) {
  for (size_t u = from; u < rows; u++) {
    uint32_t s = (uint32_t)bias[u];
    for (size_t c = 0; c < cols; c++) s += (uint32_t)((int32_t)w[u * cols + c] * v[c]);
    acc[u] = (int32_t)s;
  }
}

#endif
