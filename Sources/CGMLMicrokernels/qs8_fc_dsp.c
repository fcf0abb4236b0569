/*
 * qs8_fc_dsp.c — int8 FullyConnected on the Cortex-M DSP extension
 * (gml_dsp.h): two output channels a step, 4 k at a time: the input's
 * bytes widened once with its offset added (SXTAB16: even bytes, odd
 * bytes), each channel's weights likewise, two SMLAD per channel; the
 * weights read in place. Then LiteRT's double-precision rescale, in
 * integers where they decide it (gml_qs8_fp64_int: no soft-float call on
 * a core without a double FPU but for products within a hair of a half).
 */
#include "gml_dsp.h"
#include "qs8_dsp.h"
#include "qs8_requant.h"

/* The tail k of a sum of (x + x_offset) * (w + w_offset), wrapping. */
static int32_t tail(const int8_t *x, const int8_t *w, size_t from, size_t depth, int32_t acc,
                    int32_t x_offset, int32_t w_offset) {
  for (size_t k = from; k < depth; k++) {
    acc = (int32_t)((uint32_t)acc + (uint32_t)((x[k] + x_offset) * (w[k] + w_offset)));
  }
  return acc;
}

/* Four k of channels w0 and w1 into a0 and a1, the weights widened by
   EVEN and ODD (bytes 0 and 2, bytes 1 and 3). */
#define GML_FC_STEP(x, w0, w1, a0, a1, EVEN, ODD)                                               \
  do {                                                                                         \
    uint32_t xv = gml_dsp_load32(x), v0 = gml_dsp_load32(w0), v1 = gml_dsp_load32(w1);       \
    uint32_t xe = gml_dsp_sxtab16(x_offsets, xv), xo = gml_dsp_sxtab16_odd(x_offsets, xv);   \
    a0 = gml_dsp_smlad(xe, EVEN(v0), a0);                                                      \
    a0 = gml_dsp_smlad(xo, ODD(v0), a0);                                                       \
    a1 = gml_dsp_smlad(xe, EVEN(v1), a1);                                                      \
    a1 = gml_dsp_smlad(xo, ODD(v1), a1);                                                       \
  } while (0)

/* Sums of two channels (weights w0 and w1) over the first depth & ~3 k,
   starting from acc[0..1]; 8 k a loop step. */
#define GML_FC_DOT2(EVEN, ODD)                                                                 \
  int32_t a0 = acc[0], a1 = acc[1];                                                            \
  const int8_t *end8 = x + (depth & ~(size_t)7);                                              \
  while (x != end8) {                                                                          \
    GML_FC_STEP(x, w0, w1, a0, a1, EVEN, ODD);                                                 \
    GML_FC_STEP(x + 4, w0 + 4, w1 + 4, a0, a1, EVEN, ODD);                                     \
    x += 8, w0 += 8, w1 += 8;                                                                  \
  }                                                                                            \
  if (depth & 4) GML_FC_STEP(x, w0, w1, a0, a1, EVEN, ODD);                                    \
  acc[0] = a0, acc[1] = a1

/* The weights with their offset added. */
#define GML_FC_W_EVEN(v) gml_dsp_sxtab16(w_offsets, v)
#define GML_FC_W_ODD(v) gml_dsp_sxtab16_odd(w_offsets, v)

__attribute__((noinline)) static void dot2(const int8_t *x, const int8_t *w0, const int8_t *w1, size_t depth,
                 uint32_t x_offsets, uint32_t w_offsets, int32_t *acc) {
  GML_FC_DOT2(GML_FC_W_EVEN, GML_FC_W_ODD);
}

/* The same for symmetric weights (per-channel, or a zero point of 0),
   one register fewer. */
__attribute__((noinline)) static void dot2_symmetric(const int8_t *x, const int8_t *w0, const int8_t *w1, size_t depth,
                           uint32_t x_offsets, int32_t *acc) {
  GML_FC_DOT2(gml_dsp_sxtb16, gml_dsp_sxtb16_odd);
}

void gml_qs8_fc_dsp(const gml_qs8_dsp_fc *fc, const int8_t *input, const int8_t *weights,
                    const int32_t *bias, const double *scales, int8_t *output) {
  gml_qs8_dsp_fc f = *fc; /* stores through int8_t may alias *fc */
  gml_qs8_params clamp = {GML_QS8_FP64, f.output_offset, f.min, f.max};
  uint32_t x_offsets = ((uint32_t)f.input_offset & 0xFFFFu) * 0x10001u;
  uint32_t w_offsets = ((uint32_t)f.weights_offset & 0xFFFFu) * 0x10001u;
  size_t depth = (size_t)f.depth, channels = (size_t)f.channels, body = depth & ~(size_t)3;
  for (size_t r = 0; r < (size_t)f.rows; r++, input += depth) {
    for (size_t c = 0; c < channels; c += 2) {
      size_t c1 = c + 1 < channels ? c + 1 : c; /* an odd last channel: twice */
      const int8_t *w0 = weights + c * depth, *w1 = weights + c1 * depth;
      int32_t acc[2] = {bias ? bias[c] : 0, bias ? bias[c1] : 0};
      if (w_offsets == 0) {
        dot2_symmetric(input, w0, w1, depth, x_offsets, acc);
      } else {
        dot2(input, w0, w1, depth, x_offsets, w_offsets, acc);
      }
      for (size_t j = 0; j < 2 && c + j < channels; j++) {
        int32_t sum = tail(input, j ? w1 : w0, body, depth, acc[j], f.input_offset,
                           f.weights_offset);
        double scale = scales[c + j];
        int32_t y = gml_qs8_fp64_int(sum, gml_qs8_fp64_split_of(scale), scale);
        *output++ = gml_qs8_clamp(y, &clamp);
      }
    }
  }
}
