/*
 * qs8_vbinary_avx2.c — AVX2 int8 ADD/SUB/MUL over a run, 8 elements per
 * step: each operand offset (and for ADD/SUB shifted and requantized: the
 * gemmlowp step on 8 lanes), combined, requantized to the output, clamped.
 * A broadcast operand is scaled once. The last n % 8 go one at a time.
 * ADD/SUB with a linear form (gml_qs8_vbinary_linear): two vpmulld, a
 * shift and the clamp per 8 elements instead.
 */
#include "gml_dwconv_elementwise.h"

#if defined(__x86_64__)

#include "qs8_avx2.h"
#include "qs8_vbinary.h"

/* 8 bytes at p in 8 int32 lanes. */
GML_AVX2 __m256i gml_avx2_vb_bytes(const int8_t *p) {
  return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)p));
}

/* 8 bytes at p plus `offset`, in 8 int32 lanes. */
GML_AVX2 __m256i gml_avx2_vb_load(const int8_t *p, __m256i offset) {
  return _mm256_add_epi32(gml_avx2_vb_bytes(p), offset);
}

/* ADD/SUB by the linear form, 8 elements per step: a broadcast operand's
   product folded into C. */
GML_AVX2 void gml_avx2_vb_linear(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *p) {
  const __m256i A = _mm256_set1_epi32(p->linear_a), B = _mm256_set1_epi32(p->linear_b);
  const __m256i C = _mm256_set1_epi32(gml_qs8_vbinary_linear_c(a, a_step, b, b_step, p));
  const __m128i shift = _mm_cvtsi32_si128(p->linear_shift);
  const __m256i lo = _mm256_set1_epi32(p->min), hi = _mm256_set1_epi32(p->max);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256i t = C;
    if (a_step) t = _mm256_add_epi32(t, _mm256_mullo_epi32(gml_avx2_vb_bytes(a + i), A));
    if (b_step) t = _mm256_add_epi32(t, _mm256_mullo_epi32(gml_avx2_vb_bytes(b + i), B));
    t = _mm256_min_epi32(_mm256_max_epi32(_mm256_sra_epi32(t, shift), lo), hi);
    gml_avx2_store(out + i, gml_avx2_narrow(t), 8);
  }
  for (; i < n; i++) out[i] = gml_qs8_vbinary_linear_one(a[i * a_step], b[i * b_step], p);
}

__attribute__((target("avx2"))) void gml_qs8_vbinary_avx2(
    size_t n, const int8_t *a, size_t a_step, const int8_t *b, size_t b_step, int8_t *out,
    const gml_qs8_vbinary_params *params) {
  const gml_qs8_vbinary_params p = *params;
  if (p.linear_shift) {
    gml_avx2_vb_linear(n, a, a_step, b, b_step, out, &p);
    return;
  }
  const gml_qs8_lanes qa = gml_qs8_spread(p.a_multiplier, p.a_left, p.a_right);
  const gml_qs8_lanes qb = gml_qs8_spread(p.b_multiplier, p.b_left, p.b_right);
  const gml_qs8_lanes qo = gml_qs8_spread(p.output_multiplier, p.output_left, p.output_right);
  const __m256i a_offset = _mm256_set1_epi32(p.a_offset);
  const __m256i b_offset = _mm256_set1_epi32(p.b_offset);
  const __m128i shift = _mm_cvtsi32_si128(p.left_shift);
  const __m256i zero_point = _mm256_set1_epi32(p.output_zero_point);
  const __m256i lo = _mm256_set1_epi32(p.min), hi = _mm256_set1_epi32(p.max);
  const int mul = p.operation == GML_QS8_MUL, sub = p.operation == GML_QS8_SUB;
  /* A broadcast operand, offset (MUL) or scaled (ADD/SUB) once. */
  __m256i a_const = _mm256_set1_epi32(
      a_step ? 0 : mul ? a[0] + p.a_offset : gml_qs8_vbinary_scale_a(a[0], &p));
  __m256i b_const = _mm256_set1_epi32(
      b_step ? 0 : mul ? b[0] + p.b_offset : gml_qs8_vbinary_scale_b(b[0], &p));
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256i x = a_const, y = b_const, raw;
    if (mul) {
      if (a_step) x = gml_avx2_vb_load(a + i, a_offset);
      if (b_step) y = gml_avx2_vb_load(b + i, b_offset);
      raw = gml_avx2_gemmlowp(_mm256_mullo_epi32(x, y), qo.fields);
    } else {
      if (a_step) {
        x = _mm256_sll_epi32(gml_avx2_vb_load(a + i, a_offset), shift);
        x = gml_avx2_gemmlowp(x, qa.fields);
      }
      if (b_step) {
        y = _mm256_sll_epi32(gml_avx2_vb_load(b + i, b_offset), shift);
        y = gml_avx2_gemmlowp(y, qb.fields);
      }
      raw = gml_avx2_gemmlowp(sub ? _mm256_sub_epi32(x, y) : _mm256_add_epi32(x, y), qo.fields);
    }
    __m256i v = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(raw, zero_point), lo), hi);
    gml_avx2_store(out + i, gml_avx2_narrow(v), 8);
  }
  for (; i < n; i++) out[i] = gml_qs8_vbinary_one(a[i * a_step], b[i * b_step], &p);
}

#endif
