/*
 * run_evaluate.c - after the run: the outcome, the event checks, the
 * stream checks and the agent lints decide the verdict; a failure gets the
 * last events and output lines as details (runner_internal.h).
 */
#include "runner_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "agent_run.h"
#include "matcher.h"

#define TAIL_EVENTS 10 /* events shown with a timeout */
#define TAIL_LINES 5   /* output lines shown with a failure */

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

/* Whether the check holds on one captured stream. */
static int holds_on(const struct stream_check *sc, const struct capture *cp)
{
    const char *text = strbuf_str(&cp->text);
    int ok = 0;

    switch (sc->op) {
    case STREAM_CONTAINS:
        return strstr(text, sc->match.text) != NULL;
    case STREAM_NOT_CONTAINS:
        return strstr(text, sc->match.text) == NULL;
    case STREAM_MATCHES:
        for (size_t l = 0; l < cp->nlines && !ok; l++)
            ok = line_matches(&sc->match, cp->text.buf + cp->lines[l].start, cp->lines[l].len);
        return ok;
    case STREAM_EMPTY:
        return cp->text.len == 0 && cp->dropped == 0;
    }
    return 0;
}

/* <stdout> checks see the app's replies as well as its stdout: contains and
 * matches hold when either does, not-contains and empty when both do. */
static int check_streams(struct run *r)
{
    const struct outcome *o = &r->c->outcome;

    for (size_t i = 0; i < o->nstreams && !r->decided; i++) {
        const struct stream_check *sc = &o->streams[i];
        int ok = holds_on(sc, &r->out[sc->stream]);

        if (sc->stream == STREAM_STDOUT) {
            int replies = holds_on(sc, &r->out[STREAM_REPLIES]);
            ok = sc->op == STREAM_CONTAINS || sc->op == STREAM_MATCHES ? ok || replies : ok && replies;
        }
        if (!ok) {
            decide(r, VERDICT_FAIL, "%s:%d: %s does not hold", r->c->path, sc->line, sc->source);
            if (add_tail(r) < 0)
                return -1;
        }
    }
    return 0;
}

int evaluate(struct run *r)
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

/* The last line of one stream that matches the property's regex: 1 with
 * the value added as a property, 0 when none does. */
static int capture_from(struct run *r, const struct prop_capture *p, const struct capture *cp)
{
    for (size_t i = cp->nlines; i-- > 0;) {
        const char *line = cp->text.buf + cp->lines[i].start;
        size_t start, end;

        if (line_capture(&p->match, line, cp->lines[i].len, &start, &end))
            return result_add_prop(r->result, p->name, "%.*s", (int)(end - start), line + start) < 0 ? -1 : 1;
    }
    return 0;
}

int add_props(struct run *r)
{
    const struct outcome *o = &r->c->outcome;

    for (size_t i = 0; i < o->nprops; i++) {
        const struct prop_capture *p = &o->props[i];
        int rc = capture_from(r, p, &r->out[p->stream == STREAM_STDOUT ? STREAM_REPLIES : p->stream]);

        if (rc == 0 && p->stream == STREAM_STDOUT)
            rc = capture_from(r, p, &r->out[STREAM_STDOUT]);
        if (rc < 0)
            return -1;
        if (rc == 0)
            strbuf_addf(&r->details, "%s:%d: property %s: no line matched '%s'\n", r->c->path, p->line, p->name,
                        p->match.text);
    }
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
