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
#include "../util/rx.h"
#include "../util/strbuf.h"
#include "agent_run.h"
#include "runner.h"

/* The fd of the app's reply channel (PROFCHECK_REPLY_FD, docs/fixtures.md). */
#define RUN_REPLY_FD 3

struct line {
    size_t start;
    size_t len;
};

/* What a capture keeps of a stream (run_capture.c). */
#define CAPTURE_MAX (8u * 1024 * 1024)   /* bytes in the window before it moves on */
#define CAPTURE_KEEP (4u * 1024 * 1024)  /* bytes left in it when it does */
#define CAPTURE_LINES_MAX (256u * 1024)  /* lines in the window before it moves on */
#define DRAIN_CHUNK (1024u * 1024)       /* bytes read at a time before the steps look */

struct capture {
    struct strbuf text;  /* the window: bytes [base, base + text.len) of the stream */
    size_t base;         /* bytes that left the window */
    struct strbuf head;  /* the stream's first RESULT_OUTPUT_KEEP / 2 bytes, once the window moved */
    struct line *lines;  /* the window's complete lines, starts relative to text */
    size_t nlines;
    size_t cap;
    size_t first_line;   /* the number of lines[0]: lines that left the window before it */
    size_t partial;      /* offset where the unfinished last line starts */
    int eof;
    /* Each complete line that leaves the window, for checks over all of it. */
    void (*on_drop)(void *ctx, int stream, size_t line, const char *s, size_t len);
    void *ctx;
    int stream;
};

/* The runtime's crash lines of stderr, picked as its lines go by (run_crash.c). */
struct crash_pick {
    struct strbuf lines; /* each ending in '\n' */
    int n;
    int inside;          /* the last line was one of a crash's (or its stack) */
    int failed;          /* memory ran out */
};

struct run {
    const struct run_env *env;
    const struct case_def *c;
    char dir[PATH_MAX];
    int dir_fd;          /* dir, open from its making to its removal */
    char cookie[48];
    struct proc proc;
    struct chan chan;
    struct capture out[3]; /* STREAM_STDOUT, STREAM_STDERR, STREAM_REPLIES */
    /* Per <outcome> stream check: it held on a line that has left the window
     * (a <stdout> check on a line of stdout or of the replies). */
    unsigned char *stream_hits;
    int stream_late;       /* a line left the window unchecked: the case's deadline had passed */
    int stream_gave_up;    /* a matches= gave up on a line that left the window... */
    size_t stream_gave_up_check, stream_gave_up_line; /* ...which check, which line */
    int stream_gave_up_stream;                         /* ...of which stream */
    /* Per <outcome><property> and stream ([3 * property + stream]): its
     * value from the last matching line that has left the window, or NULL. */
    char **prop_dropped;
    int prop_late;       /* some lines were not tried for properties: time ran out */
    int prop_gave_up;    /* a property's regex gave up on a line */
    int prop_failed;     /* memory ran out keeping a value */
    struct crash_pick crash; /* the runtime's crash lines, over all of stderr */
    struct event_log log;
    struct strbuf profiler_log;
    char *runtime_version;
    char *mapped_runtime; /* the version of the libcoreclr.so mapped into the app (run_runtime.c) */
    size_t runtime_lines; /* output lines when it was last looked for */
    int runtime_looks;
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

    /* What <send> steps queued for the app's stdin, written as the pipe takes it. */
    struct strbuf stdin_queue;
    size_t stdin_off;        /* bytes of stdin_queue written */
    uint64_t stdin_written;  /* bytes written to stdin in all */
    uint64_t send_until;     /* the current <send> is done when stdin_written reaches this */
    int send_queued;         /* the current <send> has queued its line */

    size_t step;         /* index of the step being driven */
    double step_deadline;
    size_t line_cursor[3];
    size_t scan_cursor[3]; /* the first line the current wait has not tried yet */
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
        int has_growth; /* measured with since=: growth_kib is its growth */
        long growth_kib;
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
void run_trace(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void run_decide(struct run *r, enum verdict v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- run_capture.c: the app's output -------------------------------------- */

void capture_init(struct capture *cp);
void capture_release(struct capture *cp);
int capture_finish(struct capture *cp);
/* Bytes the stream has had in all. */
size_t capture_total(const struct capture *cp);
/* The number of the line after the last complete one (lines are counted from 0). */
size_t capture_end_line(const struct capture *cp);
/* Line n, when it is still in the window: 1 with s and len, else 0. */
int capture_line(const struct capture *cp, size_t n, const char **s, size_t *len);
/* 1, 0, or RX_LIMIT / RX_NOMEM of a regex (util/rx.h). */
int line_matches(const struct line_match *m, const char *s, size_t len);
/* 1 with [start, end) of the first group (or the whole match) when the
 * line matches, 0 when it does not, RX_LIMIT or RX_NOMEM (util/rx.h). */
int line_capture(const struct line_match *m, const char *s, size_t len, size_t *start, size_t *end);
/* Decides ERROR for a regex that hit its limits on line (0-based) of stream. */
void regex_gave_up(struct run *r, int line, const char *source, int stream, size_t lineno);
int drain_fd(int *fd, struct capture *cp, size_t max);

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
int run_loop(struct run *r);
void step_begin(struct run *r);
int advance_steps(struct run *r);
int flush_stdin(struct run *r);
void pump_attach(struct run *r);
int release_config(struct run *r);
void check_attach(struct run *r, const struct step *s);
int attach_step(struct run *r, const struct step *s);

/* ---- run_crash.c: the runtime's last words -------------------------------- */

void crash_pick_init(struct crash_pick *cp);
void crash_pick_release(struct crash_pick *cp);
/* One more line of stderr; 0, or -1 out of memory. */
int crash_pick_line(struct crash_pick *cp, const char *s, size_t len);
/* The lines of the app's stderr that name why it died ("Unhandled
 * exception. ...", "Fatal error. ...", their inner exceptions), each ending
 * in '\n', into out: those picked from the lines that left the window
 * (dropped), then from the window's; how many, or -1 out of memory. */
int crash_lines(const struct crash_pick *dropped, const struct capture *err, struct strbuf *out);
/* Puts them in front of the details and the first at the end of the
 * message; how many, or -1 out of memory. */
int add_crash(struct run *r);

/* ---- run_evaluate.c: after the run ---------------------------------------- */

int add_tail(struct run *r);
/* The case's <property> captures from the app's output, as properties of the result. */
int add_props(struct run *r);
/* capture's on_drop: the <outcome> stream checks and property captures
 * over a line leaving the window, and the crash lines of stderr. */
void check_dropped_line(void *ctx, int stream, size_t line, const char *s, size_t len);
int run_evaluate(struct run *r);
int judge_agent(struct run *r);

/* ---- run_runtime.c ---- */

/* Notes the runtime the app mapped, once it has written output and while
 * no version came from inside the process. */
void run_note_runtime(struct run *r);

#endif
