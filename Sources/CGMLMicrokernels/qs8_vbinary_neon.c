/*
 * qs8_vbinary_neon.c — AArch64 NEON int8 ADD/SUB/MUL over a run, 8
 * elements per step in two int32x4 halves: as the AVX2 kernel, with
 * vqrdmulh for gemmlowp's high multiply. The last n % 8 go one at a time.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__aarch64__)

#include "qs8_neon.h"
#include "qs8_vbinary.h"

/* One half (4 lanes) of an 8-element step. */
static inline int32x4_t gml_neon_vb_half(
    int32x4_t x, int32x4_t y, int a_const, int b_const, const gml_qs8_vbinary_params *p,
    const gml_qs8_lanes *qa, const gml_qs8_lanes *qb, const gml_qs8_lanes *qo) {
  int32x4_t raw;
  if (p->operation == GML_QS8_MUL) {
    raw = gml_neon_gemmlowp(vmulq_s32(x, y), qo->fields);
  } else {
    int32x4_t shift = vdupq_n_s32(p->left_shift);
    if (!a_const) x = gml_neon_gemmlowp(vshlq_s32(x, shift), qa->fields);
    if (!b_const) y = gml_neon_gemmlowp(vshlq_s32(y, shift), qb->fields);
    int32x4_t sum = p->operation == GML_QS8_SUB ? vsubq_s32(x, y) : vaddq_s32(x, y);
    raw = gml_neon_gemmlowp(sum, qo->fields);
  }
  raw = vaddq_s32(raw, vdupq_n_s32(p->output_zero_point));
  return vminq_s32(vmaxq_s32(raw, vdupq_n_s32(p->min)), vdupq_n_s32(p->max));
}

void gml_qs8_vbinary_neon(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params) {
  const gml_qs8_vbinary_params p = *params;
  const gml_qs8_lanes qa = gml_qs8_spread(p.a_multiplier, p.a_left, p.a_right);
  const gml_qs8_lanes qb = gml_qs8_spread(p.b_multiplier, p.b_left, p.b_right);
  const gml_qs8_lanes qo = gml_qs8_spread(p.output_multiplier, p.output_left, p.output_right);
  const int mul = p.operation == GML_QS8_MUL;
  /* A broadcast operand, offset (MUL) or scaled (ADD/SUB) once. */
  int32x4_t a_const = vdupq_n_s32(
      a_step ? 0 : mul ? a[0] + p.a_offset : gml_qs8_vbinary_scale_a(a[0], &p));
  int32x4_t b_const = vdupq_n_s32(
      b_step ? 0 : mul ? b[0] + p.b_offset : gml_qs8_vbinary_scale_b(b[0], &p));
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    int32x4_t x0 = a_const, x1 = a_const, y0 = b_const, y1 = b_const;
    if (a_step) {
      int16x8_t v = vaddq_s16(vmovl_s8(vld1_s8(a + i)), vdupq_n_s16((int16_t)p.a_offset));
      x0 = vmovl_s16(vget_low_s16(v));
      x1 = vmovl_high_s16(v);
    }
    if (b_step) {
      int16x8_t v = vaddq_s16(vmovl_s8(vld1_s8(b + i)), vdupq_n_s16((int16_t)p.b_offset));
      y0 = vmovl_s16(vget_low_s16(v));
      y1 = vmovl_high_s16(v);
    }
    int32x4_t lo = gml_neon_vb_half(x0, y0, !a_step, !b_step, &p, &qa, &qb, &qo);
    int32x4_t hi = gml_neon_vb_half(x1, y1, !a_step, !b_step, &p, &qa, &qb, &qo);
    gml_neon_store(out + i, lo, hi, 8);
  }
  for (; i < n; i++) out[i] = gml_qs8_vbinary_one(a[i * a_step], b[i * b_step], &p);
}

#endif
