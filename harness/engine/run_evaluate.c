/*
 * run_evaluate.c - after the run: the outcome, the event checks, the
 * stream checks and the agent lints decide the verdict; a failure gets the
 * last events and output lines as details (runner_internal.h).
 */
#include "runner_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "agent_run.h"
#include "matcher.h"

#define TAIL_EVENTS 10 /* events shown with a timeout */
#define TAIL_LINES 5   /* output lines shown with a failure */
#define CHECK_SECONDS 5.0 /* for the output checks after the run, at least */

static const char *stream_name(enum stream_id s)
{
    return s == STREAM_STDOUT ? "stdout" : s == STREAM_STDERR ? "stderr" : "replies";
}

int add_tail(struct run *r)
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
    static const enum stream_id shown[] = {STREAM_REPLIES, STREAM_STDOUT, STREAM_STDERR};

    for (size_t k = 0; k < sizeof shown / sizeof *shown; k++) {
        enum stream_id s = shown[k];
        const struct capture *cp = &r->out[s];
        size_t first = cp->nlines > TAIL_LINES ? cp->nlines - TAIL_LINES : 0;

        if (cp->nlines == 0)
            continue;
        if (strbuf_addf(&r->details, "last lines of %s:\n", stream_name(s)) < 0)
            return -1;
        for (size_t i = first; i < cp->nlines; i++)
            if (strbuf_adds(&r->details, "  ") < 0 ||
                strbuf_add(&r->details, cp->text.buf + cp->lines[i].start, cp->lines[i].len) < 0 ||
                strbuf_addch(&r->details, '\n') < 0)
                return -1;
    }
    return 0;
}

static int check_outcome(struct run *r)
{
    const struct outcome *o = &r->c->outcome;
    char st[96];
    int status = r->proc.status;

    proc_describe_status(status, st, sizeof st);
    if (o->has_exit && !(WIFEXITED(status) && WEXITSTATUS(status) == o->exit_code)) {
        run_decide(r, VERDICT_FAIL, "%s:%d: the app ended with %s, expected exit code %d", r->c->path, o->line, st,
               o->exit_code);
        return add_tail(r);
    }
    if (o->has_signal && !(WIFSIGNALED(status) && WTERMSIG(status) == o->signal)) {
        run_decide(r, VERDICT_FAIL, "%s:%d: the app ended with %s, expected signal %d", r->c->path, o->line, st,
               o->signal);
        return add_tail(r);
    }
    if (!o->has_exit && !o->has_signal && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        run_decide(r, VERDICT_FAIL, "%s: the app ended with %s (add <outcome> if that is expected)", r->c->path, st);
        return add_tail(r);
    }
    return 0;
}

void regex_gave_up(struct run *r, int line, const char *source, int stream, size_t lineno)
{
    run_decide(r, VERDICT_ERROR,
           "%s:%d: %s: the regular expression gave up on line %zu of %s (more than %u backtracking steps, %u levels "
           "or %u KiB): write it so that it backtracks less",
           r->c->path, line, source, lineno + 1, stream_name((enum stream_id)stream), RX_MATCH_LIMIT, RX_DEPTH_LIMIT,
           RX_HEAP_LIMIT_KIB);
}

/* Whether a check of the case is about the stream: a <stdout> check is
 * about the replies as well (check_streams). */
static int check_covers(enum stream_id check, int stream)
{
    return (int)check == stream || (check == STREAM_STDOUT && stream == STREAM_REPLIES);
}

/* The <property> captures over one line that leaves the window: the value
 * of the last matching line of each stream is kept for add_props. */
static void props_dropped_line(struct run *r, int stream, const char *s, size_t len)
{
    const struct outcome *o = &r->c->outcome;

    for (size_t i = 0; i < o->nprops && r->prop_dropped; i++) {
        const struct prop_capture *p = &o->props[i];
        size_t start, end;
        char *value;
        int m;

        if (!check_covers(p->stream, stream))
            continue;
        if (now_seconds() >= r->deadline) {
            r->prop_late = 1;
            continue;
        }
        m = line_capture(&p->match, s, len, &start, &end);
        if (m == RX_LIMIT)
            r->prop_gave_up = 1;
        if (m != 1)
            continue;
        value = strndup(s + start, end - start);
        if (!value) {
            r->prop_failed = 1;
            continue;
        }
        free(r->prop_dropped[i * 3 + (size_t)stream]);
        r->prop_dropped[i * 3 + (size_t)stream] = value;
    }
}

/* capture's on_drop: the <outcome> stream checks and property captures over
 * one line that leaves the window (what they find there counts as found in
 * the stream: check_streams, add_props), and stderr's crash lines. */
void check_dropped_line(void *ctx, int stream, size_t line, const char *s, size_t len)
{
    struct run *r = ctx;
    const struct outcome *o = &r->c->outcome;

    if (stream == STREAM_STDERR)
        crash_pick_line(&r->crash, s, len); /* without memory the report names no crash */
    props_dropped_line(r, stream, s, len);
    for (size_t i = 0; i < o->nstreams && r->stream_hits; i++) {
        const struct stream_check *sc = &o->streams[i];
        int m = 0;

        if (!check_covers(sc->stream, stream) || r->stream_hits[i])
            continue;
        if (sc->op == STREAM_CONTAINS || sc->op == STREAM_NOT_CONTAINS) {
            m = memmem(s, len, sc->match.text, strlen(sc->match.text)) != NULL;
        } else if (sc->op == STREAM_MATCHES) {
            /* Matching never outlives the case: past its deadline a line
             * is not tried, and the case cannot pass. */
            if (now_seconds() >= r->deadline) {
                r->stream_late = 1;
                continue;
            }
            m = line_matches(&sc->match, s, len);
        }
        if (m == RX_LIMIT && !r->stream_gave_up) {
            r->stream_gave_up = 1;
            r->stream_gave_up_check = i;
            r->stream_gave_up_line = line;
            r->stream_gave_up_stream = stream;
        }
        r->stream_hits[i] = m > 0;
    }
}

/* Whether a check finds what it looks for in what is left of one stream's
 * window (contains, not-contains: the text; matches: a line; empty: any
 * byte the stream ever had): 1 or 0; -1 out of memory.  A regex that gives
 * up, or lines that cannot all be tried by `until`, decide ERROR (0). */
static int found_in(struct run *r, const struct stream_check *sc, enum stream_id id, double until)
{
    const struct capture *cp = &r->out[id];
    int m = 0;

    switch (sc->op) {
    case STREAM_CONTAINS:
    case STREAM_NOT_CONTAINS:
        return strstr(strbuf_str(&cp->text), sc->match.text) != NULL;
    case STREAM_MATCHES:
        for (size_t l = cp->first_line; l < capture_end_line(cp) && !m; l++) {
            const char *line;
            size_t len;

            capture_line(cp, l, &line, &len);
            if ((l & 63) == 63 && now_seconds() >= until) {
                run_decide(r, VERDICT_ERROR,
                           "%s:%d: %s: the output checks could not try every line in time (%zu of %zu)", r->c->path,
                           sc->line, sc->source, l - cp->first_line, cp->nlines);
                return 0;
            }
            m = line_matches(&sc->match, line, len);
            if (m == RX_NOMEM)
                return -1;
            if (m == RX_LIMIT) {
                regex_gave_up(r, sc->line, sc->source, id, l);
                return 0;
            }
        }
        return m;
    case STREAM_EMPTY:
        return capture_total(cp) != 0;
    }
    return 0;
}

/* <stdout> checks see the app's replies as well as its stdout: contains and
 * matches hold when either has what they look for, not-contains and empty
 * when neither has. */
static int check_streams(struct run *r)
{
    const struct outcome *o = &r->c->outcome;
    /* The checks get the case's time, and a few seconds more when the app
     * ended near its end. */
    double until = now_seconds() + CHECK_SECONDS * r->env->timeout_scale;

    if (until < r->deadline)
        until = r->deadline;
    if (r->stream_late) {
        run_decide(r, VERDICT_ERROR, "%s: the output checks could not try every line before the case's deadline",
               r->c->path);
        return add_tail(r);
    }
    if (r->stream_gave_up) {
        const struct stream_check *sc = &o->streams[r->stream_gave_up_check];
        regex_gave_up(r, sc->line, sc->source, r->stream_gave_up_stream, r->stream_gave_up_line);
        return add_tail(r);
    }
    for (size_t i = 0; i < o->nstreams && !r->decided; i++) {
        const struct stream_check *sc = &o->streams[i];
        /* Found on a line that left the window, or in what is left. */
        int found = r->stream_hits && r->stream_hits[i];
        int ok;

        if (!found)
            found = found_in(r, sc, sc->stream, until);
        if (!found && !r->decided && sc->stream == STREAM_STDOUT)
            found = found_in(r, sc, STREAM_REPLIES, until);
        if (found < 0)
            return -1;
        if (r->decided)
            return add_tail(r);
        ok = sc->op == STREAM_CONTAINS || sc->op == STREAM_MATCHES ? found : !found;
        if (!ok) {
            run_decide(r, VERDICT_FAIL, "%s:%d: %s does not hold", r->c->path, sc->line, sc->source);
            if (add_tail(r) < 0)
                return -1;
        }
    }
    return 0;
}

int run_evaluate(struct run *r)
{
    struct strbuf message = STRBUF_INIT, details = STRBUF_INIT;
    int rc;

    if (check_outcome(r) < 0)
        return -1;
    if (r->decided)
        return 0;
    if (r->chan.error[0]) {
        /* A profiler that breaks the protocol leaves nothing trustworthy to check. */
        run_decide(r, VERDICT_ERROR, "%s: the profiler broke the channel protocol: %s", r->c->path, r->chan.error);
        return add_tail(r);
    }
    if (r->c->profiler.load == LOAD_STARTUP && !r->hello) {
        /* The case was meant to run under the profiler; without it nothing it shows counts. */
        run_decide(r, VERDICT_ERROR, "%s: the profiler was not loaded: it never connected to the channel",
               r->c->path);
        return add_tail(r);
    }
    if (r->c->profiler.agent) {
        for (size_t i = 0; i < r->log.len; i++) {
            const char *name = event_name(&r->log.v[i]);
            const struct field *why = event_get(&r->log.v[i], "error");
            if (name && strcmp(name, "AgentLoadFailed") == 0) {
                run_decide(r, VERDICT_ERROR, "%s: the proxy could not load the agent %s: %s", r->c->path, r->agent.path,
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
        run_decide(r, VERDICT_FAIL, "%s", strbuf_str(&message));
        strbuf_add(&r->details, details.buf, details.len);
    }
    strbuf_release(&message);
    strbuf_release(&details);
    if (r->decided)
        return 0;
    if (check_streams(r) < 0)
        return -1;
    if (!r->decided)
        run_decide(r, VERDICT_PASS, "%s", "");
    return 0;
}

/* The last line of one stream that matches the property's regex: 1 with
 * the value added as a property (from the window, else from a line that
 * left it), 0 when none does, -1 out of memory. */
static int capture_from(struct run *r, size_t k, enum stream_id id, double until)
{
    const struct prop_capture *p = &r->c->outcome.props[k];
    const struct capture *cp = &r->out[id];
    const char *dropped = r->prop_dropped ? r->prop_dropped[k * 3 + (size_t)id] : NULL;

    for (size_t i = capture_end_line(cp); i-- > cp->first_line;) {
        const char *line;
        size_t len, start, end;
        int m;

        if ((i & 63) == 63 && now_seconds() >= until) {
            r->prop_late = 1;
            break;
        }
        capture_line(cp, i, &line, &len);
        m = line_capture(&p->match, line, len, &start, &end);
        if (m == RX_NOMEM)
            return -1;
        if (m == RX_LIMIT)
            r->prop_gave_up = 1;
        if (m == 1)
            return result_add_prop(r->result, p->name, "%.*s", (int)(end - start), line + start) < 0 ? -1 : 1;
    }
    if (dropped)
        return result_add_prop(r->result, p->name, "%s", dropped) < 0 ? -1 : 1;
    return 0;
}

int add_props(struct run *r)
{
    const struct outcome *o = &r->c->outcome;
    double until = now_seconds() + CHECK_SECONDS * r->env->timeout_scale;

    if (r->prop_failed)
        return -1;
    for (size_t i = 0; i < o->nprops; i++) {
        const struct prop_capture *p = &o->props[i];
        int rc = capture_from(r, i, p->stream == STREAM_STDOUT ? STREAM_REPLIES : p->stream, until);

        if (rc == 0 && p->stream == STREAM_STDOUT)
            rc = capture_from(r, i, STREAM_STDOUT, until);
        if (rc < 0)
            return -1;
        if (rc == 0)
            strbuf_addf(&r->details, "%s:%d: property %s: no line matched '%s'\n", r->c->path, p->line, p->name,
                        p->match.text);
    }
    if (r->prop_late)
        strbuf_addf(&r->details, "%s: the properties were not looked for in every line: time ran out\n", r->c->path);
    if (r->prop_gave_up)
        strbuf_addf(&r->details, "%s: a property's regular expression gave up on a line (more than %u backtracking "
                                 "steps, %u levels or %u KiB); that line counted as not matching\n",
                    r->c->path, RX_MATCH_LIMIT, RX_DEPTH_LIMIT, RX_HEAP_LIMIT_KIB);
    return 0;
}

/* The agent lints come first: a lint that fires explains what else went
 * wrong (a hang, a changed result), which goes to the details. */
int judge_agent(struct run *r)
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
