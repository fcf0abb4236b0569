/*
 * tools/lstm_activation_check.c — the AVX2 sigmoid and tanh of the integer
 * LSTM and GRU steps (qs8_lstm_avx2.h) against the scalar ones
 * (qs8_lstm.h) on every int16 input: sigmoid, and tanh with 0 to 6
 * integer bits. Run by tools/microkernel-check.sh; elsewhere than on an
 * AVX2 x86-64 it has nothing to check and says so.
 */
#include <stdio.h>

#if defined(__x86_64__)
#include "qs8_lstm_avx2.h"

__attribute__((target("avx2"), noinline)) static void sigmoid_avx2(int16_t *v, size_t n) {
  gml_l16_sigmoid_all_avx2(v, n);
}

__attribute__((target("avx2"), noinline)) static void tanh_avx2(const int16_t *in, int16_t *out,
                                                                size_t n, int32_t k) {
  gml_l16_tanh_all_avx2(in, out, n, k);
}

int main(void) {
  if (!__builtin_cpu_supports("avx2")) {
    printf("lstm-activation: no AVX2 on this CPU; nothing checked\n");
    return 0;
  }
  static int16_t in[65536], want[65536], got[65536];
  /* Read at run time, so that no compiler specializes the loops for it. */
  volatile size_t count = 65536;
  for (int i = 0; i < 65536; i++) in[i] = (int16_t)(i - 32768);
  int bad = 0;
  for (int i = 0; i < 65536; i++) want[i] = got[i] = in[i];
  gml_l16_sigmoid_all(want, 65536);
  sigmoid_avx2(got, count);
  for (int i = 0; i < 65536; i++) {
    if (want[i] != got[i] && bad++ < 8) printf("sigmoid(%d): %d, AVX2 %d\n", in[i], want[i], got[i]);
  }
  for (int k = 0; k <= 6; k++) {
    gml_l16_tanh_all(in, want, 65536, k);
    tanh_avx2(in, got, count, k);
    for (int i = 0; i < 65536; i++) {
      if (want[i] != got[i] && bad++ < 8) {
        printf("tanh k=%d (%d): %d, AVX2 %d\n", k, in[i], want[i], got[i]);
      }
    }
  }
  printf("lstm-activation: sigmoid and tanh (k 0-6) on all 65536 inputs: %d differ\n", bad);
  return bad != 0;
}
#else
int main(void) {
  printf("lstm-activation: the AVX2 activations are x86-64 only; nothing checked\n");
  return 0;
}
#endif
