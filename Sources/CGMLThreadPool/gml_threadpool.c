/*
 * gml_threadpool.c — the worker pool behind gml_threadpool.h: POSIX
 * threads, C11 atomics, a shared task counter and a spin-then-sleep wait.
 */
#include "gml_threadpool.h"

#if defined(__linux__) && __STDC_HOSTED__ && !defined(GML_NO_THREADS)

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

/* Rounds of the pause instruction a worker spins before it sleeps: about
   50 µs on a 3 GHz x86-64, longer than one operator's gap in invoke(). */
enum { GML_SPIN_ROUNDS = 20000 };

/*
 * A loop is published as one word, `claim` = loop number (32 bits) | task
 * count (16) | next task index (16), with its task function and context
 * beside it. A thread reads the word, then the function and context, then
 * takes the task with a compare-and-swap of the word it read: success
 * means no task was taken in between, so the loop was not over and the
 * function and context read were that loop's (a new loop is published only
 * once every task of the last one is done). So a worker that wakes late
 * (descheduled by another process) never runs a task of another loop: it
 * finds its loop over and goes back to waiting. The caller waits for the
 * tasks to be done, not for every worker to show up: a busy core costs
 * only the task its thread had started.
 */
struct gml_threadpool {
  size_t threads;
  pthread_t *workers;
  /* Loop number, task count and next task index (above). */
  _Atomic uint64_t claim;
  /* Tasks of the current loop finished. */
  _Atomic size_t done;
  /* Bumped under `lock` to start a loop or stop; sleeping workers wait for
     a change. */
  _Atomic uint32_t generation;
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

/* Takes and runs tasks of loop `loop` until none is left or the loop is
   over. */
static void gml_run_tasks(gml_threadpool *pool, size_t thread, uint32_t loop) {
  for (;;) {
    uint64_t claim = atomic_load_explicit(&pool->claim, memory_order_acquire);
    size_t index = claim & 0xFFFFu, count = (claim >> 16) & 0xFFFFu;
    if ((uint32_t)(claim >> 32) != loop || index >= count) return;
    gml_threadpool_task task = atomic_load_explicit(&pool->task, memory_order_relaxed);
    void *context = atomic_load_explicit(&pool->context, memory_order_relaxed);
    if (!atomic_compare_exchange_weak_explicit(
            &pool->claim, &claim, claim + 1, memory_order_acq_rel, memory_order_relaxed)) {
      continue;
    }
    task(context, thread, index);
    atomic_fetch_add_explicit(&pool->done, 1, memory_order_release);
  }
}

/* Waits until `generation` differs from `seen`; returns the new value. */
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
  atomic_store_explicit(
      &pool->claim, (uint64_t)loop << 32 | (uint64_t)count << 16, memory_order_release);
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
