/*
 * result.h - the verdict of one case (or one unit test) and what explains it.
 */
#ifndef PROFCHECK_RESULT_H
#define PROFCHECK_RESULT_H

#include <stddef.h>
#include <time.h>

#include "../util/strbuf.h"
#include "event.h"

enum verdict {
    VERDICT_PASS,
    VERDICT_FAIL,    /* a check was not met */
    VERDICT_ERROR,   /* the case could not be run as written */
    VERDICT_TIMEOUT, /* the case did not finish in time */
    VERDICT_SKIP,
    VERDICT_XFAIL,   /* failed as a known runtime issue says it does: counts as passed */
    VERDICT_XPASS    /* passed although marked as a known issue: counts as failed */
};

/* A figure the run measured (e.g. "before.rss-kib"): reported, never judged. */
struct result_prop {
    char *name;
    char *value;
};

/* An attempt that failed before the last one (with --retries). */
struct attempt {
    enum verdict verdict;
    char *message;
    char *details;
    double seconds;
};

/* Of each output stream a result keeps at most this much: the first and
 * the last half, and how many bytes between them were left out.  The
 * reports show no more (JUnit's system-out), and a run's own checks see the
 * whole capture before it is cut. */
#define RESULT_OUTPUT_KEEP (1024u * 1024u)

struct result {
    char *id;          /* case id, e.g. "jit/basic" */
    char *area;        /* "jit" */
    enum verdict verdict;
    char *message;     /* one line; NULL on a pass */
    char *details;     /* several lines: the unmet check and the events around it */
    char *stdout_text; /* what the app wrote (possibly shortened) */
    char *stderr_text;
    char *replies_text; /* what the app answered on its reply channel, or NULL when it used none */
    size_t stdout_left_out; /* bytes cut from the middle of stdout_text (RESULT_OUTPUT_KEEP) */
    size_t stderr_left_out;
    size_t replies_left_out;
    char *runtime_version; /* as reported by the profiler from inside the process (docs/runtimes.md) */
    char *runtime;         /* the label of the runtime the run targeted ("net8.0"), which ends the id, or NULL */
    double seconds;
    int interrupted;   /* cut short by SIGINT/SIGTERM: ERROR, never judged further */
    time_t started;
    struct result_prop *props;
    size_t nprops;
    struct attempt *attempts; /* earlier attempts that failed, oldest first */
    size_t nattempts;
    struct event_log events;  /* the whole event log, kept when the verdict is not PASS */
    size_t event_count;       /* events recorded in the (last) run, whatever the verdict */
};

void result_init(struct result *r);
void result_release(struct result *r);
/* Adds a property; 0 or -1 (out of memory). */
int result_add_prop(struct result *r, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

const char *verdict_name(enum verdict v);           /* "PASS", "FAIL", ... */
int verdict_parse(const char *text, enum verdict *out); /* "pass", "fail", ... */

/* Tallies as printed on the closing line: passed, failed, skipped. */
struct tally {
    size_t passed;
    size_t failed;
    size_t skipped;
};

void tally_add(struct tally *t, enum verdict v);

/* The distinct runtime versions of the results, in order of first
 * appearance, separated by spaces ("8.0.31 9.0.20 10.0.12"); "" when none
 * has one.  Returns how many, or -1 when memory ran out. */
int result_runtime_versions(const struct result *v, size_t n, struct strbuf *out);

#endif
