// tools/check_avgpool.h — one random AveragePool2D case and its expected output (Pool2DInt8.fastAverage's sums and rounding division), shared by the C microkernel checks. Include after check_random.h.
#ifndef GML_CHECK_AVGPOOL_H
#define GML_CHECK_AVGPOOL_H

#include <stdint.h>
#include <stdlib.h>

/* One output pixel: `c` channels over rows x cols pixels row_stride bytes
   apart, the clamp, and the reference's bytes. */
typedef struct avgpool_case {
  size_t c, rows, cols, row_stride;
  int8_t *in; /* malloc'd */
  int32_t min, max;
  int8_t want[80];
} avgpool_case;

/* Case `it`: up to 70 channels and 9x9 pixels, 20x30 every 50th (past 256
   pixels: int16 sums flush), all -128 every 7th. */
static avgpool_case avgpool_case_make(int it) {
  avgpool_case k;
  k.c = (size_t)between(1, 70), k.rows = (size_t)between(0, 9), k.cols = (size_t)between(0, 9);
  if (it % 50 == 0) k.rows = 20, k.cols = 30;
  k.row_stride = k.cols * k.c + (size_t)between(0, 3) * k.c;
  size_t n = k.rows ? (k.rows - 1) * k.row_stride + k.cols * k.c : 0;
  k.in = malloc(n + 1);
  for (size_t i = 0; i < n; i++) k.in[i] = (int8_t)(it % 7 ? between(-128, 127) : -128);
  k.min = between(-128, 0), k.max = between(k.min, 127);
  int32_t count = (int32_t)(k.rows * k.cols);
  for (size_t j = 0; j < k.c; j++) {
    int32_t sum = 0;
    for (size_t y = 0; y < k.rows; y++) {
      for (size_t x = 0; x < k.cols; x++) sum += k.in[y * k.row_stride + x * k.c + j];
    }
    int32_t q = count == 0 ? 0 : sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    k.want[j] = (int8_t)(q < k.min ? k.min : q > k.max ? k.max : q);
  }
  return k;
}

#endif
