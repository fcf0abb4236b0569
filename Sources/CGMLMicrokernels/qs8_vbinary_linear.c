/*
 * qs8_vbinary_linear.c — finds ADD/SUB's linear form (gml_dwconv_elementwise.h):
 * one multiply-add per operand and a shift per element instead of three
 * requantizations, checked against the reference on all 65536 operand pairs.
 *
 * The reference is floor-like in x*alpha + y*beta + gamma with three small
 * roundings inside, so a form with A, B the exact alpha, beta at 2^S
 * matches it wherever no pair lies within those roundings of an output
 * boundary; the pairs' bounds on C decide it (they are exact, so the form
 * is taken only where it holds everywhere).
 */
#include "gml_dwconv_elementwise.h"
#include "qs8_vbinary.h"

/* A and B stay below 2^GML_VB_LINEAR_BITS at the first shift tried (2^22 at
   the second), so a*A + b*B leaves room for C in int32. */
#define GML_VB_LINEAR_BITS 21

static int bit_length(uint64_t x) {
  int n = 0;
  for (; x; x >>= 1) n++;
  return n;
}

/* m * 2^e rounded to nearest (a half up), for |result| < 2^31. */
static int64_t scaled(uint64_t m, int e) {
  if (e >= 0) return (int64_t)(m << e);
  if (e <= -64) return 0;
  return (int64_t)((m >> -e) + ((m >> (-e - 1)) & 1));
}

/* A pair's bounds on C for each candidate (A + da, B + db), da, db in
   -1...1 (or only 0, 0 when `center`): C in [lower, upper). */
typedef struct gml_vb_bounds {
  int64_t lower[9], upper[9];
} gml_vb_bounds;

static void bound_all(
    const gml_qs8_vbinary_params *p, int64_t A, int64_t B, int shift, int center,
    gml_vb_bounds *k) {
  int32_t ta[256], tb[256];
  for (int v = 0; v < 256; v++) {
    ta[v] = gml_qs8_vbinary_scale_a(v - 128, p);
    tb[v] = gml_qs8_vbinary_scale_b(v - 128, p);
  }
  for (int c = 0; c < 9; c++) k->lower[c] = INT64_MIN, k->upper[c] = INT64_MAX;
  const int sub = p->operation == GML_QS8_SUB;
  for (int x = -128; x < 128; x++) {
    for (int y = -128; y < 128; y++) {
      int32_t sum = sub ? ta[x + 128] - tb[y + 128] : ta[x + 128] + tb[y + 128];
      int32_t r = gml_qs8_vbinary_clamp(
          gml_qs8_gemmlowp(sum, p->output_multiplier, p->output_left, p->output_right), p);
      for (int c = center ? 4 : 0; c < (center ? 5 : 9); c++) {
        int64_t t = x * (A + c / 3 - 1) + y * (B + c % 3 - 1);
        int64_t lower = ((int64_t)r << shift) - t, upper = ((int64_t)(r + 1) << shift) - t;
        if (r > p->min && lower > k->lower[c]) k->lower[c] = lower;
        if (r < p->max && upper < k->upper[c]) k->upper[c] = upper;
      }
    }
  }
}

/* Sets the form (A + da, B + db, the least C; below the bound if only
   bounded from above: every output at the clamp's minimum) if candidate
   c holds and stays in int32. */
static int take(gml_qs8_vbinary_params *p, const gml_vb_bounds *k, int c, int64_t A, int64_t B,
                int shift) {
  if (k->lower[c] >= k->upper[c]) return 0;
  int64_t a = A + c / 3 - 1, b = B + c % 3 - 1, C = k->lower[c];
  if (C == INT64_MIN) C = k->upper[c] == INT64_MAX ? 0 : k->upper[c] - 1;
  int64_t reach = 128 * ((a < 0 ? -a : a) + (b < 0 ? -b : b)) + (C < 0 ? -C : C);
  if (reach > INT32_MAX) return 0;
  p->linear_a = (int32_t)a, p->linear_b = (int32_t)b, p->linear_c = (int32_t)C;
  p->linear_shift = shift;
  return 1;
}

int gml_qs8_vbinary_linear(gml_qs8_vbinary_params *p) {
  p->linear_a = p->linear_b = p->linear_c = p->linear_shift = 0;
  if (p->operation == GML_QS8_MUL || p->a_multiplier < 0 || p->b_multiplier < 0 ||
      p->output_multiplier < 0) {
    return 0;
  }
  /* alpha = m_a * m_out * 2^e_a, e_a = L + a_left - a_right + out_left -
     out_right - 62; beta likewise. */
  const uint64_t pa = (uint64_t)p->a_multiplier * (uint64_t)p->output_multiplier;
  const uint64_t pb = (uint64_t)p->b_multiplier * (uint64_t)p->output_multiplier;
  const int out = p->output_left - p->output_right - 62 + p->left_shift;
  const int ea = out + p->a_left - p->a_right, eb = out + p->b_left - p->b_right;
  int bits = pa ? bit_length(pa) + ea : -64;
  if (pb && bit_length(pb) + eb > bits) bits = bit_length(pb) + eb;
  int first = GML_VB_LINEAR_BITS - bits;
  if (first > 30) first = 30;
  if (first < 16) return 0;
  for (int shift = first; shift <= first + 1 && shift <= 30; shift++) {
    const int64_t A = scaled(pa, ea + shift);
    const int64_t B = (p->operation == GML_QS8_SUB ? -1 : 1) * scaled(pb, eb + shift);
    gml_vb_bounds k;
    bound_all(p, A, B, shift, 1, &k);
    if (take(p, &k, 4, A, B, shift)) return 1;
    bound_all(p, A, B, shift, 0, &k);
    for (int c = 0; c < 9; c++) {
      if (take(p, &k, c, A, B, shift)) return 1;
    }
  }
  return 0;
}
