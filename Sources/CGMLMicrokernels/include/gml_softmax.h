/*
 * gml_softmax.h — int8 SOFTMAX's two passes over a row on AVX2, looking the
 * exponentials up in the tables SoftmaxInt8 builds at prepare (indexed by
 * max - q, 256 entries each). Bit-exact with SoftmaxInt8.fast (GMLKernels).
 */
#ifndef GML_SOFTMAX_H
#define GML_SOFTMAX_H

#include <stddef.h>
#include <stdint.h>

/* The row's largest value into *max, and the wrapping int32 sum of
   accumulated[*max - x[c]]. */
int32_t gml_qs8_softmax_sum_avx2(const int8_t *x, size_t n, const int32_t *accumulated,
                                 int32_t *max);
/* out[c] = min(((((scale * e + 2^30) >> 31) + half) >> exponent) - 128, 127)
   with e = exponentials[max - x[c]], scale >= 0, exponent 0...31 and
   half = exponent > 0 ? 2^(exponent - 1) : 0. */
void gml_qs8_softmax_output_avx2(const int8_t *x, size_t n, const int32_t *exponentials,
                                 int32_t max, int32_t scale, int32_t exponent, int8_t *out);

#endif
