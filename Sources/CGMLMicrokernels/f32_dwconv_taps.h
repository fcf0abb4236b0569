/*
 * f32_dwconv_taps.h — the taps of a depthwise window that fall inside the
 * input, shared by the float depthwise kernels (f32_dwconv_*.c).
 */
#ifndef GML_F32_DWCONV_TAPS_H
#define GML_F32_DWCONV_TAPS_H

#include <stddef.h>

/* The first and one-past-last tap k whose input position
   origin + k * dilation lies in [0, size). */
static inline void gml_f32_taps_inside(ptrdiff_t origin, size_t dilation, size_t size, size_t taps,
                                       size_t *first, size_t *end) {
  size_t k = 0;
  while (k < taps && origin + (ptrdiff_t)(k * dilation) < 0) k++;
  size_t e = k;
  while (e < taps && origin + (ptrdiff_t)(e * dilation) < (ptrdiff_t)size) e++;
  *first = k;
  *end = e;
}

#endif
