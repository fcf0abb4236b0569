/*
 * im2col.c — gml_im2col (gml_f32.h): the windows of a convolution's output
 * pixels copied out as GEMM rows (float32 for the fast float Conv2D, int8
 * for the hybrid one), a window row inside the input at dilation 1 as one
 * contiguous copy; and gml_conv_indirection, the same windows as pointers
 * to their input pixels (zeros for the padding), copying nothing.
 */

#include "gml_f32.h"

/* memcpy for the short runs of a window (a stem's 3 taps of 3 floats, 36
   bytes): 16, 8 or 4 bytes at a time, the last piece overlapping the one
   before, instead of a call into the C library per run. */
static inline void copy_run(unsigned char *to, const unsigned char *from, size_t n) {
  if (n >= 16) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) __builtin_memcpy(to + i, from + i, 16);
    if (i < n) __builtin_memcpy(to + n - 16, from + n - 16, 16);
  } else if (n >= 8) {
    __builtin_memcpy(to, from, 8);
    __builtin_memcpy(to + n - 8, from + n - 8, 8);
  } else if (n >= 4) {
    __builtin_memcpy(to, from, 4);
    __builtin_memcpy(to + n - 4, from + n - 4, 4);
  } else {
    for (size_t i = 0; i < n; i++) to[i] = from[i];
  }
}

void gml_im2col(const gml_window_params *p, const void *input_bytes, size_t size,
                unsigned char pad, size_t first, size_t count, void *row_bytes) {
  const unsigned char *input = input_bytes;
  unsigned char *rows = row_bytes;
  const size_t cc = p->channels * size, span = p->filter_w * cc;
  const size_t plane = p->output_h * p->output_w;
  for (size_t r = 0; r < count; r++) {
    size_t pixel = first + r, image = pixel / plane, at = pixel % plane;
    size_t oy = at / p->output_w, ox = at % p->output_w;
    const unsigned char *base = input + image * p->input_h * p->input_w * cc;
    ptrdiff_t origin_x = (ptrdiff_t)(ox * p->stride_w) - p->pad_left;
    int row_inside = p->dilation_w == 1 && origin_x >= 0 &&
                     origin_x + (ptrdiff_t)p->filter_w <= (ptrdiff_t)p->input_w;
    unsigned char *out = rows + r * p->filter_h * span;
    for (size_t ky = 0; ky < p->filter_h; ky++, out += span) {
      ptrdiff_t iy = (ptrdiff_t)(oy * p->stride_h) - p->pad_top + (ptrdiff_t)(ky * p->dilation_h);
      if (iy < 0 || iy >= (ptrdiff_t)p->input_h) {
        __builtin_memset(out, pad, span);
      } else if (row_inside) {
        copy_run(out, base + ((size_t)iy * p->input_w + (size_t)origin_x) * cc, span);
      } else {
        for (size_t kx = 0; kx < p->filter_w; kx++) {
          ptrdiff_t ix = origin_x + (ptrdiff_t)(kx * p->dilation_w);
          if (ix < 0 || ix >= (ptrdiff_t)p->input_w) {
            __builtin_memset(out + kx * cc, pad, cc);
          } else {
            const unsigned char *from = base + ((size_t)iy * p->input_w + (size_t)ix) * cc;
            copy_run(out + kx * cc, from, cc);
          }
        }
      }
    }
  }
}

/* Taps whose steps from a window's origin gml_conv_indirection lists once
   (a 7x7 filter's); larger filters take the tap-by-tap path. */
#define GML_INDIRECTION_MAX_TAPS 49

void gml_conv_indirection(const gml_window_params *p, const void *input_bytes, size_t size,
                          const void *zeros, size_t first, size_t count, const void **out) {
  /* The geometry in locals: the pointers' stores could alias *p. */
  const unsigned char *input = input_bytes;
  const size_t fh = p->filter_h, fw = p->filter_w, dh = p->dilation_h, dw = p->dilation_w;
  const size_t sh = p->stride_h, sw = p->stride_w, oh = p->output_h, ow = p->output_w;
  const ptrdiff_t ih = (ptrdiff_t)p->input_h, iw = (ptrdiff_t)p->input_w;
  const ptrdiff_t top = p->pad_top, left = p->pad_left;
  const size_t cc = p->channels * size, line = (size_t)iw * cc, image_size = (size_t)ih * line;
  const ptrdiff_t span_y = (ptrdiff_t)((fh - 1) * dh), span_x = (ptrdiff_t)((fw - 1) * dw);
  const size_t taps = fh * fw;
  /* Each tap's step from the window's origin, for windows wholly inside. */
  size_t step[GML_INDIRECTION_MAX_TAPS];
  const int listed = taps <= GML_INDIRECTION_MAX_TAPS;
  for (size_t ky = 0, t = 0; listed && ky < fh; ky++) {
    for (size_t kx = 0; kx < fw; kx++, t++) step[t] = ky * dh * line + kx * dw * cc;
  }
  size_t image = first / (oh * ow), oy = first % (oh * ow) / ow, ox = first % ow;
  for (size_t r = 0; r < count; r++) {
    const unsigned char *base = input + image * image_size;
    ptrdiff_t iy0 = (ptrdiff_t)(oy * sh) - top, ix0 = (ptrdiff_t)(ox * sw) - left;
    if (listed && iy0 >= 0 && iy0 + span_y < ih && ix0 >= 0 && ix0 + span_x < iw) {
      const unsigned char *origin = base + (size_t)iy0 * line + (size_t)ix0 * cc;
      for (size_t t = 0; t < taps; t++) out[t] = origin + step[t];
      out += taps;
    } else {
      for (size_t ky = 0; ky < fh; ky++) {
        ptrdiff_t iy = iy0 + (ptrdiff_t)(ky * dh);
        for (size_t kx = 0; kx < fw; kx++, out++) {
          ptrdiff_t ix = ix0 + (ptrdiff_t)(kx * dw);
          int inside = iy >= 0 && iy < ih && ix >= 0 && ix < iw;
          *out = inside ? base + (size_t)iy * line + (size_t)ix * cc : zeros;
        }
      }
    }
    if (++ox == ow) {
      ox = 0;
      if (++oy == oh) oy = 0, image++;
    }
  }
}
