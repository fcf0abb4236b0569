/*
 * qs8_vbinary_scalar.c — portable C int8 ADD/SUB/MUL over a run, one
 * element at a time (by the linear form where it was found): where no SIMD
 * kernel runs.
 */
#include "gml_dwconv_elementwise.h"
#include "qs8_vbinary.h"

void gml_qs8_vbinary_scalar(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params) {
  if (params->linear_shift) {
    for (size_t i = 0; i < n; i++) {
      out[i] = gml_qs8_vbinary_linear_one(a[i * a_step], b[i * b_step], params);
    }
    return;
  }
  for (size_t i = 0; i < n; i++) {
    out[i] = gml_qs8_vbinary_one(a[i * a_step], b[i * b_step], params);
  }
}
