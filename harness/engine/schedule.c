#include "schedule.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verdict.h"

size_t shard_select(size_t n, size_t index, size_t total, size_t *picked)
{
    size_t count = 0;

    if (total == 0 || index == 0 || index > total)
        return 0;
    for (size_t i = index - 1; i < n; i += total)
        picked[count++] = i;
    return count;
}

/* A result for a case that did not run: id, area, verdict, message. */
static int result_without_run(const struct case_def *c, enum verdict v, const char *message, struct result *out)
{
    char area[128];

    result_init(out);
    case_area(c->id, area, sizeof area);
    out->id = strdup(c->id);
    out->area = strdup(area);
    out->message = strdup(message);
    out->verdict = v;
    out->started = time(NULL);
    return out->id && out->area && out->message ? 0 : -1;
}

/* The runtime the case was run for: its label, and the version it would
 * have run on when nothing from inside the process said (docs/runtimes.md). */
static int note_runtime(const struct case_def *c, struct result *out)
{
    if (c->runtime && !(out->runtime = strdup(c->runtime)))
        return -1;
    if (!out->runtime_version && c->runtime_version && !(out->runtime_version = strdup(c->runtime_version)))
        return -1;
    return 0;
}

int schedule_case(const struct schedule *s, const struct case_def *c, FILE *trace, struct result *out)
{
    struct result earlier; /* holds the failed attempts */
    int retries = c->retries > s->retries ? c->retries : s->retries;

    if (c->requires.runtime || c->requires.nfeatures || c->runtime) {
        char why[512];
        int ok = requires_check(c, s->facts, c->fixtures_dir ? c->fixtures_dir : s->env->fixtures_dir, why,
                                sizeof why);

        if (ok <= 0)
            return result_without_run(c, ok == 0 ? VERDICT_SKIP : VERDICT_ERROR, why, out) < 0 ||
                           note_runtime(c, out) < 0
                       ? -1
                       : verdict_finish(c, out);
    }
    result_init(&earlier);
    for (int attempt = 1;; attempt++) {
        struct run_env env = *s->env;

        env.trace = trace;
        env.attempt = attempt;
        if (c->fixtures_dir)
            env.fixtures_dir = c->fixtures_dir;
        if (trace && attempt > 1)
            fprintf(trace, "  [%s] attempt %d\n", c->id, attempt);
        if (runner_run(&env, c, out) < 0) {
            result_release(&earlier);
            return -1;
        }
        if (attempt > retries || !verdict_retryable(c, out->verdict) || *s->env->stop)
            break;
        if (verdict_keep_attempt(&earlier, out) < 0) {
            result_release(&earlier);
            return -1;
        }
    }
    out->attempts = earlier.attempts;
    out->nattempts = earlier.nattempts;
    earlier.attempts = NULL;
    earlier.nattempts = 0;
    result_release(&earlier);
    if (note_runtime(c, out) < 0)
        return -1;
    return verdict_finish(c, out);
}

struct shared {
    const struct schedule *s;
    const struct case_def *cases;
    struct result *results;
    unsigned char *done;
    size_t n;

    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t next;          /* the next case to hand out */
    size_t *finished;     /* indices in finish order */
    size_t nfinished;
    char **traces;        /* buffered -v output per case */
    const char **running; /* per worker: the case it runs, or NULL */
    size_t alive;         /* workers still running */
    int failed;           /* a worker ran out of memory */
};

struct worker {
    struct shared *sh;
    size_t slot;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    const struct schedule *s = sh->s;

    for (;;) {
        size_t i;
        char *buf = NULL;
        size_t len = 0;
        FILE *trace = NULL;
        int rc;

        pthread_mutex_lock(&sh->lock);
        if (*s->env->stop || sh->next >= sh->n || sh->failed) {
            pthread_mutex_unlock(&sh->lock);
            break;
        }
        i = sh->next++;
        sh->running[w->slot] = sh->cases[i].id;
        pthread_mutex_unlock(&sh->lock);

        if (s->verbose)
            trace = s->jobs == 1 ? s->live : open_memstream(&buf, &len);
        rc = schedule_case(s, &sh->cases[i], trace, &sh->results[i]);
        if (trace && trace != s->live)
            fclose(trace);

        pthread_mutex_lock(&sh->lock);
        sh->running[w->slot] = NULL;
        if (rc < 0) {
            sh->failed = 1;
            free(buf);
        } else {
            sh->traces[i] = buf;
            sh->done[i] = 1;
            sh->finished[sh->nfinished++] = i;
        }
        pthread_cond_signal(&sh->cond);
        pthread_mutex_unlock(&sh->lock);
    }
    pthread_mutex_lock(&sh->lock);
    sh->alive--;
    pthread_cond_signal(&sh->cond);
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

int schedule_run(const struct schedule *s, const struct case_def *cases, size_t n, struct result *results,
                 unsigned char *done)
{
    size_t jobs = s->jobs < 1 ? 1 : (size_t)s->jobs;
    struct shared sh;
    struct worker *workers;
    pthread_t *threads;
    size_t reported = 0, started = 0;
    int rc = 0;

    if (jobs > n)
        jobs = n ? n : 1;
    memset(&sh, 0, sizeof sh);
    sh.s = s;
    sh.cases = cases;
    sh.results = results;
    sh.done = done;
    sh.n = n;
    sh.finished = calloc(n ? n : 1, sizeof *sh.finished);
    sh.traces = calloc(n ? n : 1, sizeof *sh.traces);
    sh.running = calloc(jobs, sizeof *sh.running);
    workers = calloc(jobs, sizeof *workers);
    threads = calloc(jobs, sizeof *threads);
    if (!sh.finished || !sh.traces || !sh.running || !workers || !threads) {
        rc = -1;
        goto out;
    }
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.cond, NULL);
    /* Counted before any worker starts: a worker with nothing to do may
     * finish (and count itself out) before the next one is created. */
    sh.alive = jobs;
    for (size_t w = 0; w < jobs; w++) {
        workers[w].sh = &sh;
        workers[w].slot = w;
        if (pthread_create(&threads[w], NULL, worker_main, &workers[w]) != 0)
            break;
        started++;
    }
    pthread_mutex_lock(&sh.lock);
    sh.alive -= jobs - started;
    pthread_mutex_unlock(&sh.lock);
    if (started == 0)
        rc = -1;

    pthread_mutex_lock(&sh.lock);
    for (;;) {
        struct timespec until;

        while (reported < sh.nfinished) {
            size_t i = sh.finished[reported++];
            char *trace = sh.traces[i];

            sh.traces[i] = NULL;
            pthread_mutex_unlock(&sh.lock);
            if (s->on_finish)
                s->on_finish(s->ctx, i, trace);
            free(trace);
            pthread_mutex_lock(&sh.lock);
        }
        if (sh.alive == 0)
            break;
        if (s->on_tick) {
            const char *running[64];
            size_t nrunning = 0;

            for (size_t w = 0; w < jobs && nrunning < 64; w++)
                if (sh.running[w])
                    running[nrunning++] = sh.running[w];
            pthread_mutex_unlock(&sh.lock);
            s->on_tick(s->ctx, running, nrunning);
            pthread_mutex_lock(&sh.lock);
            if (reported < sh.nfinished || sh.alive == 0)
                continue;
        }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sh.cond, &sh.lock, &until);
    }
    pthread_mutex_unlock(&sh.lock);
    for (size_t w = 0; w < started; w++)
        pthread_join(threads[w], NULL);
    if (sh.failed)
        rc = -1;
    pthread_cond_destroy(&sh.cond);
    pthread_mutex_destroy(&sh.lock);
out:
    if (sh.traces)
        for (size_t i = 0; i < n; i++)
            free(sh.traces[i]);
    free(sh.traces);
    free(sh.finished);
    free(sh.running);
    free(workers);
    free(threads);
    return rc;
}
