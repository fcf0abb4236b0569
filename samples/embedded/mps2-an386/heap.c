// samples/embedded/mps2-an386/heap.c — the heap: a bump allocator over the RAM between .bss and the stack, counting every allocation.
// Freeing the newest block gives its memory back; any other free only
// updates the figures. Enough for a program that prepares once and then
// only runs: the interpreter allocates nothing inside invoke(). The live
// peak (the most bytes allocated and not yet freed) is what an allocator
// that reuses freed blocks would need, fragmentation aside.
#include <stddef.h>

#include "board.h"

extern unsigned char __heap_start[], __heap_end[];

/// Before each block: its size and the top of the heap before it.
typedef struct {
  unsigned long size;
  unsigned char *previousTop;
} BlockHeader;

static unsigned char *top = __heap_start;
static unsigned long long allocations;
static unsigned long peak, live, livePeak;

unsigned long long gml_allocation_count(void) { return allocations; }
unsigned long board_heap_peak(void) { return peak; }
unsigned long board_heap_live_peak(void) { return livePeak; }
unsigned long board_heap_capacity(void) { return (unsigned long)(__heap_end - __heap_start); }

int posix_memalign(void **result, size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) return 22;  // EINVAL
  if (alignment < 8) alignment = 8;
  unsigned long start = (unsigned long)top + sizeof(BlockHeader) + alignment - 1;
  start &= ~(alignment - 1);
  unsigned long end = (start + size + 7) & ~7ul;
  if (end < start || end > (unsigned long)__heap_end) return 12;  // ENOMEM
  BlockHeader *header = (BlockHeader *)start - 1;
  header->size = end - start;
  header->previousTop = top;
  top = (unsigned char *)end;
  allocations++;
  unsigned long used = (unsigned long)(top - __heap_start);
  if (used > peak) peak = used;
  live += header->size;
  if (live > livePeak) livePeak = live;
  *result = (void *)start;
  return 0;
}

void *malloc(size_t size) {
  void *p;
  return posix_memalign(&p, 8, size) == 0 ? p : 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
  void *p;
  return posix_memalign(&p, alignment, size) == 0 ? p : 0;
}

void *calloc(size_t count, size_t size) {
  size_t bytes = count * size;
  if (size != 0 && bytes / size != count) return 0;
  unsigned char *p = malloc(bytes);
  if (p) {
    for (size_t i = 0; i < bytes; i++) p[i] = 0;
  }
  return p;
}

void free(void *pointer) {
  if (!pointer) return;
  BlockHeader *header = (BlockHeader *)pointer - 1;
  live -= header->size;
  if ((unsigned char *)pointer + header->size == top) top = header->previousTop;
}
