/*
 * qs8_dwconv.h — the depthwise packed block's offsets and the scalar
 * channel step every depthwise kernel ends with. Private to this folder.
 */
#ifndef GML_QS8_DWCONV_H
#define GML_QS8_DWCONV_H

#include "gml_dwconv_elementwise.h"
#include "qs8_requant.h"

/* Byte offsets in a block: bias terms, then the requantization fields
   (multiplier, left shift, right shift: qs8_requant.h's order), then the
   weights. */
enum { GML_QS8_DWCONV_REQUANT = 32, GML_QS8_DWCONV_WEIGHTS = 128 };

/* The bytes of one block of 8 channels. */
static inline size_t gml_qs8_dwconv_block_size(size_t taps) {
  return GML_QS8_DWCONV_WEIGHTS + 8 * taps;
}

/* Channels c0..<c0 + count (count <= 8) of the block at `block`, for one
   pixel whose tap t reads channel c at input[t][offset + c]: sum,
   requantize, store at output[c]. */
static inline void gml_qs8_dwconv_channels(
    size_t c0, size_t count, size_t taps, const int8_t *const *input, size_t offset,
    const unsigned char *block, int8_t *output, const gml_qs8_params *params) {
  const int8_t *w = (const int8_t *)(block + GML_QS8_DWCONV_WEIGHTS);
  for (size_t j = 0; j < count; j++) {
    int32_t term;
    __builtin_memcpy(&term, block + 4 * j, 4);
    uint32_t acc = (uint32_t)term;
    for (size_t t = 0; t < taps; t++) {
      acc += (uint32_t)((int32_t)w[t * 8 + j] * (int32_t)input[t][offset + c0 + j]);
    }
    output[c0 + j] =
        gml_qs8_requantize((int32_t)acc, block + GML_QS8_DWCONV_REQUANT, j, params);
  }
}

/* Whether the taps of each row of a 3x3 filter (9 pointers, row by row)
   are neighbouring pixels (dilation 1), `column` bytes apart: the runs
   the 3x3 kernels slide along. */
static inline int gml_qs8_dwconv_dense_3x3(const int8_t *const *in, size_t column) {
  for (int ky = 0; ky < 3; ky++) {
    if (in[3 * ky + 1] != in[3 * ky] + column || in[3 * ky + 2] != in[3 * ky + 1] + column) {
      return 0;
    }
  }
  return 1;
}

#endif
