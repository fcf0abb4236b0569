// tools/check_fc.h — a random FullyConnected case's parameters and its expected output (the reference's sums and LiteRT's double rescale), shared by tools/dsp_check.c and tools/helium_check.c, and one case run through the kernel. Include after check_random.h and the declarations of malloc, free and memcmp.
#ifndef GML_CHECK_FC_H
#define GML_CHECK_FC_H

#include <stddef.h>
#include <stdint.h>

#include "gml_dsp.h"
#include "qs8_requant.h"

/* Random parameters: 1-4 rows, depths off the 4-k and 16-byte steps, a
   weight zero point half the time, the whole int8 clamp (the SSAT path)
   half the time. */
static gml_qs8_dsp_fc fc_random_params(void) {
  gml_qs8_dsp_fc f = {between(1, 4), between(1, 80), between(1, 20), -between(-128, 127),
                      between(0, 1) ? 0 : -between(-128, 127), between(-128, 127), 0, 0};
  f.min = between(-128, 0), f.max = between(f.min, 127);
  if (between(0, 1)) f.min = -128, f.max = 127;
  return f;
}

/* rows x depth input, channels x depth weights, bias and double scales
   (channels each) into rows x channels outputs. */
static void fc_reference(const gml_qs8_dsp_fc *f, const int8_t *in, const int8_t *w,
                         const int32_t *bias, const double *scales, int8_t *out) {
  gml_qs8_params p = {GML_QS8_FP64, f->output_offset, f->min, f->max};
  for (int32_t r = 0; r < f->rows; r++) {
    for (int32_t c = 0; c < f->channels; c++) {
      uint32_t acc = (uint32_t)bias[c];
      for (int32_t k = 0; k < f->depth; k++) {
        acc += (uint32_t)((in[r * f->depth + k] + f->input_offset) *
                          (w[c * f->depth + k] + f->weights_offset));
      }
      *out++ = gml_qs8_clamp(gml_qs8_fp64((int32_t)acc, scales[c]), &p);
    }
  }
}

/* x * 2^e, exactly (no libm on the board). */
static double fc_times_pow2(double x, int e) {
  for (; e > 0; e--) x *= 2;
  for (; e < 0; e++) x /= 2;
  return x;
}

/* One random case run through gml_qs8_fc_dsp against fc_reference: its
   parameters in *f; `wide`: biases over all of int32 and scales from
   1e-9 up to 4 (else biases shifted down 0-16 bits, scales 1e-9 to 1).
   Returns 1 where a byte differs. Needs malloc, free and memcmp. */
static int fc_case_differs(int wide, gml_qs8_dsp_fc *f) {
  *f = fc_random_params();
  int extremes = between(0, 4) == 0;
  size_t in_n = (size_t)f->rows * f->depth, w_n = (size_t)f->channels * f->depth;
  size_t out_n = (size_t)f->rows * f->channels;
  int8_t *in = malloc(in_n), *w = malloc(w_n), *want = malloc(out_n), *got = malloc(out_n);
  int32_t bias[20];
  double scales[20];
  for (size_t i = 0; i < in_n; i++) in[i] = random_byte(extremes);
  for (size_t i = 0; i < w_n; i++) w[i] = random_byte(extremes);
  for (int32_t c = 0; c < f->channels; c++) {
    if (wide) {
      bias[c] = (int32_t)next();
      if (between(0, 1)) {
        scales[c] = (double)(next() % 1000000) * 1e-9;
      } else {
        double fraction = (double)(next() % 1000000 + 1) * 1e-6;
        scales[c] = fc_times_pow2(fraction, between(-12, 2));
      }
    } else {
      bias[c] = (int32_t)next() >> between(0, 16);
      scales[c] = (double)(next() % 1000000 + 1) * (between(0, 1) ? 1e-9 : 1e-6);
    }
  }
  fc_reference(f, in, w, bias, scales, want);
  gml_qs8_fc_dsp(f, in, w, bias, scales, got);
  int bad = memcmp(got, want, out_n) != 0;
  free(in), free(w), free(want), free(got);
  return bad;
}

#endif
