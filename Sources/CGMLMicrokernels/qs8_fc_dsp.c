/*
 * qs8_fc_dsp.c — int8 FullyConnected on the Cortex-M DSP extension
 * (gml_dsp.h): per output channel, 4 k a step, the input's and the
 * weights' bytes widened with their offsets added (SXTAB16: even bytes,
 * odd bytes) and two SMLAD; the weights read in place. Then LiteRT's
 * double-precision rescale as the reference does it (gml_qs8_fp64).
 */
#include "gml_dsp.h"
#include "qs8_dsp.h"
#include "qs8_requant.h"

/* The sum over `depth` of (x + x_offset) * (w + w_offset), wrapping. */
static int32_t dot(const int8_t *x, const int8_t *w, size_t depth, uint32_t x_offsets,
                   uint32_t w_offsets, int32_t x_offset, int32_t w_offset) {
  int32_t acc = 0;
  size_t k = 0;
  for (; k + 4 <= depth; k += 4) {
    uint32_t a = gml_dsp_load32(x + k), b = gml_dsp_load32(w + k);
    acc = gml_dsp_smlad(gml_dsp_sxtab16(x_offsets, a), gml_dsp_sxtab16(w_offsets, b), acc);
    acc = gml_dsp_smlad(gml_dsp_sxtab16_odd(x_offsets, a), gml_dsp_sxtab16_odd(w_offsets, b), acc);
  }
  for (; k < depth; k++) {
    acc = (int32_t)((uint32_t)acc + (uint32_t)((x[k] + x_offset) * (w[k] + w_offset)));
  }
  return acc;
}

void gml_qs8_fc_dsp(const gml_qs8_dsp_fc *fc, const int8_t *input, const int8_t *weights,
                    const int32_t *bias, const double *scales, int8_t *output) {
  gml_qs8_dsp_fc f = *fc; /* stores through int8_t may alias *fc */
  gml_qs8_params clamp = {GML_QS8_FP64, f.output_offset, f.min, f.max};
  uint32_t x_offsets = ((uint32_t)f.input_offset & 0xFFFFu) * 0x10001u;
  uint32_t w_offsets = ((uint32_t)f.weights_offset & 0xFFFFu) * 0x10001u;
  size_t depth = (size_t)f.depth, channels = (size_t)f.channels;
  for (size_t r = 0; r < (size_t)f.rows; r++, input += depth) {
    for (size_t c = 0; c < channels; c++) {
      int32_t acc = dot(input, weights + c * depth, depth, x_offsets, w_offsets, f.input_offset,
                        f.weights_offset);
      if (bias) acc = (int32_t)((uint32_t)acc + (uint32_t)bias[c]);
      *output++ = gml_qs8_clamp(gml_qs8_fp64(acc, scales[c]), &clamp);
    }
  }
}
