/*
 * qs8_vbinary_dsp.c — int8 ADD/SUB/MUL on a Cortex-M
 * (gml_dwconv_elementwise.h). ADD/SUB by their linear form:
 * floor((a*A + b*B + C) / 2^S) clamped, a broadcast operand's product
 * folded into C. On the DSP extension four elements a step (a word of
 * each operand, each byte sign-extended in place, two MLA, a shift, one
 * SSAT for the whole int8 range, a byte store); on Helium (MVE) four
 * int32 lanes a step, tail-predicated. MUL: on the DSP extension four
 * elements a step, the operands widened with their offsets (SXTAB16)
 * and multiplied (SMULBB, SMULTT), each product requantized in one step
 * (a right shift: gml_dsp_rq_scale); on Helium eight, in int16 lanes
 * (VMULLB, VMULLT) and gemmlowp's steps on int32 vectors. ADD/SUB
 * without a linear form, and on the DSP extension MUL without a right
 * shift, run gml_qs8_vbinary_scalar.
 */
#include "gml_dwconv_elementwise.h"
#include "qs8_dsp.h"
#include "qs8_vbinary.h"
#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>

#include "qs8_helium.h"
#endif

#if defined(__ARM_FEATURE_MVE)
/* y = C + a*A (+ b*B where b): Helium, four int32 lanes a step. */
static void linear_runs(size_t n, const int8_t *a, int32_t fa, const int8_t *b, int32_t fb,
                        int32_t c, int shift, int32_t min, int32_t max, int8_t *out) {
  const int32x4_t shifts = vdupq_n_s32(-shift);
  for (size_t i = 0; i < n; i += 4) {
    mve_pred16_t p = vctp32q((uint32_t)(n - i));
    int32x4_t y = vmlaq_n_s32(vdupq_n_s32(c), vldrbq_z_s32(a + i, p), fa);
    if (b) y = vmlaq_n_s32(y, vldrbq_z_s32(b + i, p), fb);
    y = vmaxq_s32(vminq_s32(vshlq_s32(y, shifts), vdupq_n_s32(max)), vdupq_n_s32(min));
    vstrbq_p_s32(out + i, y, p);
  }
}
#else
/* One output from its sum before the shift. */
static inline int8_t clamp_shifted(int32_t y, int shift, int32_t min, int32_t max, int full) {
  y >>= shift;
  if (full) return (int8_t)gml_dsp_ssat8(y);
  return (int8_t)(y < min ? min : y > max ? max : y);
}

/* x + y + z, wrapping: the whole sum is within int32 (the linear form's
   search checked it), a partial one, C first, need not be. */
static inline int32_t wrap_sum(int32_t x, int32_t y, int32_t z) {
  return (int32_t)((uint32_t)x + (uint32_t)y + (uint32_t)z);
}

/* Byte j (0...3) of word v, sign-extended (one SXTB with its rotation). */
#define GML_BYTE(v, j) ((int32_t)(int8_t)((v) >> (8 * (j))))

/* y = C + a*A + b*B, four elements a step (a word of each operand, a
   byte store each); `full`: the clamp is the whole int8 range (a
   constant where inlined). */
static inline __attribute__((always_inline)) void runs2(
    size_t n, const int8_t *a, int32_t fa, const int8_t *b, int32_t fb, int32_t c, int shift,
    int32_t min, int32_t max, int8_t *out, int full) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t va = gml_dsp_load32(a + i), vb = gml_dsp_load32(b + i);
    out[i] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 0) * fa, GML_BYTE(vb, 0) * fb), shift, min,
                           max, full);
    out[i + 1] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 1) * fa, GML_BYTE(vb, 1) * fb), shift,
                               min, max, full);
    out[i + 2] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 2) * fa, GML_BYTE(vb, 2) * fb), shift,
                               min, max, full);
    out[i + 3] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 3) * fa, GML_BYTE(vb, 3) * fb), shift,
                               min, max, full);
  }
  for (; i < n; i++) out[i] = clamp_shifted(wrap_sum(c, a[i] * fa, b[i] * fb), shift, min, max, full);
}

/* y = C + a*A (the other operand broadcast, in C), likewise. */
static inline __attribute__((always_inline)) void runs1(size_t n, const int8_t *a, int32_t fa,
                                                        int32_t c, int shift, int32_t min,
                                                        int32_t max, int8_t *out, int full) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t va = gml_dsp_load32(a + i);
    out[i] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 0) * fa, 0), shift, min, max, full);
    out[i + 1] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 1) * fa, 0), shift, min, max, full);
    out[i + 2] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 2) * fa, 0), shift, min, max, full);
    out[i + 3] = clamp_shifted(wrap_sum(c, GML_BYTE(va, 3) * fa, 0), shift, min, max, full);
  }
  for (; i < n; i++) out[i] = clamp_shifted(wrap_sum(c, a[i] * fa, 0), shift, min, max, full);
}
#undef GML_BYTE

static void linear_runs(size_t n, const int8_t *a, int32_t fa, const int8_t *b, int32_t fb,
                        int32_t c, int shift, int32_t min, int32_t max, int8_t *out) {
  int full = min == -128 && max == 127;
  if (b && full) {
    runs2(n, a, fa, b, fb, c, shift, min, max, out, 1);
  } else if (b) {
    runs2(n, a, fa, b, fb, c, shift, min, max, out, 0);
  } else if (full) {
    runs1(n, a, fa, c, shift, min, max, out, 1);
  } else {
    runs1(n, a, fa, c, shift, min, max, out, 0);
  }
}
#endif

#if defined(__ARM_FEATURE_MVE)
/* MUL of n elements of x (offset ox) by y (offset oy; y_step 0: y[0]
   broadcast), eight a step: the operands with their offsets in int16
   lanes, the even and the odd lanes' products as int32, gemmlowp's steps
   (any shift), narrowed back into order. Returns 1: every MUL. */
static int mul(size_t n, const int8_t *x, int32_t ox, const int8_t *y, int32_t oy, size_t y_step,
               int8_t *out, const gml_qs8_vbinary_params *p) {
  int32_t m = p->output_multiplier, shift = p->output_left - p->output_right;
  int16x8_t lo = vdupq_n_s16((int16_t)p->min), hi = vdupq_n_s16((int16_t)p->max);
  int16x8_t vy = vdupq_n_s16((int16_t)(y[0] + oy));
  for (size_t i = 0; i < n; i += 8) {
    mve_pred16_t q = vctp16q((uint32_t)(n - i));
    int16x8_t vx = vaddq_n_s16(vldrbq_z_s16(x + i, q), (int16_t)ox);
    if (y_step) vy = vaddq_n_s16(vldrbq_z_s16(y + i, q), (int16_t)oy);
    int32x4_t e = gml_helium_scale_n(vmullbq_int_s16(vx, vy), m, shift);
    int32x4_t o = gml_helium_scale_n(vmulltq_int_s16(vx, vy), m, shift);
    e = vaddq_n_s32(e, p->output_zero_point), o = vaddq_n_s32(o, p->output_zero_point);
    /* Saturated to int16 first: the clamp lies inside it. */
    int16x8_t r = vqmovntq_s32(vqmovnbq_s32(vdupq_n_s16(0), e), o);
    vstrbq_p_s16(out + i, vminq_s16(vmaxq_s16(r, lo), hi), q);
  }
  return 1;
}
#else
/* One MUL output from its product: requantized in one step, the zero
   point added, clamped (`full`: one SSAT). */
static inline __attribute__((always_inline)) int8_t mul_out(int32_t product, gml_dsp_rq rq,
                                                            const gml_qs8_vbinary_params *p,
                                                            int full) {
  int32_t v = gml_dsp_rq_scale(product, rq) + p->output_zero_point;
  if (full) return (int8_t)gml_dsp_ssat8(v);
  return (int8_t)(v < p->min ? p->min : v > p->max ? p->max : v);
}

/* MUL of n elements of x by y (y_step 0: y[0] broadcast), four a step:
   a word of each widened with its offset into pairs (SXTAB16), four
   products (SMULBB, SMULTT). Inlined per step and clamp. */
static inline __attribute__((always_inline)) void mul_runs(
    size_t n, const int8_t *x, int32_t ox, const int8_t *y, int32_t oy, size_t y_step,
    int8_t *out, const gml_qs8_vbinary_params *p, gml_dsp_rq rq, int full) {
  uint32_t px = ((uint32_t)ox & 0xFFFFu) * 0x10001u, py = ((uint32_t)oy & 0xFFFFu) * 0x10001u;
  uint32_t ey = ((uint32_t)(y[0] + oy) & 0xFFFFu) * 0x10001u, dy = ey;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t vx = gml_dsp_load32(x + i);
    uint32_t ex = gml_dsp_sxtab16(px, vx), dx = gml_dsp_sxtab16_odd(px, vx);
    if (y_step) {
      uint32_t vy = gml_dsp_load32(y + i);
      ey = gml_dsp_sxtab16(py, vy), dy = gml_dsp_sxtab16_odd(py, vy);
    }
    out[i] = mul_out(gml_dsp_smulbb(ex, ey), rq, p, full);
    out[i + 1] = mul_out(gml_dsp_smulbb(dx, dy), rq, p, full);
    out[i + 2] = mul_out(gml_dsp_smultt(ex, ey), rq, p, full);
    out[i + 3] = mul_out(gml_dsp_smultt(dx, dy), rq, p, full);
  }
  for (; i < n; i++) out[i] = mul_out((x[i] + ox) * (y[i * y_step] + oy), rq, p, full);
}

/* MUL where the output scaling is a right shift (gml_dsp_one_step);
   returns 0 for the others, which the scalar kernel runs. */
static int mul(size_t n, const int8_t *x, int32_t ox, const int8_t *y, int32_t oy, size_t y_step,
               int8_t *out, const gml_qs8_vbinary_params *p) {
  int32_t pair[2] = {p->output_multiplier, -p->output_right};
  if (p->output_left != 0 || !gml_dsp_one_step(pair, 1)) return 0;
  gml_dsp_rq rq = gml_dsp_rq_make(pair);
  int full = p->min == -128 && p->max == 127;
  if (y_step && full) {
    mul_runs(n, x, ox, y, oy, 1, out, p, rq, 1);
  } else if (y_step) {
    mul_runs(n, x, ox, y, oy, 1, out, p, rq, 0);
  } else if (full) {
    mul_runs(n, x, ox, y, oy, 0, out, p, rq, 1);
  } else {
    mul_runs(n, x, ox, y, oy, 0, out, p, rq, 0);
  }
  return 1;
}
#endif

void gml_qs8_vbinary_dsp(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params) {
  const gml_qs8_vbinary_params *p = params;
  if (p->operation == GML_QS8_MUL && n > 0) {
    /* MUL commutes: a broadcast operand goes second. */
    if (a_step ? mul(n, a, p->a_offset, b, p->b_offset, b_step, out, p)
               : b_step && mul(n, b, p->b_offset, a, p->a_offset, 0, out, p)) {
      return;
    }
  }
  if (p->linear_shift == 0 || n == 0) {
    gml_qs8_vbinary_scalar(n, a, a_step, b, b_step, out, params);
    return;
  }
  int32_t c = gml_qs8_vbinary_linear_c(a, a_step, b, b_step, p);
  if (a_step && b_step) {
    linear_runs(n, a, p->linear_a, b, p->linear_b, c, p->linear_shift, p->min, p->max, out);
  } else if (a_step) {
    linear_runs(n, a, p->linear_a, NULL, 0, c, p->linear_shift, p->min, p->max, out);
  } else if (b_step) {
    linear_runs(n, b, p->linear_b, NULL, 0, c, p->linear_shift, p->min, p->max, out);
  } else {
    /* Both broadcast: one value. */
    int8_t v = gml_qs8_vbinary_linear_one(a[0], b[0], p);
    for (size_t i = 0; i < n; i++) out[i] = v;
  }
}
