/*
 * gml_threadpool.h — a fixed pool of worker threads that runs one parallel
 * loop at a time, for gml's fast kernels (Linux only).
 *
 * The thread that calls gml_threadpool_run works too, as thread 0; the
 * pool's workers are threads 1...threads-1. Each thread starts on its own
 * contiguous share of the task indices (the same share in every loop, so
 * it finds the data it wrote last in its own cache), then takes tasks one
 * at a time from the back of the others' shares, so uneven tasks and a
 * descheduled thread balance themselves. Workers spin for 0.07 to 1 ms
 * after a loop, by CPU (the next operator's loop usually follows sooner),
 * then sleep on a condition variable.
 *
 * Builds without threads (gml_threadpool_create returns NULL) when the
 * target is not a hosted Linux or GML_NO_THREADS is defined: the embedded
 * builds and microcontrollers. Callers then run their loop themselves.
 */
#ifndef GML_THREADPOOL_H
#define GML_THREADPOOL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A pool of worker threads. Opaque. */
typedef struct gml_threadpool gml_threadpool;

/* One task: `index` in 0..<count, run on thread `thread` in 0..<threads
   (a thread runs one task at a time, so per-thread scratch can be indexed
   by it). */
typedef void (*gml_threadpool_task)(void *context, size_t thread, size_t index);

/* A pool of `threads` threads counting the caller: threads - 1 workers
   are started. Returns NULL when threads < 2, when this build has no
   threads, or when a thread cannot be started (nothing is leaked). */
gml_threadpool *gml_threadpool_create(size_t threads);

/* Stops and joins the workers and frees the pool. NULL is ignored. Must
   not be called while gml_threadpool_run runs. */
void gml_threadpool_destroy(gml_threadpool *pool);

/* The threads of `pool` counting the caller; 1 for NULL. */
size_t gml_threadpool_threads(const gml_threadpool *pool);

/* Runs task(context, thread, i) for every i in 0..<count across the pool
   and returns when all have finished; their writes are then visible to
   the caller. With a NULL pool (or more than 65,535 tasks), runs them in
   order on the caller, as thread 0. Allocates nothing. One caller at a
   time per pool. */
void gml_threadpool_run(
    gml_threadpool *pool, gml_threadpool_task task, void *context, size_t count);

/* Whether this build can start threads (hosted Linux without
   GML_NO_THREADS). */
int gml_threadpool_is_available(void);

#ifdef __cplusplus
}
#endif

#endif
