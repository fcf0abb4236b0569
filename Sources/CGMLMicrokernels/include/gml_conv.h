/*
 * gml_conv.h — int8 Conv2D read in place by dot-product tiles (no im2col
 * copy): the input, zero-point padded and its channels rounded up to 4
 * when the convolution needs it (gml_qs8_conv_pad), then a tile that reads
 * each output pixel's window through one pointer per pixel plus one
 * offset per filter tap (gml_qs8_conv_run), as XNNPACK's indirect GEMM
 * does with a pointer per tap.
 *
 * The packed weights are a GEMM's (gml_qs8_gemm_pack) over K = taps *
 * depth4, in [tap][channel] order with the channels of each tap rounded
 * up to depth4 (a multiple of 4) by zero weights; the tiles need no
 * reduction padding past it (kc, the packed depth, is K rounded to 8).
 */
#ifndef GML_CONV_H
#define GML_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "gml_microkernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most filter taps a direct tile takes (larger filters use im2col). */
#define GML_QS8_CONV_MAX_TAPS 64

/* What a direct tile reads: the buffer's geometry and the filter's. */
typedef struct gml_qs8_conv_geometry {
  int32_t image_h, image_w; /* of the buffer read: padded, or the input */
  int32_t depth4;           /* bytes per pixel there: K per tap, % 4 == 0 */
  int32_t filter_h, filter_w;
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t output_h, output_w;
} gml_qs8_conv_geometry;

/*
 * A direct tile: mr (<= its MR) output pixels whose windows start at
 * origins[0..mr-1]; tap t of each at offsets[t] bytes from there, depth4
 * bytes; all nc packed channels (kc the packed depth, for the block
 * size); rows of C c_stride bytes apart.
 */
typedef void (*gml_qs8_conv_fn)(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t taps, size_t depth4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);

/*
 * Copies `batches` images of `window`'s input into `out` as the padded
 * buffer a direct tile reads: image_h x image_w pixels of depth4 bytes,
 * the input where it lies (its zero point on every other byte: the border
 * the convolution pads with, and the channels past input_depth). Returns
 * the geometry to read it with. gml_qs8_conv_padded_size gives the bytes.
 */
gml_qs8_conv_geometry gml_qs8_conv_pad(
    const gml_qs8_window *window, size_t batches, const int8_t *input, int8_t *out);

/* The bytes gml_qs8_conv_pad writes. */
size_t gml_qs8_conv_padded_size(const gml_qs8_window *window, size_t batches);

/* The rows and columns of each image of gml_qs8_conv_pad's copy. */
void gml_qs8_conv_padded_extent(const gml_qs8_window *window, int32_t *h, int32_t *w);

/* The geometry to read an unpadded input in place with (no padding, input
   depth a multiple of 4). */
gml_qs8_conv_geometry gml_qs8_conv_in_place(const gml_qs8_window *window);

/*
 * Runs `kernel` (MR mr) over `count` output pixels from *pixel on (NHW
 * order; advanced past them) reading `buffer` with geometry g: their
 * windows' origins and the taps' offsets are worked out here, MR pixels
 * per call. Writes C from c on, a row per pixel, c_stride bytes apart.
 */
void gml_qs8_conv_run(
    const gml_qs8_conv_geometry *g, gml_qs8_conv_fn kernel, size_t mr, const int8_t *buffer,
    gml_qs8_pixel *pixel, size_t count, size_t nc, size_t kc, const void *w, int8_t *c,
    size_t c_stride, const gml_qs8_params *params);

/* x86-64 with AVX-512 VNNI: 8 pixels x 16 channels, C4X16_U8. */
void gml_qs8_conv_8x16c4_avx512vnni(
    size_t mr, size_t nc, size_t kc, const int8_t *const *origins, const ptrdiff_t *offsets,
    size_t taps, size_t depth4, const void *w, int8_t *c, size_t c_stride,
    const gml_qs8_params *params);

#ifdef __cplusplus
}
#endif

#endif
