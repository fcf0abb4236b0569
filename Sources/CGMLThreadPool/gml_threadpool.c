/*
 * gml_threadpool.c — the worker pool behind gml_threadpool.h: POSIX
 * threads, C11 atomics, a task range per thread with stealing, and a
 * spin-then-sleep wait.
 */
#include "gml_threadpool.h"

#if defined(__linux__) && __STDC_HOSTED__ && !defined(GML_NO_THREADS)

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

/* Rounds of the pause instruction a worker spins before it sleeps: from
   about 70 µs to 1 ms at 3 GHz, as one pause takes 10 to 140 cycles
   depending on the CPU; longer than one operator's gap in invoke(). */
enum { GML_SPIN_ROUNDS = 20000 };

/*
 * A loop is published as one word per thread, `ranges[t]` = loop number
 * (32 bits) | end (16) | next (16): thread t's share of the task indices,
 * a contiguous range, so that each thread works on the same part of every
 * operator's output (the rows it wrote last are in its own cache). A
 * thread takes tasks from the front of its range, then steals from the
 * back of the others'. Every take is a compare-and-swap of the word read,
 * after reading the loop's function and context: success means the word
 * did not change in between, so the loop was not over and the function
 * and context read were that loop's (a new loop is published only once
 * every task of the last one is done). So a worker that wakes late
 * (descheduled by another process) never runs a task of another loop: it
 * finds its loop's words gone and goes back to waiting. The caller waits
 * for the tasks to be done, not for every worker to show up: a busy core
 * costs only the task its thread had started, the rest of its range is
 * stolen.
 */

/* One thread's range, alone on its cache line. */
typedef struct gml_range {
  _Alignas(64) _Atomic uint64_t word;
} gml_range;

struct gml_threadpool {
  size_t threads;
  pthread_t *workers;
  /* One range per thread (above). */
  gml_range *ranges;
  /* Tasks of the current loop finished. */
  _Alignas(64) _Atomic size_t done;
  /* Bumped under `lock` to start a loop or stop; sleeping workers wait for
     a change. */
  _Alignas(64) _Atomic uint32_t generation;
  _Atomic int stopping;
  /* The current loop's function and context (relaxed atomics: a late
     worker may read them while the next loop is published, and then
     discards what it read). */
  _Atomic(gml_threadpool_task) task;
  _Atomic(void *) context;
  pthread_mutex_t lock;
  pthread_cond_t wake;
};

/* One worker's argument: its pool and thread number. */
typedef struct gml_worker {
  gml_threadpool *pool;
  size_t thread;
} gml_worker;

static inline void gml_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

/* Takes one task of `loop` from `range`: its front (`steal` 0) or back.
   Runs it on `thread` and returns 1; returns 0 when the range is empty or
   belongs to another loop. */
static int gml_run_one(gml_threadpool *pool, gml_range *range, size_t thread, uint32_t loop,
                       int steal) {
  for (;;) {
    uint64_t word = atomic_load_explicit(&range->word, memory_order_acquire);
    size_t next = word & 0xFFFFu, end = (word >> 16) & 0xFFFFu;
    if ((uint32_t)(word >> 32) != loop || next >= end) return 0;
    gml_threadpool_task task = atomic_load_explicit(&pool->task, memory_order_relaxed);
    void *context = atomic_load_explicit(&pool->context, memory_order_relaxed);
    size_t index = steal ? end - 1 : next;
    uint64_t taken = steal ? word - (1u << 16) : word + 1;
    if (!atomic_compare_exchange_weak_explicit(&range->word, &word, taken, memory_order_acq_rel,
                                               memory_order_relaxed)) {
      continue;
    }
    task(context, thread, index);
    atomic_fetch_add_explicit(&pool->done, 1, memory_order_release);
    return 1;
  }
}

/* Runs the tasks of `loop` on `thread`: its own range, then what is left
   of the others', until none is left or the loop is over. */
static void gml_run_tasks(gml_threadpool *pool, size_t thread, uint32_t loop) {
  while (gml_run_one(pool, &pool->ranges[thread], thread, loop, 0)) {
  }
  for (size_t k = 1; k < pool->threads; k++) {
    gml_range *victim = &pool->ranges[(thread + k) % pool->threads];
    while (gml_run_one(pool, victim, thread, loop, 1)) {
    }
  }
}

static uint32_t gml_wait_for_loop(gml_threadpool *pool, uint32_t seen) {
  uint32_t now;
  for (int round = 0; round < GML_SPIN_ROUNDS; round++) {
    now = atomic_load_explicit(&pool->generation, memory_order_acquire);
    if (now != seen) return now;
    gml_cpu_relax();
  }
  pthread_mutex_lock(&pool->lock);
  while ((now = atomic_load_explicit(&pool->generation, memory_order_acquire)) == seen) {
    pthread_cond_wait(&pool->wake, &pool->lock);
  }
  pthread_mutex_unlock(&pool->lock);
  return now;
}

static void *gml_worker_main(void *argument) {
  gml_worker worker = *(gml_worker *)argument;
  free(argument);
  gml_threadpool *pool = worker.pool;
  uint32_t seen = 0;
  for (;;) {
    seen = gml_wait_for_loop(pool, seen);
    if (atomic_load_explicit(&pool->stopping, memory_order_acquire)) return NULL;
    gml_run_tasks(pool, worker.thread, seen);
  }
}

/* Bumps `generation` and wakes sleeping workers: a new loop, or stop. */
static uint32_t gml_wake_workers(gml_threadpool *pool) {
  pthread_mutex_lock(&pool->lock);
  uint32_t loop = atomic_fetch_add_explicit(&pool->generation, 1, memory_order_acq_rel) + 1;
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);
  return loop;
}

/* Stops and joins the first `started` workers, then frees the pool. */
static void gml_shut_down(gml_threadpool *pool, size_t started) {
  atomic_store_explicit(&pool->stopping, 1, memory_order_release);
  gml_wake_workers(pool);
  for (size_t i = 0; i < started; i++) pthread_join(pool->workers[i], NULL);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->lock);
  free(pool->ranges);
  free(pool->workers);
  free(pool);
}

gml_threadpool *gml_threadpool_create(size_t threads) {
  if (threads < 2) return NULL;
  gml_threadpool *pool = calloc(1, sizeof *pool);
  if (pool == NULL) return NULL;
  pool->workers = calloc(threads - 1, sizeof *pool->workers);
  if (pool->workers == NULL) {
    free(pool);
    return NULL;
  }
  pool->ranges = aligned_alloc(_Alignof(gml_range), threads * sizeof(gml_range));
  if (pool->ranges == NULL) {
    free(pool->workers);
    free(pool);
    return NULL;
  }
  for (size_t t = 0; t < threads; t++) atomic_init(&pool->ranges[t].word, 0);
  pool->threads = threads;
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->wake, NULL);
  for (size_t i = 0; i + 1 < threads; i++) {
    gml_worker *worker = malloc(sizeof *worker);
    if (worker != NULL) *worker = (gml_worker){pool, i + 1};
    if (worker == NULL || pthread_create(&pool->workers[i], NULL, gml_worker_main, worker) != 0) {
      free(worker);
      gml_shut_down(pool, i);
      return NULL;
    }
  }
  return pool;
}

void gml_threadpool_destroy(gml_threadpool *pool) {
  if (pool != NULL) gml_shut_down(pool, pool->threads - 1);
}

size_t gml_threadpool_threads(const gml_threadpool *pool) {
  return pool == NULL ? 1 : pool->threads;
}

void gml_threadpool_run(
    gml_threadpool *pool, gml_threadpool_task task, void *context, size_t count) {
  if (pool == NULL || count < 2 || count > 0xFFFFu) {
    for (size_t i = 0; i < count; i++) task(context, 0, i);
    return;
  }
  uint32_t loop = atomic_load_explicit(&pool->generation, memory_order_relaxed) + 1;
  atomic_store_explicit(&pool->task, task, memory_order_relaxed);
  atomic_store_explicit(&pool->context, context, memory_order_relaxed);
  atomic_store_explicit(&pool->done, 0, memory_order_relaxed);
  for (size_t t = 0; t < pool->threads; t++) {
    uint64_t first = t * count / pool->threads, end = (t + 1) * count / pool->threads;
    atomic_store_explicit(&pool->ranges[t].word, (uint64_t)loop << 32 | end << 16 | first,
                          memory_order_release);
  }
  gml_wake_workers(pool);
  gml_run_tasks(pool, 0, loop);
  while (atomic_load_explicit(&pool->done, memory_order_acquire) != count) gml_cpu_relax();
}

int gml_threadpool_is_available(void) { return 1; }

#else

gml_threadpool *gml_threadpool_create(size_t threads) {
  (void)threads;
  return NULL;
}

void gml_threadpool_destroy(gml_threadpool *pool) { (void)pool; }

size_t gml_threadpool_threads(const gml_threadpool *pool) {
  (void)pool;
  return 1;
}

void gml_threadpool_run(
    gml_threadpool *pool, gml_threadpool_task task, void *context, size_t count) {
  (void)pool;
  for (size_t i = 0; i < count; i++) task(context, 0, i);
}

int gml_threadpool_is_available(void) { return 0; }

#endif
