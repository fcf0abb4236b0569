/*
 * f32_gemm_pack.c — gml_f32_gemm_pack16 (gml_f32.h): weights [n][k] and
 * their bias into panels of sixteen channels for the broadcast GEMM
 * microkernels (gml_f32_gemm_6x16_fma).
 */
#include "gml_f32.h"

size_t gml_f32_gemm_packed16_count(size_t n, size_t k) { return (n + 15) / 16 * (k + 1) * 16; }

void gml_f32_gemm_pack16(size_t n, size_t k, const float *b, const float *bias, float *packed) {
  for (size_t j0 = 0; j0 < n; j0 += 16) {
    for (size_t q = 0; q < 16; q++) packed[q] = bias && j0 + q < n ? bias[j0 + q] : 0.0f;
    packed += 16;
    for (size_t p = 0; p < k; p++) {
      for (size_t q = 0; q < 16; q++) packed[q] = j0 + q < n ? b[(j0 + q) * k + p] : 0.0f;
      packed += 16;
    }
  }
}
