// tools/check_pool.h — one random pooling window and its expected AveragePool2D and MaxPool2D outputs (Pool2DInt8.fastAverage's sums and rounding division, fastMax's maxima), shared by the C microkernel checks, and one case run through the Cortex-M pooling kernels. Include after check_random.h and the declarations of malloc, free and memcmp.
#ifndef GML_CHECK_POOL_H
#define GML_CHECK_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "gml_dsp.h"

/* One output pixel: `c` channels over rows x cols pixels row_stride bytes
   apart, the clamp, and the reference's bytes (average and maximum; an
   empty window's maximum is -128, clamped). */
typedef struct pool_case {
  size_t c, rows, cols, row_stride;
  int8_t *in; /* malloc'd */
  int32_t min, max;
  int8_t want[80], want_max[80];
} pool_case;

/* Case `it`: up to 70 channels and 9x9 pixels, 20x30 every 50th (past 256
   pixels: int16 sums flush), all -128 every 7th. */
static pool_case pool_case_make(int it) {
  pool_case k;
  k.c = (size_t)between(1, 70), k.rows = (size_t)between(0, 9), k.cols = (size_t)between(0, 9);
  if (it % 50 == 0) k.rows = 20, k.cols = 30;
  k.row_stride = k.cols * k.c + (size_t)between(0, 3) * k.c;
  size_t n = k.rows ? (k.rows - 1) * k.row_stride + k.cols * k.c : 0;
  k.in = malloc(n + 1);
  for (size_t i = 0; i < n; i++) k.in[i] = (int8_t)(it % 7 ? between(-128, 127) : -128);
  if (it % 11 == 3) { /* one channel's maximum alone in a corner */
    for (size_t i = 0; i < n; i++) k.in[i] = -128;
    if (n) k.in[n - 1] = (int8_t)between(-127, 127);
  }
  k.min = between(-128, 0), k.max = between(k.min, 127);
  int32_t count = (int32_t)(k.rows * k.cols);
  for (size_t j = 0; j < k.c; j++) {
    int32_t sum = 0, top = -128;
    for (size_t y = 0; y < k.rows; y++) {
      for (size_t x = 0; x < k.cols; x++) {
        int32_t v = k.in[y * k.row_stride + x * k.c + j];
        sum += v;
        top = v > top ? v : top;
      }
    }
    int32_t q = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    k.want[j] = (int8_t)(q < k.min ? k.min : q > k.max ? k.max : q);
    k.want_max[j] = (int8_t)(top < k.min ? k.min : top > k.max ? k.max : top);
  }
  return k;
}

/* Case `it` through gml_qs8_avgpool_dsp and gml_qs8_maxpool_dsp (their
   Helium forms on a core with MVE): 1 when either differs. */
static inline int pool_dsp_case_differs(int it) {
  pool_case k = pool_case_make(it);
  int8_t got[70], got_max[70];
  gml_qs8_avgpool_dsp(k.c, k.in, k.row_stride, k.rows, k.cols, got, k.min, k.max);
  gml_qs8_maxpool_dsp(k.c, k.in, k.row_stride, k.rows, k.cols, got_max, k.min, k.max);
  free(k.in);
  return memcmp(k.want, got, k.c) != 0 || memcmp(k.want_max, got_max, k.c) != 0;
}

#endif
