/*
 * gml_conv.h — int8 Conv2D read in place by dot-product tiles (no im2col
 * copy), for convolutions without horizontal dilation: a filter row's
 * taps are filter_w * input_depth contiguous bytes of the input, so a
 * tile reads each output pixel's window through one pointer per pixel
 * plus one offset per filter row (gml_qs8_conv_run), as XNNPACK's
 * indirect GEMM does with a pointer per tap. Each row is read as
 * row_bytes4 bytes (filter_w * input_depth rounded up to 4): the bytes past
 * the row meet zero weights. When the convolution pads, or those bytes
 * could run past the input, the tile reads a zero-point padded copy with
 * slack at its end (gml_qs8_conv_pad).
 *
 * The packed weights are a GEMM's (gml_qs8_gemm_pack) over K = filter_h *
 * row_bytes4, each filter row's weights followed by zeros up to
 * row_bytes4; kc, the packed depth, is K rounded up to 8.
 */
#ifndef GML_CONV_H
#define GML_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "gml_microkernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most filter rows a direct tile takes (taller filters use im2col). */
#define GML_QS8_CONV_MAX_ROWS 64

/* The most output pixels gml_qs8_conv_run passes a tile in one call. */
#define GML_QS8_CONV_MAX_PIXELS 64

/* What a direct tile reads: the buffer's geometry and the filter's. */
typedef struct gml_qs8_conv_geometry {
  int32_t image_h, image_w; /* of the buffer read: padded, or the input */
  int32_t depth;            /* bytes per pixel there: the input's channels */
  int32_t row_bytes4;       /* bytes read per filter row: K per row, % 4 == 0 */
  int32_t filter_h;
  int32_t stride_h, stride_w;
  int32_t dilation_h;
  int32_t output_h, output_w;
} gml_qs8_conv_geometry;

/*
 * A direct tile: mr (<= its MR) output pixels whose windows start at
 * origins[0..mr-1]; filter row t of each at offsets[t] bytes from there,
 * row_bytes4 bytes; all nc packed channels (kc the packed depth, for the
 * block size); rows of C c_stride bytes apart.
 */
typedef void (*gml_qs8_conv_fn)(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);

/* filter_w * input_depth rounded up to 4: the bytes a tile reads per row. */
size_t gml_qs8_conv_row_bytes(const gml_qs8_window *window);

/* Whether a tile reads `window`'s input in place: no padding, and whole
   rows of 4 bytes (no read past a row's taps). */
int gml_qs8_conv_reads_in_place(const gml_qs8_window *window);

/*
 * Copies `batches` images of `window`'s input into `out` as the padded
 * buffer a direct tile reads: image_h x image_w pixels of input_depth
 * bytes, the input where it lies and its zero point around it (the border
 * the convolution pads with), then 4 bytes of slack; every byte xor `flip`
 * (0, or 0x80: a + 128 as unsigned, for a tile that reads them so).
 * Returns the geometry to read it with. gml_qs8_conv_padded_size gives
 * the bytes.
 */
gml_qs8_conv_geometry gml_qs8_conv_pad(
    const gml_qs8_window *window, size_t batches, const int8_t *input, int8_t *out,
    uint8_t flip);

/* The bytes gml_qs8_conv_pad writes. */
size_t gml_qs8_conv_padded_size(const gml_qs8_window *window, size_t batches);

/* The geometry gml_qs8_conv_pad returns, without copying. */
gml_qs8_conv_geometry gml_qs8_conv_padded_geometry(const gml_qs8_window *window);

/* The geometry to read the input in place with (gml_qs8_conv_reads_in_place). */
gml_qs8_conv_geometry gml_qs8_conv_in_place(const gml_qs8_window *window);

/*
 * Runs `kernel` (MR mr, at most GML_QS8_CONV_MAX_PIXELS) over `count`
 * output pixels from *pixel on (NHW order; advanced past them) reading
 * `buffer` with geometry g: their windows' origins and the taps' offsets
 * are worked out here, MR pixels per call. Writes C from c on, a row per
 * pixel, c_stride bytes apart.
 */
void gml_qs8_conv_run(
    const gml_qs8_conv_geometry *g, gml_qs8_conv_fn kernel, size_t mr, const int8_t *buffer,
    gml_qs8_pixel *pixel, size_t count, size_t nc, size_t kc, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* x86-64 with AVX-512 VNNI: 8 pixels x 16 channels, C4X16_U8; the _u8
   form reads a copy padded with flip 0x80 (its bytes already a + 128). */
void gml_qs8_conv_8x16c4_avx512vnni(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);
void gml_qs8_conv_8x16c4_avx512vnni_u8(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);

/* What the hybrid Conv2D's output stage takes (gml_qd8_conv_output_*,
   gml_f32.h): out = clamp((float)(sum - zero_point * row_sums[c]) *
   filter_scales[c * scale_step] * input_scale + bias[c], lo, hi), each
   step rounded, bias NULL for none. */
typedef struct gml_qd8_conv_output {
  const int32_t *row_sums; /* per output channel, the sum of its weights */
  int32_t zero_point;      /* the input's, plus the kernel's row offset (128) */
  const float *filter_scales;
  size_t scale_step; /* 0: one scale; 1: one per channel */
  float input_scale;
  const float *bias;
  float lo, hi;
} gml_qd8_conv_output;

/* The hybrid Conv2D on AVX-512 VNNI (x86-64 only; elsewhere nothing):
   `count` output pixels from *pixel on (advanced past them), their
   windows read from `buffer` with geometry g as gml_qs8_conv_run gives a
   direct tile them, summed as (a + 128) * w over weights packed by
   gml_qd8_gemm_pack_c4x16 with k = filter_h * row_bytes4 (each filter
   row's weights followed by zeros up to row_bytes4), 8 pixels x 16
   channels a tile; then the output stage `o` in registers, n floats a
   pixel from `out` on. */
void gml_qd8_conv_f32_8x16c4_avx512vnni(const gml_qs8_conv_geometry *g, const int8_t *buffer,
                                        gml_qs8_pixel *pixel, size_t count, size_t n,
                                        const int8_t *packed, const gml_qd8_conv_output *o,
                                        float *out);

/* AArch64, plain NEON: 4 pixels x 16 channels, C2X16_MLSL; any MR (a call's setup
   shared by its groups of 4). */
void gml_qs8_conv_4x16c2_neonmlsl(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);

/* AArch64 with the dot product: 4 pixels x 16 channels, C4X16; MR 16. */
void gml_qs8_conv_4x16c4_neondot(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);

/* AArch64 with I8MM: 4 pixels x 16 channels, C8 (two blocks at a time);
   MR 16. */
void gml_qs8_conv_4x16c8_neoni8mm(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t rows, size_t row_bytes4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);

#ifdef __cplusplus
}
#endif

#endif
