/*
 * run_steps.c - driving a case's steps: each is tried whenever something
 * arrives, and the next begins (with its own deadline) when it completes
 * (runner_internal.h).
 */
#include "runner_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wire/wire.h"
#include "abi/cp_hresults.h"
#include "matcher.h"

void step_begin(struct run *r)
{
    double now = now_seconds();
    const struct step *s;

    r->step_deadline = r->deadline;
    for (int i = 0; i < 3; i++)
        r->scan_cursor[i] = r->line_cursor[i];
    if (r->step >= r->c->nsteps)
        return;
    s = &r->c->steps[r->step];
    if (s->timeout > 0 && now + s->timeout * r->env->timeout_scale < r->deadline)
        r->step_deadline = now + s->timeout * r->env->timeout_scale;
    run_trace(r, "step %zu: %s", r->step + 1, s->source);
}

/* Writes what is queued for the app's stdin, as much as the pipe takes now:
 * never blocks, so the loop goes on draining stdout and stderr meanwhile
 * (an app blocked on a full stdout reads nothing until someone does).
 * 0, or -1 when memory runs out. */
int flush_stdin(struct run *r)
{
    struct strbuf *q = &r->stdin_queue;

    while (r->stdin_off < q->len && !r->decided) {
        ssize_t n;

        if (r->proc.in_fd < 0) {
            run_decide(r, VERDICT_FAIL, "%s:%d: cannot send %s: the app's stdin is closed", r->c->path,
                   r->c->steps[r->step].line, r->c->steps[r->step].source);
            break;
        }
        n = write(r->proc.in_fd, q->buf + r->stdin_off, q->len - r->stdin_off);
        if (n > 0) {
            r->stdin_off += (size_t)n;
            r->stdin_written += (uint64_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        run_decide(r, VERDICT_FAIL, "%s:%d: cannot send %s: the app closed its stdin (%s)", r->c->path,
               r->c->steps[r->step].line, r->c->steps[r->step].source, n < 0 ? strerror(errno) : "no progress");
        break;
    }
    if (r->stdin_off == q->len) {
        strbuf_reset(q);
        r->stdin_off = 0;
    }
    return 0;
}

/* <send>: the line is queued once, and the step is done when all of it is
 * in the pipe. */
static int send_step(struct run *r, const struct step *s)
{
    if (!r->send_queued) {
        if (strbuf_adds(&r->stdin_queue, s->text) < 0 || strbuf_addch(&r->stdin_queue, '\n') < 0)
            return -1;
        r->send_until = r->stdin_written + (r->stdin_queue.len - r->stdin_off);
        r->send_queued = 1;
    }
    if (flush_stdin(r) < 0)
        return -1;
    if (r->decided || r->stdin_written < r->send_until)
        return 0;
    r->send_queued = 0;
    return 1;
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

/* A growth bound's value in KiB; 0, or -1 when it names a measurement
 * that has no growth (decided as an error). */
static int bound_value(struct run *r, const struct step *s, const struct growth_bound *b, long *out)
{
    *out = b->offset;
    if (!b->var)
        return 0;
    for (size_t i = 0; i < r->nmeasures; i++) {
        if (strcmp(r->measures[i].name, b->var) == 0 && r->measures[i].has_growth) {
            *out += b->factor * r->measures[i].growth_kib;
            return 0;
        }
    }
    run_decide(r, VERDICT_ERROR, "%s:%d: %s: no growth was measured as '%s'", r->c->path, s->line, s->source, b->var);
    return -1;
}

/* The growth against the step's bounds; decides FAIL outside them. */
static void judge_growth(struct run *r, const struct step *s, long growth)
{
    long lo = 0, hi = 0;
    char bound[128];

    if ((s->growth_min.set && bound_value(r, s, &s->growth_min, &lo) < 0) ||
        (s->growth_max.set && bound_value(r, s, &s->growth_max, &hi) < 0))
        return;
    if (!(s->growth_min.set && growth < lo) && !(s->growth_max.set && growth > hi))
        return;
    if (s->growth_min.set && s->growth_max.set)
        snprintf(bound, sizeof bound, "%ld..%ld KiB", lo, hi);
    else if (s->growth_min.set)
        snprintf(bound, sizeof bound, "at least %ld KiB", lo);
    else
        snprintf(bound, sizeof bound, "at most %ld KiB", hi);
    run_decide(r, VERDICT_FAIL, "%s:%d: %s: the app's resident memory grew by %ld KiB since '%s'; the bound is %s",
           r->c->path, s->line, s->source, growth, s->since, bound);
}

static int measure_step(struct run *r, const struct step *s)
{
    long kib = app_rss_kib(r->proc.pid);
    struct measurement *m;
    char name[160];

    if (kib < 0) {
        run_decide(r, VERDICT_FAIL, "%s:%d: cannot read the app's memory: it is gone", r->c->path, s->line);
        return 1;
    }
    m = realloc(r->measures, (r->nmeasures + 1) * sizeof *m);
    if (!m)
        return -1;
    r->measures = m;
    m = &r->measures[r->nmeasures];
    memset(m, 0, sizeof *m);
    m->name = strdup(s->text);
    if (!m->name)
        return -1;
    m->rss_kib = kib;
    r->nmeasures++;
    snprintf(name, sizeof name, "%s.rss-kib", s->text);
    if (result_add_prop(r->result, name, "%ld", kib) < 0)
        return -1;
    run_trace(r, "measure %s: rss %ld KiB", s->text, kib);
    if (s->since) {
        for (size_t i = 0; i + 1 < r->nmeasures; i++) {
            if (strcmp(r->measures[i].name, s->since) != 0)
                continue;
            m->has_growth = 1;
            m->growth_kib = kib - r->measures[i].rss_kib;
            snprintf(name, sizeof name, "%s.rss-growth-kib", s->text);
            if (result_add_prop(r->result, name, "%ld", m->growth_kib) < 0)
                return -1;
            judge_growth(r, s, m->growth_kib);
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

    if ((s->kind == STEP_REQUEST || s->kind == STEP_DEFINE || s->kind == STEP_QUERY_CODE ||
         s->kind == STEP_SET_IL_MAP || s->kind == STEP_NGEN_INLINERS) &&
        resolved && resolved->type == VAL_U64 &&
        resolved->u == 0) {
        run_decide(r, VERDICT_ERROR, "%s:%d: %s: no request was made: %s", r->c->path, s->line, s->source,
               why && why->type == VAL_STR ? why->s : "a method did not resolve");
        return;
    }
    if (r->reply_hr != want) {
        cp_hr_format(r->reply_hr, got, sizeof got);
        cp_hr_format(want, exp, sizeof exp);
        run_decide(r, VERDICT_FAIL, "%s:%d: %s returned %s, expected %s", r->c->path, s->line, s->source, got, exp);
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
            run_decide(r, VERDICT_FAIL, "%s:%d: %s: statuses are '%s', expected %s for every method", r->c->path,
                       s->line, s->source, st && st->type == VAL_STR ? st->s : "", s->expect_status);
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
    if (r->cmd_waiting == 0 && s->kind == STEP_REQUEST)
        return request_send(r, &s->request) < 0 ? -1 : 0;
    if (r->cmd_waiting == 0) {
        switch (s->kind) {
        case STEP_RESOLVE:
            command_begin(r, &w, frame, sizeof frame, "resolve");
            wire_put_str(&w, "method", s->text);
            command_send(r, &w, "resolve");
            break;
        case STEP_DETACH:
            command_begin(r, &w, frame, sizeof frame, "detach");
            wire_put_u64(&w, "expected-ms", s->mask);
            command_send(r, &w, "detach");
            break;
        case STEP_SET_IL_MAP:
            command_begin(r, &w, frame, sizeof frame, "set-il-map");
            wire_put_str(&w, "method", s->text);
            wire_put_str(&w, "map", s->il_map);
            wire_put_u64(&w, "start-jit", (uint64_t)s->start_jit);
            command_send(r, &w, "set-il-map");
            break;
        case STEP_QUERY_CODE:
        case STEP_NGEN_INLINERS: {
            const char *command = s->kind == STEP_QUERY_CODE ? "query-code" : "ngen-inliners";
            command_begin(r, &w, frame, sizeof frame, command);
            wire_put_str(&w, "method", s->text);
            command_send(r, &w, command);
            break;
        }
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
    run_trace(r, "reply: %s", strbuf_str(&r->reply_text));
    check_reply(r, s);
    return 1;
}

/* 1 when a reply contradicts an exact <wait stdout="KEY=VALUE">: it starts
 * with the same KEY= (the text before the first '=') and is another line. */
static int reply_contradicts(const struct line_match *m, const char *line, size_t len)
{
    const char *eq = m->is_regex ? NULL : strchr(m->text, '=');
    size_t key = eq ? (size_t)(eq - m->text) + 1 : 0;

    return key > 1 && len >= key && memcmp(line, m->text, key) == 0;
}

/* The wait failed at once on a contradicting reply: expected against got. */
static int fail_on_reply(struct run *r, const struct step *s, const char *line, size_t len)
{
    size_t at = 0, want = strlen(s->match.text);

    while (at < len && at < want && line[at] == s->match.text[at])
        at++;
    run_decide(r, VERDICT_FAIL, "%s:%d: step %zu %s: the app answered '%.*s'", r->c->path, s->line, r->step + 1,
           s->source, (int)(len > 200 ? 200 : len), line);
    if (strbuf_addf(&r->details, "expected: %s\n     got: %.*s\n          (they differ from character %zu on)\n",
                    s->match.text, (int)len, line, at + 1) < 0)
        return -1;
    return add_tail(r);
}

/* One stream of a <wait>: 1 when a line after its cursor matches, 0 when
 * none does (yet), -1 out of memory; a contradicting reply decides FAIL.
 * Each line is tried once; a long scan gives the loop its turn at the
 * deadlines now and then. */
static int wait_in(struct run *r, const struct step *s, enum stream_id id)
{
    const struct capture *cp = &r->out[id];

    if (r->scan_cursor[id] < cp->first_line)
        r->scan_cursor[id] = cp->first_line; /* those left the window before this wait began */
    for (size_t i = r->scan_cursor[id]; i < capture_end_line(cp) && !r->decided; i++) {
        const char *line;
        size_t len;
        int m;

        capture_line(cp, i, &line, &len);
        m = line_matches(&s->match, line, len);
        if (m == RX_NOMEM)
            return -1;
        if (m == RX_LIMIT) {
            regex_gave_up(r, s->line, s->source, id, i);
            return 0;
        }
        r->scan_cursor[id] = i + 1;
        if (m) {
            r->line_cursor[id] = i + 1;
            return 1;
        }
        if (id == STREAM_REPLIES && reply_contradicts(&s->match, line, len))
            return fail_on_reply(r, s, line, len);
        if ((i & 255) == 255 && now_seconds() >= r->step_deadline)
            return 0;
    }
    return 0;
}

/* <wait stdout> looks at the app's replies (its reply channel, docs/fixtures.md)
 * and then at its stdout, each past the line its previous wait matched;
 * <wait stderr> at stderr.  1 when a line matches, 0 while waiting. */
static int wait_line(struct run *r, const struct step *s)
{
    int rc = 0;

    if (s->stream == STREAM_STDOUT)
        rc = wait_in(r, s, STREAM_REPLIES);
    if (rc == 0 && !r->decided)
        rc = wait_in(r, s, s->stream);
    return rc;
}

/* Tries to complete the current step; 1 when it did, 0 when it waits. */
static int step_try(struct run *r)
{
    const struct step *s = &r->c->steps[r->step];
    struct bindings none;

    switch (s->kind) {
    case STEP_SEND:
        return send_step(r, s);
    case STEP_WAIT_LINE:
        return wait_line(r, s);
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
    case STEP_QUERY_CODE:
    case STEP_SET_IL_MAP:
    case STEP_NGEN_INLINERS:
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

int advance_steps(struct run *r)
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
