/*
 * runner_internal.h - what the files of the runner share; private to
 * engine/run*.c.  runner.c runs a case from start to result; run_app.c
 * starts the app, run_loop.c is the poll loop, run_steps.c and
 * run_attach.c drive the steps, run_channel.c and run_capture.c take in
 * what the profiler and the app send, run_evaluate.c decides the verdict.
 * All of a run's state is one struct run, owned by runner_run.
 */
#ifndef PROFCHECK_RUNNER_INTERNAL_H
#define PROFCHECK_RUNNER_INTERNAL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "../attach/client.h"
#include "../channel/chan.h"
#include "../model/event.h"
#include "../proc/proc.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "agent_run.h"
#include "runner.h"

/* The fd of the app's reply channel (PROFCHECK_REPLY_FD, docs/fixtures.md). */
#define RUN_REPLY_FD 3

struct line {
    size_t start;
    size_t len;
};

struct capture {
    struct strbuf text;
    struct line *lines;
    size_t nlines;
    size_t cap;
    size_t partial;  /* offset where the unfinished last line starts */
    size_t dropped;  /* bytes not kept past CAPTURE_MAX */
    int eof;
};

struct run {
    const struct run_env *env;
    const struct case_def *c;
    char dir[PATH_MAX];
    char cookie[48];
    struct proc proc;
    struct chan chan;
    struct capture out[3]; /* STREAM_STDOUT, STREAM_STDERR, STREAM_REPLIES */
    struct event_log log;
    struct strbuf profiler_log;
    char *runtime_version;
    int hello;           /* HELLO received and CONFIG sent */
    int greeted;         /* HELLO received (CONFIG may be held back) */
    int hold_config;     /* an <attach hold="true"> keeps CONFIG back until <attach-reply> */
    int bye;

    /* The attach under way (<attach>), and how it ended. */
    int attach_fd;
    int attach_pending;  /* the current <attach> step has started it */
    int attach_done;
    int attach_status;   /* enum attach_status */
    int32_t attach_hr;
    struct attach_reader attach_rd;
    char attach_msg[ERR_MSG_MAX];

    size_t step;         /* index of the step being driven */
    double step_deadline;
    size_t line_cursor[3];
    size_t event_cursor;
    uint64_t next_cmd_id;
    uint64_t cmd_waiting; /* id of the command the step awaits, 0 when none */
    int reply_ready;
    int32_t reply_hr;
    struct event reply;   /* the awaited command's reply */
    struct strbuf reply_text;
    struct measurement {
        char *name;
        long rss_kib;
    } *measures;
    size_t nmeasures;
    struct result *result; /* the result being filled (properties go there as they come) */
    struct agent_setup agent; /* load="agent": the agent behind the proxy */

    double started;
    double deadline;
    double drain_deadline;
    int decided;         /* verdict below is final */
    int interrupted;     /* decided because the run was asked to stop */
    enum verdict verdict;
    struct strbuf message;
    struct strbuf details;
};

/* ---- runner.c ------------------------------------------------------------- */

double now_seconds(void);
/* A line of the -v trace, when there is one. */
void trace(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void decide(struct run *r, enum verdict v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- run_capture.c: the app's output -------------------------------------- */

void capture_init(struct capture *cp);
void capture_release(struct capture *cp);
int capture_finish(struct capture *cp);
int line_matches(const struct line_match *m, const char *s, size_t len);
/* 1 with [start, end) of the first group (or the whole match) when the
 * line matches a regex compiled with sub-matches, else 0. */
int line_capture(const struct line_match *m, const char *s, size_t len, size_t *start, size_t *end);
int drain_fd(int *fd, struct capture *cp);

/* ---- run_channel.c: the channel ------------------------------------------- */

void put_request(struct wire_writer *w, const char *prefix, const struct request_spec *rq);
int send_config(struct run *r);
int pump_channel(struct run *r);
void command_begin(struct run *r, struct wire_writer *w, uint8_t *buf, size_t size, const char *command);
void command_send(struct run *r, struct wire_writer *w, const char *command);
/* A request step's request: its names in request-part commands first when
 * they do not fit in one frame (docs/protocol.md, "request"); 0 or -1. */
int request_send(struct run *r, const struct request_spec *rq);

/* ---- run_app.c, run_loop.c, run_steps.c, run_attach.c --------------------- */

int start_app(struct run *r);
int loop(struct run *r);
void step_begin(struct run *r);
int advance_steps(struct run *r);
void pump_attach(struct run *r);
int release_config(struct run *r);
void check_attach(struct run *r, const struct step *s);
int attach_step(struct run *r, const struct step *s);

/* ---- run_crash.c: the runtime's last words -------------------------------- */

/* The lines of the app's stderr that name why it died ("Unhandled
 * exception. ...", "Fatal error. ...", their inner exceptions), each ending
 * in '\n', into out; how many, or -1 out of memory. */
int crash_lines(const struct capture *err, struct strbuf *out);
/* Puts them in front of the details and the first at the end of the
 * message; how many, or -1 out of memory. */
int add_crash(struct run *r);

/* ---- run_evaluate.c: after the run ---------------------------------------- */

int add_tail(struct run *r);
/* The case's <property> captures from the app's output, as properties of the result. */
int add_props(struct run *r);
int evaluate(struct run *r);
int judge_agent(struct run *r);

#endif
