/*
 * qs8_lstm_matvec_neon.h — the integer LSTM's and GRU's gate products
 * (qs8_lstm.h's GML_LSTM_MATVEC) four weight rows at a time on AArch64
 * NEON: sixteen int8 columns of each row times the vector's (SMULL,
 * SMULL2), the int16 products pairwise into one int32 accumulator per row
 * (SADALP), and the four rows' sums folded together at the end (ADDP),
 * instead of a horizontal sum per row. The sums wrap as the scalar ones
 * do. Included by qs8_lstm.c on AArch64 before qs8_lstm.h; private to
 * this folder.
 */
#ifndef GML_QS8_LSTM_MATVEC_NEON_H
#define GML_QS8_LSTM_MATVEC_NEON_H

#include <arm_neon.h>
#include <stddef.h>
#include <stdint.h>

#include "qs8_lstm_matvec_rows.h"

/* a + the products of sixteen int8 of w and x, pairwise. */
static inline __attribute__((always_inline)) int32x4_t mv_mac16(int32x4_t a, int8x16_t w,
                                                                int8x16_t x) {
  a = vpadalq_s16(a, vmull_s8(vget_low_s8(w), vget_low_s8(x)));
  return vpadalq_s16(a, vmull_high_s8(w, x));
}

/* acc[u] = bias[u] + sum_c w[u * cols + c] * v[c] for u < rows, in
   wrapping int32. */
static inline __attribute__((always_inline)) void gml_l16_matvec_neon(
    const int8_t *w, const int8_t *v, size_t rows, size_t cols, const int32_t *bias,
    int32_t *acc) {
  size_t whole = cols & ~(size_t)15, u = 0;
  for (; u + 4 <= rows; u += 4) {
    const int8_t *r = w + u * cols;
    int32x4_t a0 = vdupq_n_s32(0), a1 = a0, a2 = a0, a3 = a0;
    for (size_t c = 0; c < whole; c += 16) {
      int8x16_t x = vld1q_s8(v + c);
      a0 = mv_mac16(a0, vld1q_s8(r + c), x);
      a1 = mv_mac16(a1, vld1q_s8(r + cols + c), x);
      a2 = mv_mac16(a2, vld1q_s8(r + 2 * cols + c), x);
      a3 = mv_mac16(a3, vld1q_s8(r + 3 * cols + c), x);
    }
    int32x4_t sums = vpaddq_s32(vpaddq_s32(a0, a1), vpaddq_s32(a2, a3));
    vst1q_s32(acc + u, vaddq_s32(sums, vld1q_s32(bias + u)));
    for (size_t c = whole; c < cols; c++) {
      for (size_t k = 0; k < 4; k++) {
        acc[u + k] = (int32_t)((uint32_t)acc[u + k] + (uint32_t)((int32_t)r[k * cols + c] * v[c]));
      }
    }
  }
  gml_l16_matvec_rows(w, v, u, rows, cols, bias, acc);
}

#endif
