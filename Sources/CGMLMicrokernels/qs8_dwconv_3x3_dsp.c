/*
 * qs8_dwconv_3x3_dsp.c — int8 3x3 DepthwiseConv2D (depth multiplier 1)
 * on the Cortex-M DSP extension (gml_dsp.h). Four channels a step: their
 * nine taps' weights widened once (SXTB16: channels 0 and 2, 1 and 3)
 * onto the stack, then per output pixel each tap's four inputs widened
 * with the input offset added (SXTAB16) and one product per channel
 * (SMLABB, SMLATT). Taps in the padding are skipped, as the reference
 * skips them. The last 1-3 channels run the same loop, read byte by byte.
 */
#include "gml_dsp.h"
#include "qs8_dsp.h"

/* The window of output pixel (oy, ox): its first tap's input row and
   column, and the taps' range inside the image. */
typedef struct window {
  int32_t y0, x0, ky0, ky1, kx0, kx1;
} window;

static window window_at(const gml_qs8_dsp_conv *c, int32_t oy, int32_t ox) {
  window w = {oy * c->stride_h - c->pad_top, ox * c->stride_w - c->pad_left, 0, 3, 0, 3};
  while (w.ky0 < 3 && w.y0 + w.ky0 * c->dilation_h < 0) w.ky0++;
  while (w.ky1 > w.ky0 && w.y0 + (w.ky1 - 1) * c->dilation_h >= c->input_h) w.ky1--;
  while (w.kx0 < 3 && w.x0 + w.kx0 * c->dilation_w < 0) w.kx0++;
  while (w.kx1 > w.kx0 && w.x0 + (w.kx1 - 1) * c->dilation_w >= c->input_w) w.kx1--;
  return w;
}

/* `n` (1...4) bytes from p, zero-extended into a word: a whole word for
   4, else byte by byte (no byte past the last channel is read). */
static inline __attribute__((always_inline)) uint32_t load_channels(const int8_t *p, size_t n) {
  if (n == 4) return gml_dsp_load32(p);
  uint32_t v = 0;
  for (size_t j = 0; j < n; j++) v |= (uint32_t)(uint8_t)p[j] << (8 * j);
  return v;
}

/* Channels c4...c4+n-1 (n in 1...4) of every output pixel; inlined for
   n = 4, so the main path loads whole words. */
static inline __attribute__((always_inline)) void channels(
    const gml_qs8_dsp_conv *c, const int8_t *input, const int8_t *filter, const int32_t *bias,
    const int32_t *multipliers, int8_t *output, size_t c4, size_t n) {
  size_t depth = (size_t)c->output_depth;
  uint32_t w[18];
  for (size_t t = 0; t < 9; t++) {
    uint32_t x = load_channels(filter + t * depth + c4, n);
    w[2 * t] = gml_dsp_sxtb16(x);
    w[2 * t + 1] = gml_dsp_sxtb16_odd(x);
  }
  gml_dsp_rq rq[4];
  int32_t b[4] = {0, 0, 0, 0};
  for (size_t j = 0; j < n; j++) {
    rq[j] = gml_dsp_rq_make(multipliers + 2 * (c4 + j));
    if (bias) b[j] = bias[c4 + j];
  }
  uint32_t offsets = ((uint32_t)c->input_offset & 0xFFFFu) * 0x10001u;
  int full = gml_dsp_full_range(c);
  ptrdiff_t row = (ptrdiff_t)c->input_w * (ptrdiff_t)depth;
  ptrdiff_t step_x = (ptrdiff_t)depth * c->dilation_w;
  int8_t *out = output + c4;
  for (int32_t image = 0; image < c->batches; image++) {
    const int8_t *base = input + (size_t)image * (size_t)c->input_h * (size_t)row + c4;
    for (int32_t oy = 0; oy < c->output_h; oy++) {
      for (int32_t ox = 0; ox < c->output_w; ox++, out += depth) {
        window win = window_at(c, oy, ox);
        int32_t a[4] = {b[0], b[1], b[2], b[3]};
        for (int32_t ky = win.ky0; ky < win.ky1; ky++) {
          const int8_t *p = base + (win.y0 + ky * c->dilation_h) * row +
                            (ptrdiff_t)(win.x0 + win.kx0 * c->dilation_w) * (ptrdiff_t)depth;
          const uint32_t *wk = w + 2 * (3 * ky + win.kx0);
          for (int32_t kx = win.kx0; kx < win.kx1; kx++, p += step_x, wk += 2) {
            uint32_t v = load_channels(p, n);
            uint32_t even = gml_dsp_sxtab16(offsets, v), odd = gml_dsp_sxtab16_odd(offsets, v);
            a[0] = gml_dsp_smlabb(even, wk[0], a[0]);
            a[2] = gml_dsp_smlatt(even, wk[0], a[2]);
            a[1] = gml_dsp_smlabb(odd, wk[1], a[1]);
            a[3] = gml_dsp_smlatt(odd, wk[1], a[3]);
          }
        }
        for (size_t j = 0; j < n; j++) out[j] = gml_dsp_out(gml_dsp_rq_scale(a[j], rq[j]), c, full);
      }
    }
  }
}

void gml_qs8_dwconv_3x3_dsp(const gml_qs8_dsp_conv *conv, const int8_t *input,
                            const int8_t *filter, const int32_t *bias,
                            const int32_t *multipliers, int8_t *output) {
  size_t depth = (size_t)conv->output_depth, c = 0;
  for (; c + 4 <= depth; c += 4) channels(conv, input, filter, bias, multipliers, output, c, 4);
  if (c < depth) channels(conv, input, filter, bias, multipliers, output, c, depth - c);
}
