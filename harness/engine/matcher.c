#include "matcher.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "text/glob.h"
#include "abi/cp_hresults.h"

#define CONTEXT_BEFORE 3
#define CONTEXT_AFTER 8
#define MAX_NEAR 3

void bindings_init(struct bindings *b)
{
    b->names = NULL;
    b->values = NULL;
    b->n = 0;
}

void bindings_release(struct bindings *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->names[i]);
        free(b->values[i]);
    }
    free(b->names);
    free(b->values);
    bindings_init(b);
}

const char *bindings_get(const struct bindings *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->names[i], name) == 0)
            return b->values[i];
    return NULL;
}

static int bindings_set(struct bindings *b, const char *name, const char *value)
{
    char **names = realloc(b->names, (b->n + 1) * sizeof *names);
    char **values;

    if (!names)
        return -1;
    b->names = names;
    values = realloc(b->values, (b->n + 1) * sizeof *values);
    if (!values)
        return -1;
    b->values = values;
    b->names[b->n] = strdup(name);
    b->values[b->n] = strdup(value);
    if (!b->names[b->n] || !b->values[b->n]) {
        free(b->names[b->n]);
        free(b->values[b->n]);
        return -1;
    }
    b->n++;
    return 0;
}

/* The field's canonical text into a fixed buffer (truncated if huge). */
static void field_text(const struct field *f, char *buf, size_t size)
{
    struct strbuf sb = STRBUF_INIT;

    if (field_format(f, &sb) < 0) {
        snprintf(buf, size, "?");
    } else {
        snprintf(buf, size, "%s", strbuf_str(&sb));
    }
    strbuf_release(&sb);
}

/*
 * A number as case files write it: decimal digits (a '-' first for signed
 * fields) or "0x" and hex digits.  No octal, no spaces, no '+'.
 */
static int parse_number(const char *s, int allow_negative, uint64_t *mag, int *negative)
{
    int base = 10;
    uint64_t v = 0;

    *negative = 0;
    if (allow_negative && *s == '-') {
        *negative = 1;
        s++;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return -1;
    for (; *s; s++) {
        unsigned d;

        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return -1;
        if (v > (UINT64_MAX - d) / (unsigned)base)
            return -1;
        v = v * (unsigned)base + d;
    }
    *mag = v;
    return 0;
}

static int number_equal(const struct field *f, const char *value)
{
    uint64_t mag;
    int negative;

    if (f->type == VAL_U64)
        return parse_number(value, 0, &mag, &negative) == 0 && mag == f->u;
    if (f->type == VAL_I64) {
        if (parse_number(value, 1, &mag, &negative) < 0)
            return 0;
        if (negative)
            return mag <= (uint64_t)INT64_MAX + 1 && (int64_t)(0 - mag) == f->i;
        return mag <= (uint64_t)INT64_MAX && (int64_t)mag == f->i;
    }
    if (f->type == VAL_HR) {
        int32_t hr;
        return cp_hr_parse(value, &hr) == 0 && hr == f->hr;
    }
    return 0;
}

/* 1 when the predicate holds for ev under b; `outer` is the <each> event
 * that "=field" values refer to (NULL elsewhere). */
static int pred_match_in(const struct pred *pr, const struct event *ev, const struct bindings *b,
                         const struct event *outer)
{
    const struct field *f = event_get(ev, pr->key);
    char text[1024], other[1024];
    const struct field *of;
    const char *bound;

    if (!f)
        return 0;
    switch (pr->op) {
    case PRED_SAME:
        of = outer ? event_get(outer, pr->value) : NULL;
        if (!of)
            return 0;
        field_text(f, text, sizeof text);
        field_text(of, other, sizeof other);
        return strcmp(text, other) == 0;
    case PRED_CAPTURE:
        bound = bindings_get(b, pr->value);
        if (!bound)
            return 1;
        field_text(f, text, sizeof text);
        return strcmp(text, bound) == 0;
    case PRED_GLOB:
        if (f->type == VAL_STR)
            return glob_match(pr->value, f->s);
        field_text(f, text, sizeof text);
        return glob_match(pr->value, text);
    default:
        if (f->type == VAL_STR)
            return strcmp(pr->value, f->s) == 0;
        if (number_equal(f, pr->value))
            return 1;
        field_text(f, text, sizeof text);
        return strcmp(pr->value, text) == 0;
    }
}

static int pred_match(const struct pred *pr, const struct event *ev, const struct bindings *b)
{
    return pred_match_in(pr, ev, b, NULL);
}

static int pattern_match_in(const struct pattern *p, const struct event *ev, const struct bindings *b,
                            const struct event *outer)
{
    for (size_t i = 0; i < p->npreds; i++)
        if (!pred_match_in(&p->preds[i], ev, b, outer))
            return 0;
    return 1;
}

int pattern_match(const struct pattern *p, const struct event *ev, const struct bindings *b)
{
    return pattern_match_in(p, ev, b, NULL);
}

int pattern_bind(const struct pattern *p, const struct event *ev, struct bindings *b)
{
    for (size_t i = 0; i < p->npreds; i++) {
        const struct pred *pr = &p->preds[i];
        const struct field *f;
        char text[1024];

        if (pr->op != PRED_CAPTURE || bindings_get(b, pr->value))
            continue;
        f = event_get(ev, pr->key);
        if (!f)
            continue;
        field_text(f, text, sizeof text);
        if (bindings_set(b, pr->value, text) < 0)
            return -1;
    }
    return 0;
}

int matcher_dump_events(const struct event_log *log, size_t from, size_t to, struct strbuf *out)
{
    if (to > log->len)
        to = log->len;
    for (size_t i = from; i < to; i++) {
        if (strbuf_adds(out, "  ") < 0 || event_format(&log->v[i], out) < 0 || strbuf_addch(out, '\n') < 0)
            return -1;
    }
    return 0;
}

static int add_bindings(const struct bindings *b, struct strbuf *out)
{
    if (b->n == 0)
        return 0;
    if (strbuf_adds(out, "captures:") < 0)
        return -1;
    for (size_t i = 0; i < b->n; i++)
        if (strbuf_addf(out, " $%s=%s", b->names[i], b->values[i]) < 0)
            return -1;
    return strbuf_addch(out, '\n');
}

/* Events after `from` that meet the most predicates: where a near miss is. */
static int add_near_misses(const struct check *k, const struct event_log *log, size_t from,
                           const struct bindings *b, struct strbuf *out)
{
    size_t best = 0, shown = 0;

    for (size_t i = from; i < log->len; i++) {
        size_t met = 0;
        for (size_t j = 0; j < k->pattern.npreds; j++)
            met += (size_t)pred_match(&k->pattern.preds[j], &log->v[i], b);
        if (met > best && met < k->pattern.npreds)
            best = met;
    }
    if (best == 0)
        return 0;
    if (strbuf_adds(out, "closest events (meeting all but some fields):\n") < 0)
        return -1;
    for (size_t i = from; i < log->len && shown < MAX_NEAR; i++) {
        size_t met = 0;
        const struct pred *missed = NULL;

        for (size_t j = 0; j < k->pattern.npreds; j++) {
            if (pred_match(&k->pattern.preds[j], &log->v[i], b))
                met++;
            else if (!missed)
                missed = &k->pattern.preds[j];
        }
        if (met != best || !missed)
            continue;
        if (strbuf_adds(out, "  ") < 0 || event_format(&log->v[i], out) < 0 ||
            strbuf_addf(out, "   <- %s differs\n", missed->key) < 0)
            return -1;
        shown++;
    }
    return 0;
}

static int add_context(const struct event_log *log, size_t at, struct strbuf *out)
{
    size_t from = at > CONTEXT_BEFORE ? at - CONTEXT_BEFORE : 0;
    size_t last;

    if (log->len == 0)
        return strbuf_adds(out, "the profiler recorded no events\n");
    last = at + CONTEXT_AFTER < log->len ? at + CONTEXT_AFTER : log->len - 1;
    if (strbuf_addf(out, "events #%zu to #%zu of %zu:\n", from + 1, last + 1, log->len) < 0)
        return -1;
    return matcher_dump_events(log, from, at + CONTEXT_AFTER + 1, out);
}

/* Pending <not> checks between two positive matches. */
static int check_nots(const struct case_def *c, const size_t *nots, size_t nnots, const struct event_log *log,
                      size_t from, size_t to, const struct bindings *b, struct strbuf *message,
                      struct strbuf *details)
{
    for (size_t n = 0; n < nnots; n++) {
        const struct check *k = &c->checks[nots[n]];

        for (size_t i = from; i < to && i < log->len; i++) {
            if (!pattern_match(&k->pattern, &log->v[i], b))
                continue;
            if (strbuf_addf(message, "%s:%d: %s matched event #%zu", c->path, k->line, k->source, i + 1) < 0 ||
                strbuf_adds(details, "forbidden event: ") < 0 || event_format(&log->v[i], details) < 0 ||
                strbuf_addch(details, '\n') < 0 || add_bindings(b, details) < 0 ||
                add_context(log, i, details) < 0)
                return -1;
            return 1;
        }
    }
    return 0;
}

/* Where the walk over the log stands. */
struct walk {
    const struct case_def *c;
    const struct event_log *log;
    struct bindings b;
    size_t cursor;       /* positive checks look here and later */
    size_t region_start; /* pending <not>s apply from here */
    long prev;           /* index of the last positive match, -1 before the first */
    size_t *nots;
    size_t nnots;
    struct strbuf *message;
    struct strbuf *details;
};

/* A positive match at index i: pending <not>s are checked, then the walk moves on. */
static int matched(struct walk *w, const struct check *ck, size_t first, size_t last)
{
    int rc = check_nots(w->c, w->nots, w->nnots, w->log, w->region_start, first, &w->b, w->message, w->details);

    if (rc != 0)
        return rc;
    w->nnots = 0;
    if (ck && pattern_bind(&ck->pattern, &w->log->v[first], &w->b) < 0)
        return -1;
    w->prev = (long)last;
    w->cursor = last + 1;
    w->region_start = last + 1;
    return 0;
}

static int fail_not_found(struct walk *w, const struct check *ck)
{
    /* The cursor is the number (from 1) of the event the previous check matched. */
    if ((w->cursor ? strbuf_addf(w->message, "%s:%d: %s not found after event #%zu", w->c->path, ck->line,
                                 ck->source, w->cursor)
                   : strbuf_addf(w->message, "%s:%d: %s not found", w->c->path, ck->line, ck->source)) < 0 ||
        add_bindings(&w->b, w->details) < 0 || add_near_misses(ck, w->log, w->cursor, &w->b, w->details) < 0 ||
        add_context(w->log, w->cursor, w->details) < 0)
        return -1;
    return 1;
}

static int run_ordered(struct walk *w, const struct check *ck)
{
    for (size_t i = w->cursor; i < w->log->len; i++)
        if (pattern_match(&ck->pattern, &w->log->v[i], &w->b))
            return matched(w, ck, i, i);
    return fail_not_found(w, ck);
}

static int same_thread(const struct event *a, const struct event *b)
{
    const struct field *x = event_get(a, "thread"), *y = event_get(b, "thread");

    return x && y && x->type == VAL_U64 && y->type == VAL_U64 && x->u == y->u;
}

static int run_next(struct walk *w, const struct check *ck)
{
    const struct event *prev = &w->log->v[w->prev];
    const struct field *tf = event_get(prev, "thread");
    unsigned long long thread = tf && tf->type == VAL_U64 ? (unsigned long long)tf->u : 0;

    for (size_t j = (size_t)w->prev + 1; j < w->log->len; j++) {
        if (!same_thread(prev, &w->log->v[j]))
            continue;
        if (pattern_match(&ck->pattern, &w->log->v[j], &w->b))
            return matched(w, ck, j, j);
        if (strbuf_addf(w->message, "%s:%d: %s: the next event on thread %llu after #%ld is #%zu %s", w->c->path,
                        ck->line, ck->source, thread, w->prev + 1, j + 1, event_name(&w->log->v[j])) < 0 ||
            add_bindings(&w->b, w->details) < 0 || add_context(w->log, j, w->details) < 0)
            return -1;
        return 1;
    }
    if (strbuf_addf(w->message, "%s:%d: %s: no event on thread %llu after #%ld", w->c->path, ck->line, ck->source,
                    thread, w->prev + 1) < 0 ||
        add_context(w->log, (size_t)w->prev, w->details) < 0)
        return -1;
    return 1;
}

static int run_unordered(struct walk *w, const struct check *group)
{
    size_t *chosen = calloc(group->nchildren, sizeof *chosen);
    size_t first = (size_t)-1, last = 0;
    int rc = 0;

    if (!chosen)
        return -1;
    for (size_t k = 0; k < group->nchildren && rc == 0; k++) {
        const struct check *ck = &group->children[k];
        size_t i;

        for (i = w->cursor; i < w->log->len; i++) {
            int taken = 0;
            for (size_t t = 0; t < k && !taken; t++)
                taken = chosen[t] == i;
            if (!taken && pattern_match(&ck->pattern, &w->log->v[i], &w->b))
                break;
        }
        if (i == w->log->len) {
            rc = fail_not_found(w, ck);
            if (rc == 1 && strbuf_addf(w->details, "(in the <unordered> group at line %d)\n", group->line) < 0)
                rc = -1;
            break;
        }
        chosen[k] = i;
        if (pattern_bind(&ck->pattern, &w->log->v[i], &w->b) < 0)
            rc = -1;
        if (i < first)
            first = i;
        if (i > last)
            last = i;
    }
    free(chosen);
    if (rc != 0)
        return rc;
    return matched(w, NULL, first, last);
}

/* A bound of <count>: the number, or a bound count plus the number. */
static int count_bound(struct walk *w, const struct check *ck, const char *var, long off, long *out)
{
    const char *value;
    char *end;
    long base;

    if (!var) {
        *out = off;
        return 0;
    }
    value = bindings_get(&w->b, var);
    if (!value) {
        strbuf_addf(w->message, "%s:%d: %s: $%s is not bound", w->c->path, ck->line, ck->source, var);
        return -1;
    }
    base = strtol(value, &end, 0);
    if (end == value || *end) {
        strbuf_addf(w->message, "%s:%d: %s: $%s is '%s', not a count", w->c->path, ck->line, ck->source, var,
                    value);
        return -1;
    }
    *out = base + off;
    return 0;
}

/* Whether event i's `field` already appeared in an earlier matching event. */
static int seen_before(struct walk *w, const struct check *ck, size_t i)
{
    const struct field *fi = event_get(&w->log->v[i], ck->distinct);
    char a[256], b[256];

    if (!fi)
        return 1; /* no such field: not counted as a value */
    field_text(fi, a, sizeof a);
    for (size_t j = 0; j < i; j++) {
        const struct field *fj;
        if (!pattern_match(&ck->pattern, &w->log->v[j], &w->b))
            continue;
        fj = event_get(&w->log->v[j], ck->distinct);
        if (!fj)
            continue;
        field_text(fj, b, sizeof b);
        if (strcmp(a, b) == 0)
            return 1;
    }
    return 0;
}

static int run_count(struct walk *w, const struct check *ck)
{
    size_t count = 0;
    long min = 0, max = -1;
    char text[32];
    int rc;

    for (size_t i = 0; i < w->log->len; i++)
        if (pattern_match(&ck->pattern, &w->log->v[i], &w->b) && !(ck->distinct && seen_before(w, ck, i)))
            count++;
    if (ck->as) {
        snprintf(text, sizeof text, "%zu", count);
        if (bindings_set(&w->b, ck->as, text) < 0)
            return -1;
    }
    if (count_bound(w, ck, ck->min_var, ck->min, &min) < 0 ||
        (ck->max_var || ck->max >= 0 ? count_bound(w, ck, ck->max_var, ck->max, &max) : 0) < 0)
        return 1;
    if ((long)count >= min && (max < 0 || (long)count <= max))
        return 0;
    if (max >= 0)
        rc = strbuf_addf(w->message, "%s:%d: %s: %zu matching events%s, expected %ld to %ld", w->c->path, ck->line,
                         ck->source, count, ck->distinct ? " (distinct values)" : "", min, max);
    else
        rc = strbuf_addf(w->message, "%s:%d: %s: %zu matching events%s, expected at least %ld", w->c->path,
                         ck->line, ck->source, count, ck->distinct ? " (distinct values)" : "", min);
    if (rc == 0)
        rc = add_bindings(&w->b, w->details);
    if (rc == 0 && count > 0) {
        rc = strbuf_adds(w->details, "matching events:\n");
        for (size_t i = 0; rc == 0 && i < w->log->len; i++)
            if (pattern_match(&ck->pattern, &w->log->v[i], &w->b))
                rc = strbuf_adds(w->details, "  ") < 0 || event_format(&w->log->v[i], w->details) < 0 ||
                             strbuf_addch(w->details, '\n') < 0
                         ? -1
                         : 0;
    }
    return rc < 0 ? -1 : 1;
}

static int run_each(struct walk *w, const struct check *ck)
{
    const struct check *rel = &ck->children[0];

    for (size_t i = 0; i < w->log->len; i++) {
        const struct event *outer = &w->log->v[i];
        int found = 0;

        if (!pattern_match(&ck->pattern, outer, &w->b))
            continue;
        if (rel->after) {
            for (size_t j = i + 1; j < w->log->len && !found; j++)
                found = pattern_match_in(&rel->pattern, &w->log->v[j], &w->b, outer);
        } else {
            for (size_t j = 0; j < i && !found; j++)
                found = pattern_match_in(&rel->pattern, &w->log->v[j], &w->b, outer);
        }
        if (found)
            continue;
        if (strbuf_addf(w->message, "%s:%d: event #%zu %s has no %s", w->c->path, rel->line, i + 1, event_name(outer),
                        rel->source) < 0 ||
            strbuf_adds(w->details, "the event: ") < 0 || event_format(outer, w->details) < 0 ||
            strbuf_addch(w->details, '\n') < 0 || add_bindings(&w->b, w->details) < 0 ||
            add_context(w->log, i, w->details) < 0)
            return -1;
        return 1;
    }
    return 0;
}

int matcher_run(const struct case_def *c, const struct event_log *log, struct strbuf *message,
                struct strbuf *details)
{
    struct walk w;
    int rc = 0;

    memset(&w, 0, sizeof w);
    w.c = c;
    w.log = log;
    w.prev = -1;
    w.message = message;
    w.details = details;
    bindings_init(&w.b);
    if (c->nchecks) {
        w.nots = calloc(c->nchecks, sizeof *w.nots);
        if (!w.nots)
            return -1;
    }
    for (size_t k = 0; k < c->nchecks && rc == 0; k++) {
        const struct check *ck = &c->checks[k];

        switch (ck->kind) {
        case CHECK_NOT:
            w.nots[w.nnots++] = k;
            break;
        case CHECK_COUNT:
            rc = run_count(&w, ck);
            break;
        case CHECK_NEXT:
            rc = run_next(&w, ck);
            break;
        case CHECK_UNORDERED:
            rc = run_unordered(&w, ck);
            break;
        case CHECK_EACH:
            rc = run_each(&w, ck);
            break;
        default:
            rc = run_ordered(&w, ck);
            break;
        }
    }
    if (rc == 0)
        rc = check_nots(c, w.nots, w.nnots, log, w.region_start, log->len, &w.b, message, details);
    free(w.nots);
    bindings_release(&w.b);
    return rc;
}
