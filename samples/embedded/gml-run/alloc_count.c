// samples/embedded/gml-run/alloc_count.c — counts the heap allocations of gml-run's own code: linked with -Wl,--wrap for each allocator.
// --wrap redirects only the references from gml-run's objects (the Swift
// runtime and program), not libc's internal ones (stdio's buffers).
#include <stddef.h>

#include "../common/embedded.h"

static unsigned long long allocations;

unsigned long long gml_allocation_count(void) { return allocations; }

int __real_posix_memalign(void **pointer, size_t alignment, size_t size);
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void *__real_aligned_alloc(size_t alignment, size_t size);

int __wrap_posix_memalign(void **pointer, size_t alignment, size_t size) {
  allocations++;
  return __real_posix_memalign(pointer, alignment, size);
}

void *__wrap_malloc(size_t size) {
  allocations++;
  return __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size) {
  allocations++;
  return __real_calloc(count, size);
}

void *__wrap_realloc(void *pointer, size_t size) {
  allocations++;
  return __real_realloc(pointer, size);
}

void *__wrap_aligned_alloc(size_t alignment, size_t size) {
  allocations++;
  return __real_aligned_alloc(alignment, size);
}
