/*
 * schedule.h - runs a list of cases, several at a time.
 *
 * Worker threads take cases from the list in order; each case is checked
 * against its requirements (skipped when unmet), run, run again on failure
 * while it has attempts left, and judged (engine/verdict.h).  The calling
 * thread hears of every finished case, in the order they finish, so that
 * output never interleaves; with several jobs, a case's -v trace is kept
 * and handed over with it.  When the stop flag rises, running cases end as
 * "interrupted" and no new case starts.
 */
#ifndef PROFCHECK_SCHEDULE_H
#define PROFCHECK_SCHEDULE_H

#include <stddef.h>
#include <stdio.h>

#include "../model/case.h"
#include "../model/result.h"
#include "requires.h"
#include "runner.h"

struct schedule {
    const struct run_env *env;      /* its trace is replaced per case */
    const struct host_facts *facts; /* for <requires> */
    int jobs;                       /* cases at a time, at least 1 */
    int retries;                    /* attempts a failure gets again (at least the case's own) */
    int verbose;                    /* trace steps and events */
    FILE *live;                     /* with one job: the trace goes here as it happens */
    /* On the calling thread, in finish order: case `index` has its result;
     * `trace` is its buffered -v output, or NULL. */
    void (*on_finish)(void *ctx, size_t index, const char *trace);
    /* On the calling thread, about 5 times a second: what is running. */
    void (*on_tick)(void *ctx, const char *const *running, size_t nrunning);
    void *ctx;
};

/* Runs cases[0..n), filling results[i] and setting done[i] for every case
 * that ran (all of them unless stopped).  0, or -1 when memory ran out. */
int schedule_run(const struct schedule *s, const struct case_def *cases, size_t n, struct result *results,
                 unsigned char *done);

/* Runs one case with its attempts and judges it (what each worker does). */
int schedule_case(const struct schedule *s, const struct case_def *c, FILE *trace, struct result *out);

/* The cases of shard `index` (1-based) of `total`: every total-th case of
 * the sorted list, starting at index - 1.  Writes their positions into
 * picked (room for n) and returns how many. */
size_t shard_select(size_t n, size_t index, size_t total, size_t *picked);

#endif
