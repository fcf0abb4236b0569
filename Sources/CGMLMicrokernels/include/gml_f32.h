/*
 * gml_f32.h — float32 microkernels: the matrix product under the fast
 * float FullyConnected and 1x1 Conv2D (GMLKernels' FloatGEMM).
 *
 *   c[i * c_stride + j] = clamp(bias[j] + sum_p a[i * a_stride + p] * b[j * k + p], lo, hi)
 *
 * for i < m, j < n: rows of A (inputs, pixels) times the weights as they
 * are stored ([n][k], read in place), bias NULL for none. The sums run in
 * another order than the reference's loops (eight lanes, then their
 * fold), so results differ from it by rounding only.
 */
#ifndef GML_F32_H
#define GML_F32_H

#include <stddef.h>

/* x86-64 with AVX2 and FMA (gml_cpu_has_fma): two rows by four channels
   per step, K eight at a time (the tail masked). */
void gml_f32_gemm_dot_fma(size_t m, size_t n, size_t k, const float *a, size_t a_stride,
                          const float *b, const float *bias, float *c, size_t c_stride, float lo,
                          float hi);

/* Whether the CPU runs AVX2 and FMA (0 off x86-64). */
int gml_cpu_has_fma(void);

#endif
