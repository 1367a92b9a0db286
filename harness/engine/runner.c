#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../attach/client.h"
#include "../channel/chan.h"
#include "wire/wire.h"
#include "../proc/proc.h"
#include "../util/strbuf.h"
#include "abi/cp_hresults.h"
#include "agent_run.h"
#include "matcher.h"

#define CAPTURE_MAX (8u * 1024 * 1024) /* bytes of each stream kept */
#define DRAIN_SECONDS 5.0               /* after exit, for streams to close */
#define TAIL_EVENTS 10                  /* events shown with a timeout */
#define TAIL_LINES 5                    /* output lines shown with a failure */
#define RING_POLL_MS 2                  /* how often the event ring is looked at */

/* Environment variables handed through from profcheck's own environment. */
static const char *const pass_through[] = {"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL",
                                           "DOTNET_ROOT", NULL};

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
    struct capture out[2]; /* STREAM_STDOUT, STREAM_STDERR */
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
    size_t line_cursor[2];
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

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void trace(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void trace(struct run *r, const char *fmt, ...)
{
    va_list ap;

    if (!r->env->trace)
        return;
    fprintf(r->env->trace, "  [%s %.3fs] ", r->c->id, now_seconds() - r->started);
    va_start(ap, fmt);
    vfprintf(r->env->trace, fmt, ap);
    va_end(ap);
    fputc('\n', r->env->trace);
    fflush(r->env->trace);
}

/* Decides the verdict (the first decision wins). */
static void decide(struct run *r, enum verdict v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void decide(struct run *r, enum verdict v, const char *fmt, ...)
{
    va_list ap;

    if (r->decided)
        return;
    r->decided = 1;
    r->verdict = v;
    strbuf_reset(&r->message);
    va_start(ap, fmt);
    strbuf_vaddf(&r->message, fmt, ap);
    va_end(ap);
}

/* ---- output capture ------------------------------------------------------- */

static void capture_init(struct capture *cp)
{
    memset(cp, 0, sizeof *cp);
    strbuf_init(&cp->text);
}

static void capture_release(struct capture *cp)
{
    strbuf_release(&cp->text);
    free(cp->lines);
    memset(cp, 0, sizeof *cp);
}

static int capture_push_line(struct capture *cp, size_t start, size_t end)
{
    if (cp->nlines == cp->cap) {
        size_t cap = cp->cap ? cp->cap * 2 : 64;
        struct line *v = realloc(cp->lines, cap * sizeof *v);
        if (!v)
            return -1;
        cp->lines = v;
        cp->cap = cap;
    }
    if (end > start && cp->text.buf[end - 1] == '\r')
        end--;
    cp->lines[cp->nlines].start = start;
    cp->lines[cp->nlines].len = end - start;
    cp->nlines++;
    return 0;
}

static int capture_add(struct capture *cp, const char *data, size_t n)
{
    size_t room = CAPTURE_MAX > cp->text.len ? CAPTURE_MAX - cp->text.len : 0;
    size_t keep = n < room ? n : room;
    size_t from = cp->text.len;

    cp->dropped += n - keep;
    if (keep == 0)
        return 0;
    if (strbuf_add(&cp->text, data, keep) < 0)
        return -1;
    for (size_t i = from; i < cp->text.len; i++) {
        if (cp->text.buf[i] != '\n')
            continue;
        if (capture_push_line(cp, cp->partial, i) < 0)
            return -1;
        cp->partial = i + 1;
    }
    return 0;
}

static int capture_finish(struct capture *cp)
{
    cp->eof = 1;
    if (cp->partial < cp->text.len) {
        if (capture_push_line(cp, cp->partial, cp->text.len) < 0)
            return -1;
        cp->partial = cp->text.len;
    }
    return 0;
}

static int line_matches(const struct line_match *m, const char *s, size_t len)
{
    char *copy;
    int ok;

    if (!m->is_regex)
        return strlen(m->text) == len && memcmp(m->text, s, len) == 0;
    copy = strndup(s, len);
    if (!copy)
        return 0;
    ok = regexec(&m->re, copy, 0, NULL, 0) == 0;
    free(copy);
    return ok;
}

/* Reads what is available from fd into cp; closes fd at EOF. */
static int drain_fd(int *fd, struct capture *cp)
{
    char buf[65536];

    while (*fd >= 0) {
        ssize_t n = read(*fd, buf, sizeof buf);

        if (n > 0) {
            if (capture_add(cp, buf, (size_t)n) < 0)
                return -1;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        close(*fd);
        *fd = -1;
        return capture_finish(cp);
    }
    return 0;
}

/* ---- the channel ---------------------------------------------------------- */

static const char *const body_modes[] = {"none", "text", "prologue", "original"};
static const char *const call_modes[] = {"normal", "zero-count", "null-arrays"};

/* The fields of a request (docs/protocol.md, "request"), keys after prefix. */
static void put_request(struct wire_writer *w, const char *prefix, const struct request_spec *rq)
{
    char key[64];

#define KEY(name) (snprintf(key, sizeof key, "%s%s", prefix, name), key)
    wire_put_str(w, KEY("request"), rq->revert ? "revert" : rq->with_inliners ? "rejit-with-inliners" : "rejit");
    if (rq->with_inliners)
        wire_put_u64(w, KEY("rejit-flags"), rq->rejit_flags);
    if (rq->tracked)
        wire_put_str(w, KEY("inliners"), "tracked");
    if (rq->codegen)
        wire_put_u64(w, KEY("codegen"), rq->codegen);
    if (rq->methods)
        wire_put_str(w, KEY("methods"), rq->methods);
    if (rq->raw_assembly) {
        wire_put_str(w, KEY("raw-assembly"), rq->raw_assembly);
        wire_put_u64(w, KEY("raw-token"), rq->raw_token);
    }
    wire_put_str(w, KEY("il-mode"), body_modes[rq->body]);
    if (rq->il)
        wire_put_str(w, KEY("il"), rq->il);
    wire_put_str(w, KEY("call"), call_modes[rq->call]);
#undef KEY
}

static int send_config(struct run *r)
{
    const struct profiler_setup *p = &r->c->profiler;
    uint8_t frame[16384];
    struct wire_writer w;
    struct err e;
    long len;

    wire_writer_init(&w, frame, sizeof frame, WIRE_CONFIG);
    wire_put_u64(&w, "mask", p->mask);
    wire_put_u64(&w, "mask-high", p->mask_high);
    if (p->only)
        wire_put_str(&w, "only", p->only);
    if (p->deny_inline)
        wire_put_str(&w, "deny-inline", p->deny_inline);
    if (p->fault)
        wire_put_str(&w, "fault", p->fault);
    if (p->record_none)
        wire_put_u64(&w, "record", 0);
    if (r->chan.ring.map)
        wire_put_str(&w, "ring", r->chan.ring_path);
    if (p->agent) /* a callback still running at half the timeout is reported (lint callback-hang) */
        wire_put_u64(&w, "hang-ms", (uint64_t)(r->c->timeout * r->env->timeout_scale * 500.0));
    if (p->trigger.present) {
        wire_put_str(&w, "trigger-callback", p->trigger.callback);
        wire_put_str(&w, "trigger-name", p->trigger.name);
        put_request(&w, "trigger-", &p->trigger.request);
    }
    len = wire_writer_finish(&w);
    if (len < 0) {
        decide(r, VERDICT_ERROR, "the profiler configuration does not fit in one frame");
        return 0;
    }
    err_init(&e);
    if (chan_send(&r->chan, frame, (size_t)len, &e) < 0) {
        strbuf_addf(&r->details, "cannot configure the profiler: %s\n", e.msg);
        return 0;
    }
    return 0;
}

static int handle_msg(struct run *r, const struct wire_msg *msg)
{
    const struct wire_field *f;
    struct event ev;

    switch (msg->kind) {
    case WIRE_HELLO:
        f = wire_msg_get(msg, "runtime-version");
        if (f && f->type == WIRE_STR && !r->runtime_version) {
            r->runtime_version = strndup(f->str, f->len);
            if (!r->runtime_version)
                return -1;
        }
        r->greeted = 1;
        trace(r, "profiler connected, runtime %s%s", r->runtime_version ? r->runtime_version : "?",
              r->hold_config ? " (configuration held back)" : "");
        if (r->hold_config)
            return 0;
        r->hello = 1;
        return send_config(r);
    case WIRE_EVENT:
        if (chan_msg_to_event(msg, &ev) < 0 || event_log_push(&r->log, &ev) < 0)
            return -1;
        if (r->env->trace) {
            struct strbuf sb = STRBUF_INIT;
            if (event_format(&r->log.v[r->log.len - 1], &sb) == 0)
                trace(r, "event %s", strbuf_str(&sb));
            strbuf_release(&sb);
        }
        return 0;
    case WIRE_REPLY:
        f = wire_msg_get(msg, "id");
        if (!f || f->type != WIRE_U64 || f->u != r->cmd_waiting)
            return 0;
        r->reply_ready = 1;
        f = wire_msg_get(msg, "hr");
        r->reply_hr = f && f->type == WIRE_HR ? f->hr : CP_E_FAIL;
        strbuf_reset(&r->reply_text);
        event_release(&r->reply);
        if (chan_msg_to_event(msg, &r->reply) < 0)
            return -1;
        for (size_t i = 0; i < r->reply.nfields; i++) {
            if (strcmp(r->reply.fields[i].key, "id") == 0)
                continue;
            strbuf_addf(&r->reply_text, "%s%s=", r->reply_text.len ? " " : "", r->reply.fields[i].key);
            field_format(&r->reply.fields[i], &r->reply_text);
        }
        return 0;
    case WIRE_LOG:
        f = wire_msg_get(msg, "text");
        if (f && f->type == WIRE_STR) {
            strbuf_add(&r->profiler_log, f->str, f->len);
            strbuf_addch(&r->profiler_log, '\n');
        }
        return 0;
    case WIRE_BYE:
        r->bye = 1;
        return 0;
    default:
        return 0;
    }
}

/* Handles every event in the ring so far. */
static int pump_ring(struct run *r, struct wire_msg *msg)
{
    while (chan_ring_next(&r->chan, msg) > 0)
        if (handle_msg(r, msg) < 0)
            return -1;
    return 0; /* a broken ring is noted in chan.error */
}

/*
 * Handles every frame that has arrived; reads until the socket has no more.
 * The ring is emptied before each socket frame: the profiler put its events
 * there before it wrote the frame, so events and replies keep their order.
 */
static int pump_channel(struct run *r)
{
    struct wire_msg *msg = malloc(sizeof *msg);
    int rc = 0;

    if (!msg)
        return -1;
    while (rc == 0) {
        int got;
        size_t before;

        if (pump_ring(r, msg) < 0) {
            rc = -1;
            break;
        }
        got = chan_next(&r->chan, msg);
        if (got > 0) {
            rc = handle_msg(r, msg);
            continue;
        }
        if (got < 0 || r->chan.fd < 0)
            break; /* a malformed frame (noted in chan.error) or the end */
        before = r->chan.inlen;
        if (chan_fill(&r->chan) < 0 || r->chan.inlen == before)
            break; /* nothing more to read now */
    }
    if (rc == 0)
        rc = pump_ring(r, msg); /* what came after the last socket frame */
    free(msg);
    return rc;
}

/* Starts a COMMAND frame for `command` with a fresh id. */
static void command_begin(struct run *r, struct wire_writer *w, uint8_t *buf, size_t size, const char *command)
{
    r->cmd_waiting = ++r->next_cmd_id;
    r->reply_ready = 0;
    wire_writer_init(w, buf, size, WIRE_COMMAND);
    wire_put_u64(w, "id", r->cmd_waiting);
    wire_put_str(w, "command", command);
}

static void command_send(struct run *r, struct wire_writer *w, const char *command)
{
    long len = wire_writer_finish(w);
    struct err e;

    err_init(&e);
    if (len < 0) {
        decide(r, VERDICT_ERROR, "%s:%d: command '%s' does not fit in one frame", r->c->path,
               r->c->steps[r->step].line, command);
        return;
    }
    if (chan_send(&r->chan, w->buf, (size_t)len, &e) < 0)
        decide(r, VERDICT_FAIL, "%s:%d: cannot send command '%s': %s", r->c->path, r->c->steps[r->step].line,
               command, e.msg);
}

/* ---- steps ---------------------------------------------------------------- */

static const char *stream_name(enum stream_id s)
{
    return s == STREAM_STDOUT ? "stdout" : "stderr";
}

static void step_begin(struct run *r)
{
    double now = now_seconds();
    const struct step *s;

    r->step_deadline = r->deadline;
    if (r->step >= r->c->nsteps)
        return;
    s = &r->c->steps[r->step];
    if (s->timeout > 0 && now + s->timeout * r->env->timeout_scale < r->deadline)
        r->step_deadline = now + s->timeout * r->env->timeout_scale;
    trace(r, "step %zu: %s", r->step + 1, s->source);
}

static int write_line(struct run *r, const char *text)
{
    size_t len = strlen(text);
    char *line = malloc(len + 1);
    size_t off = 0;

    if (!line)
        return -1;
    memcpy(line, text, len);
    line[len] = '\n';
    while (off < len + 1) {
        ssize_t n;

        if (r->proc.in_fd < 0) {
            decide(r, VERDICT_FAIL, "%s:%d: cannot send '%s': the app's stdin is closed", r->c->path,
                   r->c->steps[r->step].line, text);
            break;
        }
        n = write(r->proc.in_fd, line + off, len + 1 - off);
        if (n > 0) {
            off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {r->proc.in_fd, POLLOUT, 0};
            if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
                break;
            if (now_seconds() > r->deadline) {
                decide(r, VERDICT_TIMEOUT, "%s:%d: the app does not read its stdin", r->c->path,
                       r->c->steps[r->step].line);
                break;
            }
            continue;
        }
        decide(r, VERDICT_FAIL, "%s:%d: cannot send '%s': the app closed its stdin (%s)", r->c->path,
               r->c->steps[r->step].line, text, strerror(errno));
        break;
    }
    free(line);
    return 0;
}

/* Resident memory of the app in KiB (VmRSS), or -1. */
static long app_rss_kib(pid_t pid)
{
    char path[64], line[256];
    long kib = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

static int measure_step(struct run *r, const struct step *s)
{
    long kib = app_rss_kib(r->proc.pid);
    struct measurement *m;
    char name[160];

    if (kib < 0) {
        decide(r, VERDICT_FAIL, "%s:%d: cannot read the app's memory: it is gone", r->c->path, s->line);
        return 1;
    }
    m = realloc(r->measures, (r->nmeasures + 1) * sizeof *m);
    if (!m)
        return -1;
    r->measures = m;
    m[r->nmeasures].name = strdup(s->text);
    if (!m[r->nmeasures].name)
        return -1;
    m[r->nmeasures++].rss_kib = kib;
    snprintf(name, sizeof name, "%s.rss-kib", s->text);
    if (result_add_prop(r->result, name, "%ld", kib) < 0)
        return -1;
    trace(r, "measure %s: rss %ld KiB", s->text, kib);
    if (s->since) {
        for (size_t i = 0; i < r->nmeasures; i++) {
            if (strcmp(r->measures[i].name, s->since) != 0)
                continue;
            snprintf(name, sizeof name, "%s.rss-growth-kib", s->text);
            if (result_add_prop(r->result, name, "%ld", kib - r->measures[i].rss_kib) < 0)
                return -1;
            break;
        }
    }
    return 1;
}

/* Checks a reply's HRESULT (and statuses) against the step; decides on a mismatch. */
static void check_reply(struct run *r, const struct step *s)
{
    const struct field *resolved = event_get(&r->reply, "resolved");
    const struct field *why = event_get(&r->reply, "why");
    int32_t want = s->has_expect_hr ? s->expect_hr : 0;
    char got[96], exp[96];

    if ((s->kind == STEP_REQUEST || s->kind == STEP_DEFINE) && resolved && resolved->type == VAL_U64 &&
        resolved->u == 0) {
        decide(r, VERDICT_ERROR, "%s:%d: %s: no request was made: %s", r->c->path, s->line, s->source,
               why && why->type == VAL_STR ? why->s : "a method did not resolve");
        return;
    }
    if (r->reply_hr != want) {
        cp_hr_format(r->reply_hr, got, sizeof got);
        cp_hr_format(want, exp, sizeof exp);
        decide(r, VERDICT_FAIL, "%s:%d: %s returned %s, expected %s", r->c->path, s->line, s->source, got, exp);
        strbuf_addf(&r->details, "reply: %s\n", strbuf_str(&r->reply_text));
        return;
    }
    if (s->expect_status) {
        const struct field *st = event_get(&r->reply, "statuses");
        const char *p = st && st->type == VAL_STR ? st->s : "";
        int32_t want_status, got_status;
        int ok = *p != '\0';

        cp_hr_parse(s->expect_status, &want_status);
        while (ok && *p) {
            char one[64];
            size_t n = strcspn(p, " ");
            snprintf(one, sizeof one, "%.*s", (int)n, p);
            ok = cp_hr_parse(one, &got_status) == 0 && got_status == want_status;
            p += n;
            p += *p == ' ';
        }
        if (!ok) {
            decide(r, VERDICT_FAIL, "%s:%d: %s: statuses are '%s', expected %s for every method", r->c->path, s->line,
                   s->source, st && st->type == VAL_STR ? st->s : "", s->expect_status);
            strbuf_addf(&r->details, "reply: %s\n", strbuf_str(&r->reply_text));
        }
    }
}

/* A step that is a command to the profiler: sends it once, then waits for the reply. */
static int command_step(struct run *r, const struct step *s)
{
    uint8_t frame[16384];
    struct wire_writer w;

    if (!r->hello)
        return 0;
    if (r->cmd_waiting == 0) {
        switch (s->kind) {
        case STEP_RESOLVE:
            command_begin(r, &w, frame, sizeof frame, "resolve");
            wire_put_str(&w, "method", s->text);
            command_send(r, &w, "resolve");
            break;
        case STEP_REQUEST:
            command_begin(r, &w, frame, sizeof frame, "request");
            put_request(&w, "", &s->request);
            command_send(r, &w, "request");
            break;
        case STEP_DETACH:
            command_begin(r, &w, frame, sizeof frame, "detach");
            wire_put_u64(&w, "expected-ms", s->mask);
            command_send(r, &w, "detach");
            break;
        case STEP_DEFINE:
            command_begin(r, &w, frame, sizeof frame, "define");
            for (size_t i = 0; i < s->nargs; i++)
                wire_put_str(&w, s->args[i].key, s->args[i].value);
            command_send(r, &w, "define");
            break;
        default:
            command_begin(r, &w, frame, sizeof frame, "set-event-mask");
            wire_put_u64(&w, "mask", s->mask);
            wire_put_u64(&w, "mask-high", s->mask_high);
            command_send(r, &w, "set-event-mask");
            break;
        }
        return 0;
    }
    if (!r->reply_ready)
        return 0;
    r->cmd_waiting = 0;
    trace(r, "reply: %s", strbuf_str(&r->reply_text));
    check_reply(r, s);
    return 1;
}

/* ---- attaching ------------------------------------------------------------ */

static const char *attach_status_name(int status)
{
    switch (status) {
    case ATTACH_NO_SOCKET: return "no-socket";
    case ATTACH_REFUSED: return "refused";
    case ATTACH_NO_REPLY: return "no-reply";
    case ATTACH_BAD_REPLY: return "bad-reply";
    case ATTACH_NO_PROCESS: return "no-process";
    case ATTACH_TIMEOUT: return "timeout";
    default: return "local-error";
    }
}

static void attach_end(struct run *r, int status, int32_t hr, const char *msg)
{
    if (r->attach_fd >= 0)
        close(r->attach_fd);
    r->attach_fd = -1;
    r->attach_done = 1;
    r->attach_status = status;
    r->attach_hr = hr;
    snprintf(r->attach_msg, sizeof r->attach_msg, "%s", msg);
    if (status == ATTACH_OK || status == ATTACH_RUNTIME_ERROR) {
        char text[96];
        cp_hr_format(hr, text, sizeof text);
        trace(r, "attach answered %s", text);
    } else {
        trace(r, "attach ended without an answer (%s): %s", attach_status_name(status), msg);
    }
}

/* Reads the runtime's answer as it comes. */
static void pump_attach(struct run *r)
{
    struct err e;
    int32_t hr = 0;
    int rc;

    if (r->attach_fd < 0)
        return;
    err_init(&e);
    rc = attach_client_read(r->attach_fd, &r->attach_rd, &hr, &e);
    if (rc > 0)
        attach_end(r, hr < 0 ? ATTACH_RUNTIME_ERROR : ATTACH_OK, hr, "");
    else if (rc < 0)
        attach_end(r, rc, 0, e.msg);
}

/* Sends the CONFIG an <attach hold="true"> kept back. */
static int release_config(struct run *r)
{
    if (!r->hold_config)
        return 0;
    r->hold_config = 0;
    if (!r->greeted)
        return 0;
    trace(r, "configuration released");
    r->hello = 1;
    return send_config(r);
}

/* Compares how the attach ended with what the step expects. */
static void check_attach(struct run *r, const struct step *s)
{
    char got[160], want[96];

    if (r->attach_status == ATTACH_OK || r->attach_status == ATTACH_RUNTIME_ERROR) {
        cp_hr_format(r->attach_hr, got, sizeof got);
    } else {
        snprintf(got, sizeof got, "no answer (%s)", attach_status_name(r->attach_status));
    }
    if (s->attach.expect_error) {
        if (strcmp(attach_status_name(r->attach_status), s->attach.expect_error) != 0 ||
            r->attach_status == ATTACH_OK || r->attach_status == ATTACH_RUNTIME_ERROR)
            decide(r, VERDICT_FAIL, "%s:%d: %s: the attach ended with %s, expected %s", r->c->path, s->line,
                   s->source, got, s->attach.expect_error);
    } else if (r->attach_status != ATTACH_OK && r->attach_status != ATTACH_RUNTIME_ERROR) {
        decide(r, VERDICT_FAIL, "%s:%d: %s: %s", r->c->path, s->line, s->source, r->attach_msg);
    } else if (r->attach_hr != (s->has_expect_hr ? s->expect_hr : 0)) {
        cp_hr_format(s->has_expect_hr ? s->expect_hr : 0, want, sizeof want);
        decide(r, VERDICT_FAIL, "%s:%d: %s: the runtime answered %s, expected %s", r->c->path, s->line, s->source,
               got, want);
    }
    if (r->decided && r->attach_msg[0] && s->attach.expect_error)
        strbuf_addf(&r->details, "attach: %s\n", r->attach_msg);
}

static int attach_step(struct run *r, const struct step *s)
{
    if (!r->attach_pending) {
        struct attach_request rq;
        struct err e;
        int fd = -1, rc;

        memset(&rq, 0, sizeof rq);
        err_init(&e);
        if (ipc_guid_parse(s->attach.clsid      ? s->attach.clsid
                           : r->c->profiler.clsid ? r->c->profiler.clsid
                                                  : r->env->clsid,
                           &rq.clsid, &e) < 0) {
            decide(r, VERDICT_ERROR, "%s:%d: %s: %s", r->c->path, s->line, s->source, e.msg);
            return 1;
        }
        rq.profiler_path = s->attach.profiler      ? s->attach.profiler
                           : r->c->profiler.path ? r->c->profiler.path
                                                 : r->env->profiler_path;
        rq.client_data = s->attach.client_data ? s->attach.client_data : r->chan.path;
        rq.client_data_len = strlen(rq.client_data);
        rq.timeout = 10000;
        r->attach_pending = 1;
        r->attach_done = 0;
        r->attach_rd.len = 0;
        r->greeted = r->hello; /* a profiler already there has said its HELLO */
        r->hold_config = s->attach.hold;
        rc = attach_client_start(r->proc.pid, &rq, &fd, &e);
        if (rc < 0) {
            attach_end(r, rc, 0, e.msg);
        } else {
            r->attach_fd = fd;
            trace(r, "attach sent to pid %d", (int)r->proc.pid);
        }
    }
    if (s->attach.hold) {
        /* Done once the profiler is inside InitializeForAttach (or it never got there). */
        if (!(r->greeted && !r->hello) && !r->attach_done)
            return 0;
        r->attach_pending = 0;
        return 1;
    }
    pump_attach(r);
    if (!r->attach_done)
        return 0;
    r->attach_pending = 0;
    check_attach(r, s);
    return 1;
}

/* Tries to complete the current step; 1 when it did, 0 when it waits. */
static int step_try(struct run *r)
{
    const struct step *s = &r->c->steps[r->step];
    struct capture *cp;
    struct bindings none;

    switch (s->kind) {
    case STEP_SEND:
        if (write_line(r, s->text) < 0)
            return -1;
        return 1;
    case STEP_WAIT_LINE:
        cp = &r->out[s->stream];
        for (size_t i = r->line_cursor[s->stream]; i < cp->nlines; i++) {
            if (line_matches(&s->match, cp->text.buf + cp->lines[i].start, cp->lines[i].len)) {
                r->line_cursor[s->stream] = i + 1;
                return 1;
            }
        }
        return 0;
    case STEP_WAIT_EVENT:
        bindings_init(&none);
        for (size_t i = r->event_cursor; i < r->log.len; i++) {
            if (pattern_match(&s->pattern, &r->log.v[i], &none)) {
                r->event_cursor = i + 1;
                return 1;
            }
        }
        return 0;
    case STEP_RESOLVE:
    case STEP_REQUEST:
    case STEP_SET_MASK:
    case STEP_DETACH:
    case STEP_DEFINE:
        return command_step(r, s);
    case STEP_MEASURE:
        return measure_step(r, s);
    case STEP_ATTACH:
        return attach_step(r, s);
    case STEP_ATTACH_REPLY:
        if (!s->attach.keep_held && release_config(r) < 0)
            return -1;
        if (!r->attach_done)
            return 0;
        check_attach(r, s);
        return 1;
    }
    return 0;
}

static int advance_steps(struct run *r)
{
    while (!r->decided && r->step < r->c->nsteps) {
        int rc = step_try(r);

        if (rc < 0)
            return -1;
        if (rc == 0)
            return 0;
        r->step++;
        step_begin(r);
    }
    return 0;
}

static int add_tail(struct run *r)
{
    size_t from = r->log.len > TAIL_EVENTS ? r->log.len - TAIL_EVENTS : 0;

    if (r->c->profiler.load == LOAD_NONE) {
        /* no profiler, no events */
    } else if (r->log.len == 0) {
        if (strbuf_adds(&r->details, "no events were recorded\n") < 0)
            return -1;
    } else if (strbuf_addf(&r->details, "last %zu of %zu events:\n", r->log.len - from, r->log.len) < 0 ||
               matcher_dump_events(&r->log, from, r->log.len, &r->details) < 0) {
        return -1;
    }
    for (int s = 0; s < 2; s++) {
        const struct capture *cp = &r->out[s];
        size_t first = cp->nlines > TAIL_LINES ? cp->nlines - TAIL_LINES : 0;

        if (cp->nlines == 0)
            continue;
        if (strbuf_addf(&r->details, "last lines of %s:\n", stream_name((enum stream_id)s)) < 0)
            return -1;
        for (size_t i = first; i < cp->nlines; i++)
            if (strbuf_adds(&r->details, "  ") < 0 ||
                strbuf_add(&r->details, cp->text.buf + cp->lines[i].start, cp->lines[i].len) < 0 ||
                strbuf_addch(&r->details, '\n') < 0)
                return -1;
    }
    return 0;
}

static void fail_waiting_step(struct run *r, enum verdict v, const char *why)
{
    const struct step *s = &r->c->steps[r->step];

    decide(r, v, "%s:%d: %s while waiting at step %zu %s", r->c->path, s->line, why, r->step + 1, s->source);
}

/* ---- the process ---------------------------------------------------------- */

static int build_env(struct run *r, char ***out)
{
    const struct case_def *c = r->c;
    size_t cap = 32 + c->nenv + r->env->nchild_env, n = 0;
    char **env = calloc(cap, sizeof *env);
    struct strbuf sb = STRBUF_INIT;

#define PUSH(...)                                                                                            \
    do {                                                                                                     \
        strbuf_reset(&sb);                                                                                   \
        if (n + 1 >= cap || strbuf_addf(&sb, __VA_ARGS__) < 0 || !(env[n++] = strdup(strbuf_str(&sb))))      \
            goto oom;                                                                                        \
    } while (0)

    if (!env)
        return -1;
    for (const char *const *v = pass_through; *v; v++) {
        const char *val = getenv(*v);
        if (val)
            PUSH("%s=%s", *v, val);
    }
    PUSH("TMPDIR=%s", r->dir);
    PUSH("DOTNET_CLI_TELEMETRY_OPTOUT=1");
    PUSH("DOTNET_NOLOGO=1");
    PUSH("%s=%s", PROC_COOKIE_VAR, r->cookie);
    PUSH("PROFCHECK_ATTEMPT=%d", r->env->attempt > 0 ? r->env->attempt : 1);
    for (size_t i = 0; i < c->nenv; i++)
        PUSH("%s=%s", c->env[i].name, c->env[i].value);
    for (size_t i = 0; i < r->env->nchild_env; i++)
        PUSH("%s", r->env->child_env[i]);
    if (c->profiler.agent) {
        /* The reference profiler as the proxy; path and clsid of the case name the agent. */
        PUSH("CORECLR_ENABLE_PROFILING=1");
        PUSH("CORECLR_PROFILER=%s", r->env->clsid);
        PUSH("CORECLR_PROFILER_PATH=%s", r->env->profiler_path);
        PUSH("PROFCHECK_CHANNEL=%s", r->chan.path);
        PUSH("PROFCHECK_AGENT=%s", r->agent.path);
        PUSH("PROFCHECK_AGENT_CLSID=%s", r->agent.clsid);
    } else if (c->profiler.load == LOAD_STARTUP) {
        PUSH("CORECLR_ENABLE_PROFILING=1");
        PUSH("CORECLR_PROFILER=%s", c->profiler.clsid ? c->profiler.clsid : r->env->clsid);
        PUSH("CORECLR_PROFILER_PATH=%s", c->profiler.path ? c->profiler.path : r->env->profiler_path);
        PUSH("PROFCHECK_CHANNEL=%s", r->chan.path);
        PUSH("PROFCHECK_CALLBACKS=%d", c->profiler.callback_max);
    }
#undef PUSH
    strbuf_release(&sb);
    env[n] = NULL;
    *out = env;
    return 0;
oom:
    strbuf_release(&sb);
    for (size_t i = 0; i < n; i++)
        free(env[i]);
    free(env);
    return -1;
}

static void strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

static int start_app(struct run *r)
{
    const struct case_def *c = r->c;
    char dll[PATH_MAX];
    char **argv = NULL, **envp = NULL;
    struct proc_spec spec;
    struct err e;
    int n, rc = 0;

    n = snprintf(dll, sizeof dll, "%s/%s/%s.dll", r->env->fixtures_dir, c->fixture, c->fixture);
    if (n < 0 || (size_t)n >= sizeof dll || access(dll, R_OK) != 0) {
        decide(r, VERDICT_ERROR, "%s: fixture '%s' is not built: no %s (run `make build`)", c->path, c->fixture,
               dll);
        return 0;
    }
    argv = calloc(c->nargs + 3, sizeof *argv);
    if (!argv)
        return -1;
    argv[0] = strdup(r->env->dotnet);
    argv[1] = strdup(dll);
    for (size_t i = 0; i < c->nargs; i++)
        argv[2 + i] = strdup(c->args[i]);
    for (size_t i = 0; i < c->nargs + 2; i++)
        if (!argv[i])
            rc = -1;
    if (rc == 0)
        rc = build_env(r, &envp);
    if (rc == 0) {
        spec.path = r->env->dotnet;
        spec.argv = argv;
        spec.envp = envp;
        spec.cwd = r->dir;
        err_init(&e);
        if (proc_spawn(&r->proc, &spec, &e) < 0)
            decide(r, VERDICT_ERROR, "%s", e.msg);
        else {
            r->chan.owner = r->proc.pid; /* only the app's process tree may join the channel */
            trace(r, "started %s %s (pid %d)", r->env->dotnet, dll, (int)r->proc.pid);
        }
    }
    strv_free(argv);
    strv_free(envp);
    return rc;
}

static int all_streams_closed(struct run *r)
{
    int chan_done = r->c->profiler.load == LOAD_NONE || !r->chan.connected || r->chan.eof;

    return r->proc.out_fd < 0 && r->proc.err_fd < 0 && chan_done;
}

static int loop(struct run *r)
{
    for (;;) {
        struct pollfd fds[6];
        nfds_t nfds = 0;
        double now, wake;
        int timeout_ms;

        if (*r->env->stop) {
            r->interrupted = !r->decided;
            if (r->step < r->c->nsteps)
                fail_waiting_step(r, VERDICT_ERROR, "interrupted");
            else
                decide(r, VERDICT_ERROR, "%s: interrupted while waiting for the app to exit", r->c->path);
            return add_tail(r);
        }
        if (advance_steps(r) < 0)
            return -1;
        if (r->decided)
            return 0;
        if (r->step >= r->c->nsteps && r->proc.in_fd >= 0) {
            close(r->proc.in_fd);
            r->proc.in_fd = -1;
        }
        now = now_seconds();
        if (proc_check_exit(&r->proc) && r->drain_deadline == 0)
            r->drain_deadline = now + DRAIN_SECONDS * r->env->timeout_scale;
        if (r->proc.exited && all_streams_closed(r)) {
            char st[96], why[128];
            if (r->step + 1 == r->c->nsteps && r->c->steps[r->step].app_ends) {
                trace(r, "the app ended during the last step, as app-ends=\"true\" says");
                r->step++;
                return 0;
            }
            if (r->step < r->c->nsteps) {
                proc_describe_status(r->proc.status, st, sizeof st);
                snprintf(why, sizeof why, "the app ended (%s)", st);
                fail_waiting_step(r, VERDICT_FAIL, why);
                return add_tail(r);
            }
            return 0;
        }
        if (now >= r->deadline) {
            if (r->step < r->c->nsteps) {
                char why[64];
                snprintf(why, sizeof why, "timed out after %.0fs", r->c->timeout * r->env->timeout_scale);
                fail_waiting_step(r, VERDICT_TIMEOUT, why);
            } else {
                decide(r, VERDICT_TIMEOUT, "%s: timed out after %.0fs waiting for the app to exit", r->c->path,
                       r->c->timeout * r->env->timeout_scale);
            }
            return add_tail(r);
        }
        if (r->step < r->c->nsteps && now >= r->step_deadline) {
            char why[64];
            snprintf(why, sizeof why, "step timed out after %.1fs",
                     r->c->steps[r->step].timeout * r->env->timeout_scale);
            fail_waiting_step(r, VERDICT_TIMEOUT, why);
            return add_tail(r);
        }
        if (r->drain_deadline > 0 && now >= r->drain_deadline) {
            strbuf_adds(&r->details, "the app exited but its output streams stayed open (held by a descendant?)\n");
            return 0;
        }

        wake = r->deadline;
        if (r->step < r->c->nsteps && r->step_deadline < wake)
            wake = r->step_deadline;
        if (r->drain_deadline > 0 && r->drain_deadline < wake)
            wake = r->drain_deadline;
        timeout_ms = (int)((wake - now) * 1000) + 1;
        if (timeout_ms > 250)
            timeout_ms = 250; /* the stop flag and exits without pidfd */
        if (r->chan.ring.map && r->chan.connected && timeout_ms > RING_POLL_MS)
            timeout_ms = RING_POLL_MS; /* events arrive in the ring without a wakeup */

        if (r->proc.out_fd >= 0)
            fds[nfds++] = (struct pollfd){r->proc.out_fd, POLLIN, 0};
        if (r->proc.err_fd >= 0)
            fds[nfds++] = (struct pollfd){r->proc.err_fd, POLLIN, 0};
        if (r->chan.fd >= 0)
            fds[nfds++] = (struct pollfd){r->chan.fd, POLLIN, 0};
        if (r->chan.listen_fd >= 0)
            fds[nfds++] = (struct pollfd){r->chan.listen_fd, POLLIN, 0};
        if (r->proc.pidfd >= 0 && !r->proc.exited)
            fds[nfds++] = (struct pollfd){r->proc.pidfd, POLLIN, 0};
        if (r->attach_fd >= 0)
            fds[nfds++] = (struct pollfd){r->attach_fd, POLLIN, 0};
        if (poll(fds, nfds, timeout_ms) < 0 && errno != EINTR) {
            decide(r, VERDICT_ERROR, "poll failed: %s", strerror(errno));
            return 0;
        }
        if (drain_fd(&r->proc.out_fd, &r->out[STREAM_STDOUT]) < 0 ||
            drain_fd(&r->proc.err_fd, &r->out[STREAM_STDERR]) < 0)
            return -1;
        if (r->chan.listen_fd >= 0) {
            struct err e;
            err_init(&e);
            if (chan_accept(&r->chan, &e) < 0)
                strbuf_addf(&r->details, "%s\n", e.msg);
        }
        if (pump_channel(r) < 0)
            return -1;
        pump_attach(r);
    }
}

/* ---- after the run -------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static int check_outcome(struct run *r)
{
    const struct outcome *o = &r->c->outcome;
    char st[96];
    int status = r->proc.status;

    proc_describe_status(status, st, sizeof st);
    if (o->has_exit && !(WIFEXITED(status) && WEXITSTATUS(status) == o->exit_code)) {
        decide(r, VERDICT_FAIL, "%s:%d: the app ended with %s, expected exit code %d", r->c->path, o->line, st,
               o->exit_code);
        return add_tail(r);
    }
    if (o->has_signal && !(WIFSIGNALED(status) && WTERMSIG(status) == o->signal)) {
        decide(r, VERDICT_FAIL, "%s:%d: the app ended with %s, expected signal %d", r->c->path, o->line, st,
               o->signal);
        return add_tail(r);
    }
    if (!o->has_exit && !o->has_signal && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        decide(r, VERDICT_FAIL, "%s: the app ended with %s (add <outcome> if that is expected)", r->c->path, st);
        return add_tail(r);
    }
    return 0;
}

static int check_streams(struct run *r)
{
    const struct outcome *o = &r->c->outcome;

    for (size_t i = 0; i < o->nstreams && !r->decided; i++) {
        const struct stream_check *sc = &o->streams[i];
        const struct capture *cp = &r->out[sc->stream];
        const char *text = strbuf_str(&cp->text);
        int ok = 1;

        switch (sc->op) {
        case STREAM_CONTAINS:
            ok = strstr(text, sc->match.text) != NULL;
            break;
        case STREAM_NOT_CONTAINS:
            ok = strstr(text, sc->match.text) == NULL;
            break;
        case STREAM_MATCHES:
            ok = 0;
            for (size_t l = 0; l < cp->nlines && !ok; l++)
                ok = line_matches(&sc->match, cp->text.buf + cp->lines[l].start, cp->lines[l].len);
            break;
        case STREAM_EMPTY:
            ok = cp->text.len == 0 && cp->dropped == 0;
            break;
        }
        if (!ok) {
            decide(r, VERDICT_FAIL, "%s:%d: %s does not hold", r->c->path, sc->line, sc->source);
            if (add_tail(r) < 0)
                return -1;
        }
    }
    return 0;
}

static int evaluate(struct run *r)
{
    struct strbuf message = STRBUF_INIT, details = STRBUF_INIT;
    int rc;

    if (check_outcome(r) < 0)
        return -1;
    if (r->decided)
        return 0;
    if (r->chan.error[0]) {
        /* A profiler that breaks the protocol leaves nothing trustworthy to check. */
        decide(r, VERDICT_ERROR, "%s: the profiler broke the channel protocol: %s", r->c->path, r->chan.error);
        return add_tail(r);
    }
    if (r->c->profiler.load == LOAD_STARTUP && !r->hello) {
        /* The case was meant to run under the profiler; without it nothing it shows counts. */
        decide(r, VERDICT_ERROR, "%s: the profiler was not loaded: it never connected to the channel",
               r->c->path);
        return add_tail(r);
    }
    if (r->c->profiler.agent) {
        for (size_t i = 0; i < r->log.len; i++) {
            const char *name = event_name(&r->log.v[i]);
            const struct field *why = event_get(&r->log.v[i], "error");
            if (name && strcmp(name, "AgentLoadFailed") == 0) {
                decide(r, VERDICT_ERROR, "%s: the proxy could not load the agent %s: %s", r->c->path, r->agent.path,
                       why && why->type == VAL_STR ? why->s : "no reason given");
                return add_tail(r);
            }
        }
    }
    rc = matcher_run(r->c, &r->log, &message, &details);
    if (rc < 0) {
        strbuf_release(&message);
        strbuf_release(&details);
        return -1;
    }
    if (rc == 1) {
        decide(r, VERDICT_FAIL, "%s", strbuf_str(&message));
        strbuf_add(&r->details, details.buf, details.len);
    }
    strbuf_release(&message);
    strbuf_release(&details);
    if (r->decided)
        return 0;
    if (check_streams(r) < 0)
        return -1;
    if (!r->decided)
        decide(r, VERDICT_PASS, "%s", "");
    return 0;
}

/* The agent lints come first: a lint that fires explains what else went
 * wrong (a hang, a changed result), which goes to the details. */
static int judge_agent(struct run *r)
{
    struct strbuf message = STRBUF_INIT, details = STRBUF_INIT;
    int rc = agent_run_lints(&r->log, &message, &details);

    if (rc == 1) {
        if (r->decided && r->verdict != VERDICT_PASS && r->message.len)
            strbuf_addf(&details, "besides: %s\n", strbuf_str(&r->message));
        r->decided = 1;
        r->verdict = VERDICT_FAIL;
        strbuf_reset(&r->message);
        strbuf_add(&r->message, message.buf, message.len);
        strbuf_add(&r->details, details.buf, details.len);
    }
    strbuf_release(&message);
    strbuf_release(&details);
    return rc < 0 ? -1 : 0;
}

static int make_run_dir(struct run *r)
{
    int n = snprintf(r->dir, sizeof r->dir, "%s/profcheck-XXXXXX", r->env->tmp_root);

    if (n < 0 || (size_t)n >= sizeof r->dir || !mkdtemp(r->dir)) {
        decide(r, VERDICT_ERROR, "cannot create a run directory under '%s': %s", r->env->tmp_root, strerror(errno));
        r->dir[0] = '\0';
        return 0;
    }
    /* The cookie: unique among concurrent runs, derived from the directory. */
    snprintf(r->cookie, sizeof r->cookie, "%d-%s", (int)getpid(), strrchr(r->dir, '-') + 1);
    return 0;
}

/* What a result keeps of a stream: all of it, or its first and last
 * RESULT_OUTPUT_KEEP / 2 bytes (the rest is counted in *left_out). */
static char *kept_output(const struct strbuf *text, size_t *left_out)
{
    const char *s = strbuf_str(text);
    size_t len = strlen(s), half = RESULT_OUTPUT_KEEP / 2;
    char *kept;

    *left_out = 0;
    if (len <= RESULT_OUTPUT_KEEP)
        return strdup(s);
    kept = malloc(2 * half + 1);
    if (!kept)
        return NULL;
    memcpy(kept, s, half);
    memcpy(kept + half, s + len - half, half);
    kept[2 * half] = '\0';
    *left_out = len - 2 * half;
    return kept;
}

static int finish(struct run *r, struct result *out)
{
    char area[128];

    out->verdict = r->verdict;
    out->interrupted = r->interrupted;
    out->seconds = now_seconds() - r->started;
    case_area(r->c->id, area, sizeof area);
    out->id = strdup(r->c->id);
    out->area = strdup(area);
    out->message = r->message.len ? strdup(r->message.buf) : NULL;
    out->details = r->details.len ? strdup(r->details.buf) : NULL;
    out->stdout_text = kept_output(&r->out[0].text, &out->stdout_left_out);
    out->stderr_text = kept_output(&r->out[1].text, &out->stderr_left_out);
    out->runtime_version = r->runtime_version;
    out->event_count = r->log.len;
    r->runtime_version = NULL;
    if (r->verdict != VERDICT_PASS) {
        out->events = r->log;
        event_log_init(&r->log);
    }
    if (!out->id || !out->area || (r->message.len && !out->message) || (r->details.len && !out->details) ||
        !out->stdout_text || !out->stderr_text)
        return -1;
    return 0;
}

int runner_run(const struct run_env *env, const struct case_def *c, struct result *out)
{
    struct run r;
    int rc = 0;
    int survivors;

    memset(&r, 0, sizeof r);
    r.env = env;
    r.c = c;
    r.started = now_seconds();
    r.deadline = r.started + c->timeout * env->timeout_scale;
    proc_init(&r.proc);
    chan_init(&r.chan);
    capture_init(&r.out[0]);
    capture_init(&r.out[1]);
    event_log_init(&r.log);
    strbuf_init(&r.profiler_log);
    strbuf_init(&r.reply_text);
    strbuf_init(&r.message);
    strbuf_init(&r.details);
    result_init(out);
    out->started = time(NULL);
    r.result = out;

    make_run_dir(&r);
    r.attach_fd = -1;
    if (!r.decided && c->profiler.agent) {
        agent_run_resolve(env, c, &r.agent);
        rc = agent_run_preflight(&r.agent, out, &r.message, &r.details);
        if (rc == 1) {
            r.decided = 1;
            r.verdict = VERDICT_FAIL;
        }
        rc = rc < 0 ? -1 : 0;
    }
    if (!r.decided && (c->profiler.load == LOAD_STARTUP || c->profiler.load == LOAD_ATTACH)) {
        struct err e;
        err_init(&e);
        if (chan_listen(&r.chan, r.dir, &e) < 0)
            decide(&r, VERDICT_ERROR, "%s", e.msg);
        else if (chan_ring_create(&r.chan, r.dir, &e) < 0)
            trace(&r, "no event ring (%s): events come over the socket", e.msg);
    }
    if (rc == 0 && !r.decided)
        rc = start_app(&r);
    if (rc == 0 && !r.decided) {
        step_begin(&r);
        rc = loop(&r);
    }

    /* Whatever happened, nothing of the run stays alive. */
    if (r.proc.pid > 0) {
        survivors = proc_kill_tree(&r.proc, r.cookie);
        drain_fd(&r.proc.out_fd, &r.out[0]);
        drain_fd(&r.proc.err_fd, &r.out[1]);
        capture_finish(&r.out[0]);
        capture_finish(&r.out[1]);
        if (rc == 0)
            rc = pump_channel(&r);
        if (survivors > 0) {
            pid_t first = 0;
            char comm[64] = "";
            proc_count_cookie(r.cookie, &first, comm, sizeof comm);
            decide(&r, VERDICT_ERROR, "%d process(es) of the run survived the kill (pid %d, %s)", survivors,
                   (int)first, comm);
        }
    }
    if (rc == 0 && !r.decided)
        rc = evaluate(&r);
    if (rc == 0 && c->profiler.agent && r.hello && !r.interrupted)
        rc = judge_agent(&r);
    if (r.chan.error[0])
        strbuf_addf(&r.details, "%s\n", r.chan.error);
    if (r.chan.extra)
        strbuf_addf(&r.details, "%d further connection(s) to the channel were refused\n", r.chan.extra);
    if (r.chan.connected && r.chan.eof && !r.bye && !r.chan.error[0] && r.proc.exited &&
        WIFEXITED(r.proc.status) && r.c->profiler.load == LOAD_STARTUP)
        strbuf_addf(&r.details, "the profiler's channel closed after %zu events without BYE, while the app ran on\n",
                    r.log.len);
    if (r.chan.foreign)
        strbuf_addf(&r.details, "%d connection(s) to the channel were refused for who made them; the first: %s\n",
                    r.chan.foreign, r.chan.foreign_why);
    if (c->profiler.load == LOAD_STARTUP && !r.chan.connected && r.proc.pid > 0 && r.verdict != VERDICT_ERROR)
        strbuf_adds(&r.details, "the profiler never connected to the channel (was it loaded?)\n");
    if (r.profiler_log.len)
        strbuf_addf(&r.details, "profiler log:\n%s", strbuf_str(&r.profiler_log));
    if (rc == 0)
        rc = finish(&r, out);
    trace(&r, "verdict %s", verdict_name(r.verdict));

    if (r.attach_fd >= 0)
        close(r.attach_fd);
    proc_release(&r.proc);
    chan_release(&r.chan);
    if (r.dir[0])
        nftw(r.dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    capture_release(&r.out[0]);
    capture_release(&r.out[1]);
    event_log_release(&r.log);
    strbuf_release(&r.profiler_log);
    strbuf_release(&r.reply_text);
    event_release(&r.reply);
    for (size_t i = 0; i < r.nmeasures; i++)
        free(r.measures[i].name);
    free(r.measures);
    strbuf_release(&r.message);
    strbuf_release(&r.details);
    free(r.runtime_version);
    return rc;
}
