/*
 * tools/lstm_activation_check.c — the SIMD sigmoid and tanh of the integer
 * LSTM and GRU steps (qs8_lstm_avx2.h on x86-64, qs8_lstm_neon.h on
 * AArch64) against the scalar ones (qs8_lstm.h) on every int16 input:
 * sigmoid, and tanh with 0 to 6 integer bits. Run by
 * tools/microkernel-check.sh on the host and under qemu-aarch64.
 */
#include <stdio.h>

#if defined(__x86_64__) || defined(__aarch64__)
#if defined(__x86_64__)
#include "qs8_lstm_avx2.h"
#define GML_SIMD "AVX2"
#define GML_TARGET __attribute__((target("avx2"), noinline))
#define GML_SIGMOID_ALL gml_l16_sigmoid_all_avx2
#define GML_TANH_ALL gml_l16_tanh_all_avx2
#else
#include "qs8_lstm_neon.h"
#define GML_SIMD "NEON"
#define GML_TARGET __attribute__((noinline))
#define GML_SIGMOID_ALL gml_l16_sigmoid_all_neon
#define GML_TANH_ALL gml_l16_tanh_all_neon
#endif

GML_TARGET static void sigmoid_simd(int16_t *v, size_t n) { GML_SIGMOID_ALL(v, n); }

GML_TARGET static void tanh_simd(const int16_t *in, int16_t *out, size_t n, int32_t k) {
  GML_TANH_ALL(in, out, n, k);
}

int main(void) {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2")) {
    printf("lstm-activation: no AVX2 on this CPU; nothing checked\n");
    return 0;
  }
#endif
  static int16_t in[65536], want[65536], got[65536];
  /* Read at run time, so that no compiler specializes the loops for it. */
  volatile size_t count = 65536;
  for (int i = 0; i < 65536; i++) in[i] = (int16_t)(i - 32768);
  int bad = 0;
  for (int i = 0; i < 65536; i++) want[i] = got[i] = in[i];
  gml_l16_sigmoid_all(want, 65536);
  sigmoid_simd(got, count);
  for (int i = 0; i < 65536; i++) {
    if (want[i] != got[i] && bad++ < 8) {
      printf("sigmoid(%d): %d, " GML_SIMD " %d\n", in[i], want[i], got[i]);
    }
  }
  for (int k = 0; k <= 6; k++) {
    gml_l16_tanh_all(in, want, 65536, k);
    tanh_simd(in, got, count, k);
    for (int i = 0; i < 65536; i++) {
      if (want[i] != got[i] && bad++ < 8) {
        printf("tanh k=%d (%d): %d, " GML_SIMD " %d\n", k, in[i], want[i], got[i]);
      }
    }
  }
  printf("lstm-activation: " GML_SIMD " sigmoid and tanh (k 0-6) on all 65536 inputs: %d differ\n",
         bad);
  return bad != 0;
}
#else
int main(void) {
  printf("lstm-activation: no SIMD activations on this target; nothing checked\n");
  return 0;
}
#endif
