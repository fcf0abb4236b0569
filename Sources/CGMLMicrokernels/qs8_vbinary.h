/*
 * qs8_vbinary.h — one element of int8 ADD/SUB/MUL exactly as the reference
 * (GMLKernels/ElementwiseInt8+Reference.swift), and the requantization
 * fields spread over 8 lanes for the SIMD kernels. Private to this folder.
 */
#ifndef GML_QS8_VBINARY_H
#define GML_QS8_VBINARY_H

#include "gml_dwconv_elementwise.h"
#include "qs8_requant.h"

/* The scaled left operand of ADD/SUB: ((a + offset) << 20) times its
   multiplier. */
static inline int32_t gml_qs8_vbinary_scale_a(int32_t a, const gml_qs8_vbinary_params *p) {
  int32_t x = (int32_t)((uint32_t)(a + p->a_offset) << p->left_shift);
  return gml_qs8_gemmlowp(x, p->a_multiplier, p->a_left, p->a_right);
}

/* The scaled right operand of ADD/SUB. */
static inline int32_t gml_qs8_vbinary_scale_b(int32_t b, const gml_qs8_vbinary_params *p) {
  int32_t y = (int32_t)((uint32_t)(b + p->b_offset) << p->left_shift);
  return gml_qs8_gemmlowp(y, p->b_multiplier, p->b_left, p->b_right);
}

/* The output zero point added, clamped, narrowed. */
static inline int8_t gml_qs8_vbinary_clamp(int32_t raw, const gml_qs8_vbinary_params *p) {
  int32_t y = (int32_t)((uint32_t)raw + (uint32_t)p->output_zero_point);
  y = y < p->min ? p->min : y;
  y = y > p->max ? p->max : y;
  return (int8_t)y;
}

/* One output element. */
static inline int8_t gml_qs8_vbinary_one(int8_t a, int8_t b, const gml_qs8_vbinary_params *p) {
  int32_t raw;
  if (p->operation == GML_QS8_MUL) {
    int32_t product = (a + p->a_offset) * (b + p->b_offset);
    raw = gml_qs8_gemmlowp(product, p->output_multiplier, p->output_left, p->output_right);
  } else {
    int32_t x = gml_qs8_vbinary_scale_a(a, p), y = gml_qs8_vbinary_scale_b(b, p);
    int32_t sum = p->operation == GML_QS8_ADD ? x + y : x - y;
    raw = gml_qs8_gemmlowp(sum, p->output_multiplier, p->output_left, p->output_right);
  }
  return gml_qs8_vbinary_clamp(raw, p);
}

/* One output element by the linear form (gml_qs8_vbinary_linear found it). */
static inline int8_t gml_qs8_vbinary_linear_one(
    int8_t a, int8_t b, const gml_qs8_vbinary_params *p) {
  int32_t y = (a * p->linear_a + b * p->linear_b + p->linear_c) >> p->linear_shift;
  y = y < p->min ? p->min : y;
  return (int8_t)(y > p->max ? p->max : y);
}

/* The linear form's constant with a broadcast operand's (step 0) product
   folded in. */
static inline int32_t gml_qs8_vbinary_linear_c(
    const int8_t *a, size_t a_step, const int8_t *b, size_t b_step,
    const gml_qs8_vbinary_params *p) {
  return p->linear_c + (a_step ? 0 : a[0] * p->linear_a) + (b_step ? 0 : b[0] * p->linear_b);
}

/* A multiplier's fields, each in 8 lanes: the layout the SIMD gemmlowp
   helpers load (multiplier, left, right; 8 int32 apart). */
typedef struct gml_qs8_lanes {
  int32_t fields[24];
} gml_qs8_lanes;

static inline gml_qs8_lanes gml_qs8_spread(int32_t multiplier, int32_t left, int32_t right) {
  gml_qs8_lanes l;
  for (int i = 0; i < 8; i++) {
    l.fields[i] = multiplier;
    l.fields[8 + i] = left;
    l.fields[16 + i] = right;
  }
  return l;
}

#endif
