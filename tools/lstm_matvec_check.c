/*
 * tools/lstm_matvec_check.c — the SIMD gate products of the integer LSTM
 * and GRU steps (qs8_lstm_matvec_avx2.h on x86-64, qs8_lstm_matvec_neon.h
 * on AArch64) against the scalar ones (qs8_lstm.h's gml_l16_matvec) for
 * every shape up to 40 rows by 70 columns (whole blocks of rows and
 * columns, and the rest of each), random int8 with -128 and 127 frequent,
 * and biases near int32's ends (the sums wrap). Run by
 * tools/microkernel-check.sh on the host and under qemu-aarch64.
 */
#include <stdio.h>
#include <stdint.h>

#if defined(__x86_64__) || defined(__aarch64__)
#if defined(__x86_64__)
#include "qs8_lstm_matvec_avx2.h"
#define GML_SIMD "AVX2"
#define GML_TARGET __attribute__((target("avx2"), noinline))
#define GML_MATVEC gml_l16_matvec_avx2
#else
#include "qs8_lstm_matvec_neon.h"
#define GML_SIMD "NEON"
#define GML_TARGET __attribute__((noinline))
#define GML_MATVEC gml_l16_matvec_neon
#endif
#include "qs8_lstm.h"

GML_TARGET static void matvec_simd(const int8_t *w, const int8_t *v, size_t rows, size_t cols,
                                   const int32_t *bias, int32_t *acc) {
  GML_MATVEC(w, v, rows, cols, bias, acc);
}

static uint32_t state = 12345;
static uint32_t next(void) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}
static int8_t value(void) {
  uint32_t r = next() % 8;
  return r == 0 ? -128 : (r == 1 ? 127 : (int8_t)(next() & 0xff));
}

int main(void) {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2")) {
    printf("lstm-matvec: no AVX2 on this CPU; nothing checked\n");
    return 0;
  }
#endif
  static int8_t w[40 * 70], v[70];
  static int32_t bias[40], want[40], got[40];
  int bad = 0, shapes = 0;
  for (size_t rows = 1; rows <= 40; rows++) {
    for (size_t cols = 1; cols <= 70; cols++) {
      for (size_t i = 0; i < rows * cols; i++) w[i] = value();
      for (size_t c = 0; c < cols; c++) v[c] = value();
      for (size_t u = 0; u < rows; u++) {
        bias[u] = (int32_t)(next() % 3 == 0 ? 2147483647u - next() % 4096 : next() << 8);
      }
      gml_l16_matvec(w, v, rows, cols, bias, want);
      matvec_simd(w, v, rows, cols, bias, got);
      for (size_t u = 0; u < rows; u++) {
        if (want[u] != got[u] && bad++ < 8) {
          printf("%zux%zu row %zu: %d, " GML_SIMD " %d\n", rows, cols, u, want[u], got[u]);
        }
      }
      shapes++;
    }
  }
  printf("lstm-matvec: " GML_SIMD " gate products on %d shapes up to 40x70: %d differ\n", shapes,
         bad);
  return bad != 0;
}
#else
int main(void) {
  printf("lstm-matvec: no SIMD gate products on this target; nothing checked\n");
  return 0;
}
#endif
