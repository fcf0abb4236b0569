// samples/embedded/mps2-an386/heap.c — the heap: first-fit over the RAM between .bss and the stack, reusing freed blocks, counting every allocation.
// The interpreter allocates nothing inside invoke(), and its arena is
// static (.bss), so the heap holds only its bookkeeping and the program's
// input and output arrays. Free blocks are kept in address order and
// merged with their neighbours; a free block at the top gives its memory
// back. The peak is the heap's high-water mark (what the board must
// reserve), the live peak the most bytes allocated at once (what any
// allocator needs, fragmentation aside).
#include <stddef.h>

#include "board.h"

extern unsigned char __heap_start[], __heap_end[];

/// Before each block's payload (8 bytes here: payloads and their sizes are
/// multiples of a header).
/// A free block: its payload size and the next free block, by address.
/// An allocated one: its payload size and its own address, or, before a
/// payload moved up for a larger alignment, the block that holds it.
typedef struct Header {
  unsigned long size;
  struct Header *link;
} Header;

static unsigned char *top = __heap_start;
static Header *freeList;
static unsigned long long allocations;
static unsigned long peak, live, livePeak;

unsigned long long gml_allocation_count(void) { return allocations; }
unsigned long board_heap_peak(void) { return peak; }
unsigned long board_heap_live_peak(void) { return livePeak; }
unsigned long board_heap_live(void) { return live; }
unsigned long board_heap_capacity(void) { return (unsigned long)(__heap_end - __heap_start); }

/// A block with at least `size` bytes of payload (a multiple of a header): the
/// first free one that fits, split when the rest can hold another, else
/// new memory at the top; 0 when the heap is full.
static Header *take(unsigned long size) {
  for (Header **link = &freeList; *link; link = &(*link)->link) {
    Header *block = *link;
    if (block->size < size) continue;
    if (block->size >= size + 2 * sizeof(Header)) {
      Header *rest = (Header *)((unsigned char *)(block + 1) + size);
      rest->size = block->size - size - sizeof(Header);
      rest->link = block->link;
      block->size = size;
      *link = rest;
    } else {
      *link = block->link;
    }
    return block;
  }
  if ((unsigned long)(__heap_end - top) < sizeof(Header) + size) return 0;
  Header *block = (Header *)top;
  block->size = size;
  top += sizeof(Header) + size;
  if ((unsigned long)(top - __heap_start) > peak) peak = (unsigned long)(top - __heap_start);
  return block;
}

/// Puts `block` back: in address order, merged with free neighbours; a
/// free block that ends at the top lowers the top instead.
static void give_back(Header *block) {
  Header **link = &freeList;
  while (*link && *link < block) link = &(*link)->link;
  block->link = *link;
  *link = block;
  Header *next = block->link;
  if (next && (unsigned char *)(block + 1) + block->size == (unsigned char *)next) {
    block->size += sizeof(Header) + next->size;
    block->link = next->link;
  }
  if (link != &freeList) {
    Header *previous = (Header *)((unsigned char *)link - offsetof(Header, link));
    if ((unsigned char *)(previous + 1) + previous->size == (unsigned char *)block) {
      previous->size += sizeof(Header) + block->size;
      previous->link = block->link;
      block = previous;
    }
  }
  if ((unsigned char *)(block + 1) + block->size == top) {
    top = (unsigned char *)block;
    for (link = &freeList; *link != block; link = &(*link)->link) {}
    *link = 0;
  }
}

int posix_memalign(void **result, size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) return 22;  // EINVAL
  unsigned long extra = alignment > sizeof(Header) ? alignment : 0;
  unsigned long payload =
      ((unsigned long)size + extra + sizeof(Header) - 1) & ~(unsigned long)(sizeof(Header) - 1);
  if (payload < size) return 12;  // ENOMEM
  Header *block = take(payload);
  if (!block) return 12;
  unsigned char *start = (unsigned char *)(block + 1);
  block->link = block;
  if (extra) {
    // Up to the alignment, leaving room for a header that leads back.
    start = (unsigned char *)(((unsigned long)start + sizeof(Header) + alignment - 1) &
                              ~(unsigned long)(alignment - 1));
    Header *lead = (Header *)start - 1;
    lead->size = block->size;
    lead->link = block;
  }
  allocations++;
  live += block->size;
  if (live > livePeak) livePeak = live;
  *result = start;
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
  Header *block = ((Header *)pointer - 1)->link;
  live -= block->size;
  give_back(block);
}
