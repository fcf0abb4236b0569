/*
 * qs8_vbinary_neon.c — AArch64 NEON int8 ADD/SUB/MUL over a run. ADD and
 * SUB as TFLite's models make them (operand and output multipliers
 * without a left shift) take 16 elements per step: each operand widened
 * straight to (q << 20) with two sshll (int8 -> int16 -> int32), its
 * offset << 20 added, vqrdmulh (gemmlowp's high multiply) and the rounding
 * shift; the output requantized the same way and narrowed with the zero
 * point added in int16: 67 instructions per 16 elements as TFLite sets the
 * shifts. Other parameters
 * and MUL take 8 per step in two int32x4 halves, as the AVX2 kernel. The
 * last elements go one at a time. ADD/SUB with a linear form
 * (gml_qs8_vbinary_linear): each operand widened to int32 and multiplied
 * in (vmla), the sum narrowed by its shift: 40 instructions per 16 with
 * the loop's.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__aarch64__)

#include "qs8_neon_tile.h"
#include "qs8_vbinary.h"

/* One operand's or the output's multiplier: vqrdmulh by m, then the
   rounding divide by 2^r as gml_neon_gemmlowp_rows's short form (v - 1
   for v < 0, then vrshl), the - 1 masked off when r is 0 (TFLite's ADD
   gives the operand of the larger scale 2^30 and no shift); `offset` is
   the operand's offset << 20. */
typedef struct gml_vb_scale {
  int32x4_t multiplier, shift, offset, rounds;
} gml_vb_scale;

static gml_vb_scale gml_vb_scale_of(int32_t multiplier, int32_t right, int32_t offset) {
  gml_vb_scale s;
  s.multiplier = vdupq_n_s32(multiplier);
  s.shift = vdupq_n_s32(-right);
  s.offset = vdupq_n_s32((int32_t)((uint32_t)offset << 20));
  s.rounds = vdupq_n_s32(right > 0 ? -1 : 0);
  return s;
}

/* gemmlowp's MultiplyByQuantizedMultiplier of v (no left shift); `round`
   (a constant where inlined): 1 for a right shift of at least 1, 0 for
   none, -1 for either (the masked form). */
GML_NEON_INLINE int32x4_t gml_vb_apply(int32x4_t v, const gml_vb_scale *s, int round) {
  v = vqrdmulhq_s32(v, s->multiplier);
  if (round == 0) return v;
  if (round == 1) return vrshlq_s32(vsraq_n_s32(v, v, 31), s->shift);
  return vrshlq_s32(vsraq_n_s32(v, vandq_s32(v, s->rounds), 31), s->shift);
}

/* 16 int8 operands scaled: ((q + offset) << 20) times the multiplier. */
GML_NEON_INLINE void gml_vb_operand(
    int8x16_t q, const gml_vb_scale *s, int round, int32x4_t *x) {
  int16x8_t lo = vshll_n_s8(vget_low_s8(q), 8), hi = vshll_high_n_s8(q, 8);
  x[0] = gml_vb_apply(vaddq_s32(vshll_n_s16(vget_low_s16(lo), 12), s->offset), s, round);
  x[1] = gml_vb_apply(vaddq_s32(vshll_high_n_s16(lo, 12), s->offset), s, round);
  x[2] = gml_vb_apply(vaddq_s32(vshll_n_s16(vget_low_s16(hi), 12), s->offset), s, round);
  x[3] = gml_vb_apply(vaddq_s32(vshll_high_n_s16(hi, 12), s->offset), s, round);
}

/* ADD/SUB on n16 (a multiple of 16) elements; a broadcast operand (step
   0) is scaled once. `sub`, the steps and the roundings (ra, rb, ro: see
   gml_vb_apply) are constants where this is inlined. */
GML_NEON_INLINE void gml_vb_addsub(
    int sub, int ra, int rb, int ro, size_t n16, const int8_t *a, size_t a_step,
    const int8_t *b, size_t b_step, int8_t *out, const gml_vb_scale *sa, const gml_vb_scale *sb,
    const gml_vb_scale *so, const gml_neon_out *o, int32_t a_const, int32_t b_const) {
  int32x4_t xc = vdupq_n_s32(a_const), yc = vdupq_n_s32(b_const);
  for (size_t i = 0; i < n16; i += 16) {
    int32x4_t x[4] = {xc, xc, xc, xc}, y[4] = {yc, yc, yc, yc};
    if (a_step) gml_vb_operand(vld1q_s8(a + i), sa, ra, x);
    if (b_step) gml_vb_operand(vld1q_s8(b + i), sb, rb, y);
    GML_UNROLL
    for (int q = 0; q < 4; q++) {
      x[q] = gml_vb_apply(sub ? vsubq_s32(x[q], y[q]) : vaddq_s32(x[q], y[q]), so, ro);
    }
    vst1q_s8(out + i, gml_neon_finish16(x, 1, o));
  }
}

/* Both operands runs (steps 1), as TFLite's ADD makes the roundings (the
   operand of the larger scale has multiplier 2^30 and no shift; the output
   shifts right), each case with them constant; others in the masked form. */
GML_NEON_INLINE void gml_vb_runs(
    int sub, int32_t ra, int32_t rb, int32_t ro, size_t n16, const int8_t *a, const int8_t *b,
    int8_t *out, const gml_vb_scale *sa, const gml_vb_scale *sb, const gml_vb_scale *so,
    const gml_neon_out *o) {
  if (ro > 0 && ra == 0 && rb > 0) {
    gml_vb_addsub(sub, 0, 1, 1, n16, a, 1, b, 1, out, sa, sb, so, o, 0, 0);
  } else if (ro > 0 && ra > 0 && rb == 0) {
    gml_vb_addsub(sub, 1, 0, 1, n16, a, 1, b, 1, out, sa, sb, so, o, 0, 0);
  } else if (ro > 0 && ra == 0 && rb == 0) {
    gml_vb_addsub(sub, 0, 0, 1, n16, a, 1, b, 1, out, sa, sb, so, o, 0, 0);
  } else {
    gml_vb_addsub(sub, -1, -1, -1, n16, a, 1, b, 1, out, sa, sb, so, o, 0, 0);
  }
}

/* 4 int32 lanes of the linear form's sum for 16 operands q: t + q * m. */
GML_NEON_INLINE void gml_vb_linear_add(int8x16_t q, int32x4_t m, int32x4_t *t) {
  int16x8_t lo = vmovl_s8(vget_low_s8(q)), hi = vmovl_high_s8(q);
  t[0] = vmlaq_s32(t[0], vmovl_s16(vget_low_s16(lo)), m);
  t[1] = vmlaq_s32(t[1], vmovl_high_s16(lo), m);
  t[2] = vmlaq_s32(t[2], vmovl_s16(vget_low_s16(hi)), m);
  t[3] = vmlaq_s32(t[3], vmovl_high_s16(hi), m);
}

/* ADD/SUB by the linear form (gml_qs8_vbinary_linear), 16 elements per
   step, the steps constant where inlined: the shift as a narrowing shift
   by 16 (its floor, saturated to int16) and the rest in int16 (S >= 16),
   a broadcast operand's product folded into C; the last n % 16 one at a
   time. */
GML_NEON_INLINE void gml_vb_linear_run(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *p) {
  const int32x4_t A = vdupq_n_s32(p->linear_a), B = vdupq_n_s32(p->linear_b);
  const int32x4_t C = vdupq_n_s32(gml_qs8_vbinary_linear_c(a, a_step, b, b_step, p));
  const int16x8_t rest = vdupq_n_s16((int16_t)(16 - p->linear_shift));
  const int8x16_t lo = vdupq_n_s8((int8_t)p->min), hi = vdupq_n_s8((int8_t)p->max);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    int32x4_t t[4] = {C, C, C, C};
    if (a_step) gml_vb_linear_add(vld1q_s8(a + i), A, t);
    if (b_step) gml_vb_linear_add(vld1q_s8(b + i), B, t);
    int16x8_t h0 = vqshrn_high_n_s32(vqshrn_n_s32(t[0], 16), t[1], 16);
    int16x8_t h1 = vqshrn_high_n_s32(vqshrn_n_s32(t[2], 16), t[3], 16);
    int8x16_t y = vqmovn_high_s16(vqmovn_s16(vshlq_s16(h0, rest)), vshlq_s16(h1, rest));
    vst1q_s8(out + i, vminq_s8(vmaxq_s8(y, lo), hi));
  }
  for (; i < n; i++) out[i] = gml_qs8_vbinary_linear_one(a[i * a_step], b[i * b_step], p);
}

/* One half (4 lanes) of an 8-element step of the general kernel. */
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

/* The general kernel from element i on: 8 per step, then one at a time. */
static void gml_vb_general(
    size_t i, size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step,
    int8_t *out, const gml_qs8_vbinary_params *params) {
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

void gml_qs8_vbinary_neon(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params) {
  const gml_qs8_vbinary_params p = *params; /* not aliased by the output */
  if (p.linear_shift && a_step && b_step) {
    gml_vb_linear_run(n, a, 1, b, 1, out, &p);
    return;
  }
  if (p.linear_shift) {
    gml_vb_linear_run(n, a, a_step, b, b_step, out, &p);
    return;
  }
  const size_t n16 = n & ~(size_t)15;
  if (p.operation == GML_QS8_MUL || p.left_shift != 20 || p.a_left || p.b_left || p.output_left ||
      p.output_zero_point < -32640 || p.output_zero_point > 32640 || n16 == 0) {
    gml_vb_general(0, n, a, a_step, b, b_step, out, &p);
    return;
  }
  const gml_vb_scale sa = gml_vb_scale_of(p.a_multiplier, p.a_right, p.a_offset);
  const gml_vb_scale sb = gml_vb_scale_of(p.b_multiplier, p.b_right, p.b_offset);
  const gml_vb_scale so = gml_vb_scale_of(p.output_multiplier, p.output_right, 0);
  const gml_qs8_params clamp = {GML_QS8_GEMMLOWP, p.output_zero_point, p.min, p.max};
  const gml_neon_out o = gml_neon_out_init(&clamp);
  const int32_t a_const = a_step ? 0 : gml_qs8_vbinary_scale_a(a[0], &p);
  const int32_t b_const = b_step ? 0 : gml_qs8_vbinary_scale_b(b[0], &p);
  const int sub = p.operation == GML_QS8_SUB;
  if (a_step && b_step && sub) {
    gml_vb_runs(1, p.a_right, p.b_right, p.output_right, n16, a, b, out, &sa, &sb, &so, &o);
  } else if (a_step && b_step) {
    gml_vb_runs(0, p.a_right, p.b_right, p.output_right, n16, a, b, out, &sa, &sb, &so, &o);
  } else {
    gml_vb_addsub(
        sub, -1, -1, -1, n16, a, a_step, b, b_step, out, &sa, &sb, &so, &o, a_const, b_const);
  }
  gml_vb_general(n16, n, a, a_step, b, b_step, out, &p);
}

#endif
