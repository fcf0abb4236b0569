/*
 * qs8_vbinary_avx512vnni.c — AVX-512 int8 ADD/SUB/MUL over a run, 16
 * elements per step in zmm registers, the last n % 16 with masked loads
 * and stores. ADD/SUB scale each operand without 64-bit products: with
 * v = q + offset (|v| <= 255) and TFLite's left shift L (20), gemmlowp's
 * two roundings of (v << L) times M (>= 0), right shift r, are
 *     floor((v*(M >> s) + floor((v*(M mod 2^s) + 2^(s-1)) / 2^s)
 *            + [r > 0] * (2^(r-1) - [v < 0])) / 2^r),   s = 31 - L
 * (the 64-bit one-rounding form of qs8_avx2.h split at bit s; every term
 * fits int32 for 9 <= L <= 21), two vpmulld and seven cheap operations per
 * operand instead of a 64-bit requantization. The sum (or the MUL
 * product) takes qs8_avx512.h's requantization, zero point folded in. A
 * broadcast operand is scaled once. Parameters outside that form (no
 * TFLite model makes them) go to the AVX2 kernel. ADD/SUB with a linear
 * form (gml_qs8_vbinary_linear) take two vpmulld, a shift and the
 * saturating narrow per 16 elements instead.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__x86_64__)

#include "qs8_avx512.h"
#include "qs8_vbinary.h"

/* One ADD/SUB operand's scaling constants (see the top of this file). */
typedef struct gml_vb16_operand {
  __m512i high, low;   /* M >> s, M mod 2^s */
  __m512i inner;       /* offset * (M mod 2^s) + 2^(s-1) */
  __m512i outer;       /* offset * (M >> s) + [r > 0] * 2^(r-1) */
  __m512i negative;    /* q < this: v < 0 (INT32_MIN when r is 0) */
  __m128i split, right; /* s, r */
} gml_vb16_operand;

/* Whether an operand's multiplier has that form. */
static int gml_vb16_operand_ok(int32_t multiplier, int32_t left, int32_t left_shift) {
  return multiplier >= 0 && left == 0 && left_shift >= 9 && left_shift <= 21;
}

GML_VNNI gml_vb16_operand gml_vb16_operand_init(
    int32_t offset, int32_t left_shift, int32_t multiplier, int32_t right) {
  const int32_t split = 31 - left_shift;
  const int32_t high = multiplier >> split, low = multiplier & ((1 << split) - 1);
  gml_vb16_operand o;
  o.high = _mm512_set1_epi32(high);
  o.low = _mm512_set1_epi32(low);
  o.inner = _mm512_set1_epi32(offset * low + (1 << (split - 1)));
  o.outer = _mm512_set1_epi32(
      (int32_t)((uint32_t)(offset * high) + (right > 0 ? 1u << (right - 1) : 0u)));
  o.negative = _mm512_set1_epi32(right > 0 ? -offset : INT32_MIN);
  o.split = _mm_cvtsi32_si128(split);
  o.right = _mm_cvtsi32_si128(right);
  return o;
}

/* The scaled operand of 16 values q. */
GML_VNNI __m512i gml_vb16_scale(__m512i q, const gml_vb16_operand *o) {
  __m512i fraction = _mm512_add_epi32(_mm512_mullo_epi32(q, o->low), o->inner);
  __m512i t = _mm512_add_epi32(_mm512_mullo_epi32(q, o->high), o->outer);
  t = _mm512_add_epi32(t, _mm512_sra_epi32(fraction, o->split));
  t = _mm512_mask_sub_epi32(
      t, _mm512_cmplt_epi32_mask(q, o->negative), t, _mm512_set1_epi32(1));
  return _mm512_sra_epi32(t, o->right);
}

/* Everything a run needs, in registers. */
typedef struct gml_vb16 {
  gml_vb16_operand a, b;
  gml_avx512_rq out;
  __m512i a_const, b_const; /* a broadcast operand, scaled (MUL: offset) */
  __m512i a_offset, b_offset;
  __m128i lo, hi;
} gml_vb16;

/* 16 (or the `lanes`) values at p, sign-extended. */
GML_VNNI __m512i gml_vb16_load(const int8_t *p, __mmask16 lanes, int full) {
  return _mm512_cvtepi8_epi32(
      full ? _mm_loadu_si128((const __m128i *)p) : _mm_maskz_loadu_epi8(lanes, p));
}

/* Elements i...i+15 (or the `lanes`): operation `op`, requantized by the
   one-rounding form when `wide` (else as v->out allows). */
GML_VNNI void gml_vb16_step(
    const gml_vb16 *v, int op, int wide, size_t i, const int8_t *a, size_t a_step,
    const int8_t *b, size_t b_step, int8_t *out, __mmask16 lanes, int full) {
  __m512i x = v->a_const, y = v->b_const, raw;
  if (op == GML_QS8_MUL) {
    if (a_step) x = _mm512_add_epi32(gml_vb16_load(a + i, lanes, full), v->a_offset);
    if (b_step) y = _mm512_add_epi32(gml_vb16_load(b + i, lanes, full), v->b_offset);
    raw = _mm512_mullo_epi32(x, y);
  } else {
    if (a_step) x = gml_vb16_scale(gml_vb16_load(a + i, lanes, full), &v->a);
    if (b_step) y = gml_vb16_scale(gml_vb16_load(b + i, lanes, full), &v->b);
    raw = op == GML_QS8_SUB ? _mm512_sub_epi32(x, y) : _mm512_add_epi32(x, y);
  }
  raw = wide ? gml_avx512_rq_wide(raw, &v->out) : gml_avx512_rq_gemmlowp(raw, &v->out);
  __m128i bytes = gml_avx512_narrow(raw, v->lo, v->hi);
  if (full) {
    _mm_storeu_si128((__m128i *)(out + i), bytes);
  } else {
    _mm_mask_storeu_epi8(out + i, lanes, bytes);
  }
}

/* The run, with op, wide and the steps constant in each copy. */
GML_VNNI void gml_vb16_run(
    const gml_vb16 *v, int op, int wide, size_t n, const int8_t *a, size_t a_step,
    const int8_t *b, size_t b_step, int8_t *out) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) gml_vb16_step(v, op, wide, i, a, a_step, b, b_step, out, 0, 1);
  if (i < n) {
    const __mmask16 lanes = (__mmask16)((1u << (n - i)) - 1);
    gml_vb16_step(v, op, wide, i, a, a_step, b, b_step, out, lanes, 0);
  }
}

/* gml_vb16_run for one operation and form, both steps 1 or one 0. */
GML_VNNI void gml_vb16_steps(
    const gml_vb16 *v, int op, int wide, size_t n, const int8_t *a, size_t a_step,
    const int8_t *b, size_t b_step, int8_t *out) {
  if (a_step && b_step) {
    gml_vb16_run(v, op, wide, n, a, 1, b, 1, out);
  } else if (a_step) {
    gml_vb16_run(v, op, wide, n, a, 1, b, 0, out);
  } else {
    gml_vb16_run(v, op, wide, n, a, 0, b, b_step, out);
  }
}

/* ADD/SUB by the linear form over the run, the steps constant where
   inlined: a broadcast operand's product folded into C. */
GML_VNNI void gml_vb16_linear_run(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *p) {
  const __m512i A = _mm512_set1_epi32(p->linear_a), B = _mm512_set1_epi32(p->linear_b);
  const __m512i C = _mm512_set1_epi32(gml_qs8_vbinary_linear_c(a, a_step, b, b_step, p));
  const __m128i shift = _mm_cvtsi32_si128(p->linear_shift);
  const __m128i lo = _mm_set1_epi8((char)p->min), hi = _mm_set1_epi8((char)p->max);
  for (size_t i = 0; i < n; i += 16) {
    const int full = i + 16 <= n;
    const __mmask16 lanes = full ? 0xFFFF : (__mmask16)((1u << (n - i)) - 1);
    __m512i t = C;
    if (a_step) t = _mm512_add_epi32(t, _mm512_mullo_epi32(gml_vb16_load(a + i, lanes, full), A));
    if (b_step) t = _mm512_add_epi32(t, _mm512_mullo_epi32(gml_vb16_load(b + i, lanes, full), B));
    __m128i bytes = gml_avx512_narrow(_mm512_sra_epi32(t, shift), lo, hi);
    if (full) {
      _mm_storeu_si128((__m128i *)(out + i), bytes);
    } else {
      _mm_mask_storeu_epi8(out + i, lanes, bytes);
    }
  }
}

/* gml_vb16_linear_run with both steps 1 or one 0. */
GML_VNNI void gml_vb16_linear(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *p) {
  if (a_step && b_step) {
    gml_vb16_linear_run(n, a, 1, b, 1, out, p);
  } else {
    gml_vb16_linear_run(n, a, a_step, b, b_step, out, p);
  }
}

__attribute__((target(GML_VNNI_TARGET))) void gml_qs8_vbinary_avx512vnni(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params) {
  const gml_qs8_vbinary_params p = *params;
  if (p.linear_shift) {
    gml_vb16_linear(n, a, a_step, b, b_step, out, &p);
    return;
  }
  const int op = p.operation, mul = op == GML_QS8_MUL;
  if (!mul && !(gml_vb16_operand_ok(p.a_multiplier, p.a_left, p.left_shift) &&
                gml_vb16_operand_ok(p.b_multiplier, p.b_left, p.left_shift))) {
    gml_qs8_vbinary_avx2(n, a, a_step, b, b_step, out, params);
    return;
  }
  gml_vb16 v;
  /* (MUL reads neither; gcc's -Wmaybe-uninitialized cannot tell.) */
  v.a = gml_vb16_operand_init(p.a_offset, mul ? 20 : p.left_shift, p.a_multiplier, p.a_right);
  v.b = gml_vb16_operand_init(p.b_offset, mul ? 20 : p.left_shift, p.b_multiplier, p.b_right);
  v.out = gml_avx512_rq_init(
      _mm512_set1_epi32(p.output_multiplier), _mm512_set1_epi32(p.output_left),
      _mm512_set1_epi32(p.output_right), p.output_zero_point, 0xFFFF);
  v.a_offset = _mm512_set1_epi32(p.a_offset);
  v.b_offset = _mm512_set1_epi32(p.b_offset);
  v.a_const = _mm512_set1_epi32(
      a_step ? 0 : mul ? a[0] + p.a_offset : gml_qs8_vbinary_scale_a(a[0], &p));
  v.b_const = _mm512_set1_epi32(
      b_step ? 0 : mul ? b[0] + p.b_offset : gml_qs8_vbinary_scale_b(b[0], &p));
  v.lo = _mm_set1_epi8((char)p.min);
  v.hi = _mm_set1_epi8((char)p.max);
  /* One copy of the loop per operation and requantization form. */
  const int wide = v.out.is_wide;
  if (op == GML_QS8_ADD && wide) {
    gml_vb16_steps(&v, GML_QS8_ADD, 1, n, a, a_step, b, b_step, out);
  } else if (op == GML_QS8_ADD) {
    gml_vb16_steps(&v, GML_QS8_ADD, 0, n, a, a_step, b, b_step, out);
  } else if (op == GML_QS8_SUB && wide) {
    gml_vb16_steps(&v, GML_QS8_SUB, 1, n, a, a_step, b, b_step, out);
  } else if (op == GML_QS8_SUB) {
    gml_vb16_steps(&v, GML_QS8_SUB, 0, n, a, a_step, b, b_step, out);
  } else if (wide) {
    gml_vb16_steps(&v, GML_QS8_MUL, 1, n, a, a_step, b, b_step, out);
  } else {
    gml_vb16_steps(&v, GML_QS8_MUL, 0, n, a, a_step, b, b_step, out);
  }
}

#endif
