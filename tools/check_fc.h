// tools/check_fc.h — a random FullyConnected case's parameters and its expected output (the reference's sums and LiteRT's double rescale), shared by tools/dsp_check.c and tools/helium_check.c. Include after check_random.h.
#ifndef GML_CHECK_FC_H
#define GML_CHECK_FC_H

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

#endif
