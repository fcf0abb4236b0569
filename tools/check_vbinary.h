// tools/check_vbinary.h — random int8 ADD/SUB/MUL parameters (TFLite's from scales, or raw extremes) and comparisons of an elementwise microkernel with the scalar one (ADD/SUB by the linear form, MUL), shared by the C microkernel checks. Include after check_random.h, gml_dwconv_elementwise.h and memcmp's and memset's declarations.
#ifndef GML_CHECK_VBINARY_H
#define GML_CHECK_VBINARY_H

#include <stdint.h>

// TFLite's QuantizeMultiplier for 0 < real < 2^31 (no libm: exact doublings).
static void quantize_multiplier(double real, int32_t *multiplier, int32_t *left, int32_t *right) {
  int shift = 0;
  while (real < 0.5) real *= 2, shift--;
  while (real >= 1.0) real /= 2, shift++;
  int64_t q = (int64_t)(real * 2147483648.0 + 0.5);
  if (q == ((int64_t)1 << 31)) q /= 2, shift++;
  *multiplier = (int32_t)q;
  *left = shift > 0 ? shift : 0;
  *right = shift > 0 ? 0 : -shift;
}

// A scale as models have: 2^-k times a mantissa that is often a few bits
// (equal or simply related scales, where the roundings meet ties).
static double random_scale(void) {
  double mantissa = between(0, 1) ? 1.0 + between(0, 7) / 8.0 : 1.0 + between(0, 99999) / 1e5;
  return mantissa / (double)(1 << between(2, 9));
}

// ADD/SUB/MUL parameters as TFLite's Prepare derives them from scales.
static void tflite_vbinary_params(gml_qs8_vbinary_params *p) {
  double s1 = random_scale(), s2 = random_scale(), so = random_scale();
  if (p->operation == GML_QS8_MUL) {
    quantize_multiplier(s1 * s2 / so, &p->output_multiplier, &p->output_left, &p->output_right);
    return;
  }
  if (between(0, 2) == 0) s2 = s1;
  double twice_max = 2 * (s1 > s2 ? s1 : s2);
  quantize_multiplier(s1 / twice_max, &p->a_multiplier, &p->a_left, &p->a_right);
  quantize_multiplier(s2 / twice_max, &p->b_multiplier, &p->b_left, &p->b_right);
  quantize_multiplier(
      twice_max / ((double)(1 << 20) * so), &p->output_multiplier, &p->output_left,
      &p->output_right);
}

// Case `it`'s parameters: the operation, offsets, multipliers, shifts and
// clamp at random (every other case from scales, as TFLite derives them),
// without a linear form (linear_shift 0).
static void vbinary_random_params(int it, gml_qs8_vbinary_params *p) {
  p->operation = between(0, 2);
  p->a_offset = -between(-128, 127), p->b_offset = -between(-128, 127);
  p->left_shift = p->operation == GML_QS8_MUL ? 0 : 20;
  p->a_multiplier = (int32_t)(0x40000000u + (uint32_t)(next() % 0x40000000u));
  p->b_multiplier = (int32_t)(0x40000000u + (uint32_t)(next() % 0x40000000u));
  p->output_multiplier = (int32_t)(0x40000000u + (uint32_t)(next() % 0x40000000u));
  if (between(0, 20) == 0) p->output_multiplier = 0;
  p->a_left = p->b_left = 0, p->a_right = between(0, 31), p->b_right = between(0, 31);
  int32_t shift = p->operation == GML_QS8_MUL ? between(-31, 30) : between(-31, 1);
  p->output_left = shift > 0 ? shift : 0, p->output_right = shift > 0 ? 0 : -shift;
  p->output_zero_point = between(-128, 127), p->min = -128, p->max = 127;
  if (it % 4 == 1) p->min = between(-128, 0), p->max = between(p->min, 127);
  /* Every other case from scales, as models have them: outputs inside
     the range, so every rounding shows. */
  if (it % 2 == 0) tflite_vbinary_params(p);
  /* Sometimes ADDs of operands at or below their zero points into an
     output at -128: every output at the clamp's minimum. */
  if (it % 16 == 8 && p->operation == GML_QS8_ADD) {
    p->a_offset = p->b_offset = -127, p->output_zero_point = -128, p->min = -128;
  }
  p->linear_shift = 0;
}

// `kernel` against gml_qs8_vbinary_scalar on the four shapes of one
// case: 0-70 values, each operand a run or broadcast. Returns 1 on a
// differing byte or one written past the run; *runs counts the runs.
static inline int vbinary_shapes_differ(gml_qs8_vbinary_fn kernel,
                                        const gml_qs8_vbinary_params *p, int *runs) {
  for (int shape = 0; shape < 4; shape++, (*runs)++) {
    size_t n = (size_t)between(0, 70), a_step = shape != 1, b_step = shape != 2;
    if (shape == 3) a_step = b_step = (size_t)(between(0, 3) != 0);
    int8_t a[80], b[80], expected[80], got[80];
    for (int i = 0; i < 80; i++) {
      a[i] = (int8_t)between(-128, 127), b[i] = (int8_t)between(-128, 127);
    }
    gml_qs8_vbinary_scalar(n, a, a_step, b, b_step, expected, p);
    memset(got, 0x55, sizeof got);
    kernel(n, a, a_step, b, b_step, got, p);
    if (memcmp(expected, got, n) != 0 || got[n] != 0x55) return 1;
  }
  return 0;
}

// `kernel` against gml_qs8_vbinary_scalar on `cases` runs of ADD/SUB
// cases that have a linear form (each search takes a while: 65536 pairs),
// a third with a clamp inside int8. Returns the first case with a
// differing byte or one written past the run, else -1; *runs: the runs
// made.
static inline int vbinary_linear_mismatch(gml_qs8_vbinary_fn kernel, int cases, int *runs) {
  *runs = 0;
  for (int it = 0; *runs < cases && it < 50 * cases; it++) {
    gml_qs8_vbinary_params p;
    vbinary_random_params(2 * it, &p); /* from scales: most have a form */
    if (it % 3 == 1) p.min = between(-128, 0), p.max = between(p.min, 127);
    if (p.operation == GML_QS8_MUL || !gml_qs8_vbinary_linear(&p)) continue;
    if (vbinary_shapes_differ(kernel, &p, runs)) return it;
  }
  return -1;
}

// The same for MUL: `cases` runs, multipliers from scales and raw ones
// with left and right shifts (a zero multiplier now and then), clamps
// inside int8 a quarter of the time.
static inline int vbinary_mul_mismatch(gml_qs8_vbinary_fn kernel, int cases, int *runs) {
  *runs = 0;
  for (int it = 0; *runs < cases; it++) {
    gml_qs8_vbinary_params p;
    do vbinary_random_params(it, &p); while (p.operation != GML_QS8_MUL);
    if (vbinary_shapes_differ(kernel, &p, runs)) return it;
  }
  return -1;
}

#endif
