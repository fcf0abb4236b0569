// samples/embedded/common/embedded.h — what the C side of every embedded gml-run gives its Swift code.
#ifndef GML_EMBEDDED_H
#define GML_EMBEDDED_H

/// Heap allocations made so far by the program's Swift code (posix_memalign,
/// malloc, calloc, realloc, aligned_alloc): read before and after invoke().
unsigned long long gml_allocation_count(void);

#endif
