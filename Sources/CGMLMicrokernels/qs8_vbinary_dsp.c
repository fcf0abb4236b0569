/*
 * qs8_vbinary_dsp.c — int8 ADD/SUB by their linear form on a Cortex-M
 * (gml_dwconv_elementwise.h): floor((a*A + b*B + C) / 2^S) clamped, a
 * broadcast operand's product folded into C. On the DSP extension four
 * elements a step (a word of each operand, each byte sign-extended in
 * place, two MLA, a shift, one SSAT for the whole int8 range, a byte
 * store); on Helium (MVE) four int32 lanes a step, tail-predicated. MUL,
 * and ADD/SUB without a linear form, run gml_qs8_vbinary_scalar.
 */
#include "gml_dwconv_elementwise.h"
#include "qs8_dsp.h"
#include "qs8_vbinary.h"
#if defined(__ARM_FEATURE_MVE)
#include <arm_mve.h>
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

void gml_qs8_vbinary_dsp(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params) {
  const gml_qs8_vbinary_params *p = params;
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
