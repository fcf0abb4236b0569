/*
 * gml_matmul.h — the int8 BATCH_MATMUL microkernel: one matrix product of
 * two activations, both operands' zero points taken off beforehand.
 *
 * out[i * n + j] = clamp(zero_point + M(sum_t a[i * k + t] * bt[j * k + t]))
 * where a holds A's m rows and bt B's n columns, each as k int16 values
 * minus the operand's zero point (so in [-255, 255]), M is TFLite's
 * double-rounding MultiplyByQuantizedMultiplier (multiplier, shift) and
 * the clamp is to int8. k is at most 32768, so no int32 sum overflows.
 * Bit-exact with BatchMatMulInt8.reference (GMLKernels).
 */
#ifndef GML_MATMUL_H
#define GML_MATMUL_H

#include <stddef.h>
#include <stdint.h>

/* Portable C (the compiler vectorises the int16 dot products where the
   target has SIMD: SSE2, NEON). */
void gml_qs8_bmm(size_t m, size_t n, size_t k, const int16_t *a, const int16_t *bt,
                 int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *out);
/* AVX2, B packed in column pairs: k even (A's rows and B padded with a
   zero), bp[(p * n + j) * 2 + r] = B[2p + r][j] minus its zero point, so
   that vpmaddwd takes one k pair of eight columns; the same result. */
void gml_qs8_bmm_pairs_avx2(size_t m, size_t n, size_t k, const int16_t *a, const int16_t *bp,
                            int32_t multiplier, int32_t shift, int32_t zero_point, int8_t *out);
/* A BATCH_MATMUL microkernel (gml_qs8_bmm's arguments). */
typedef void (*gml_qs8_bmm_fn)(size_t m, size_t n, size_t k, const int16_t *a,
                               const int16_t *bt, int32_t multiplier, int32_t shift,
                               int32_t zero_point, int8_t *out);

#endif
