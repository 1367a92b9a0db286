#include "matcher.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../util/glob.h"
#include "cp_hresults.h"

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

/* 1 when the predicate holds for ev under b. */
static int pred_match(const struct pred *pr, const struct event *ev, const struct bindings *b)
{
    const struct field *f = event_get(ev, pr->key);
    char text[1024];
    const char *bound;

    if (!f)
        return 0;
    switch (pr->op) {
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

int pattern_match(const struct pattern *p, const struct event *ev, const struct bindings *b)
{
    for (size_t i = 0; i < p->npreds; i++)
        if (!pred_match(&p->preds[i], ev, b))
            return 0;
    return 1;
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
    if (strbuf_addf(out, "events #%zu to #%zu of %zu:\n", from, last, log->len) < 0)
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
            if (strbuf_addf(message, "%s:%d: %s matched event #%zu", c->path, k->line, k->source, i) < 0 ||
                strbuf_adds(details, "forbidden event: ") < 0 || event_format(&log->v[i], details) < 0 ||
                strbuf_addch(details, '\n') < 0 || add_bindings(b, details) < 0 ||
                add_context(log, i, details) < 0)
                return -1;
            return 1;
        }
    }
    return 0;
}

int matcher_run(const struct case_def *c, const struct event_log *log, struct strbuf *message,
                struct strbuf *details)
{
    struct bindings b;
    size_t *nots = NULL, nnots = 0;
    size_t cursor = 0, region_start = 0;
    int rc = 0;

    bindings_init(&b);
    if (c->nchecks) {
        nots = calloc(c->nchecks, sizeof *nots);
        if (!nots)
            return -1;
    }
    for (size_t k = 0; k < c->nchecks && rc == 0; k++) {
        const struct check *ck = &c->checks[k];
        size_t i, count = 0;

        switch (ck->kind) {
        case CHECK_NOT:
            nots[nnots++] = k;
            break;
        case CHECK_COUNT:
            for (i = 0; i < log->len; i++)
                count += (size_t)pattern_match(&ck->pattern, &log->v[i], &b);
            if ((long)count < ck->min || (ck->max >= 0 && (long)count > ck->max)) {
                if (ck->max >= 0)
                    rc = strbuf_addf(message, "%s:%d: %s: %zu matching events, expected %ld to %ld", c->path,
                                     ck->line, ck->source, count, ck->min, ck->max);
                else
                    rc = strbuf_addf(message, "%s:%d: %s: %zu matching events, expected at least %ld", c->path,
                                     ck->line, ck->source, count, ck->min);
                if (rc == 0)
                    rc = add_bindings(&b, details);
                if (rc == 0 && count > 0) {
                    rc = strbuf_adds(details, "matching events:\n");
                    for (i = 0; rc == 0 && i < log->len; i++)
                        if (pattern_match(&ck->pattern, &log->v[i], &b))
                            rc = strbuf_adds(details, "  ") < 0 || event_format(&log->v[i], details) < 0 ||
                                         strbuf_addch(details, '\n') < 0
                                     ? -1
                                     : 0;
                }
                rc = rc < 0 ? -1 : 1;
            }
            break;
        default:
            for (i = cursor; i < log->len; i++)
                if (pattern_match(&ck->pattern, &log->v[i], &b))
                    break;
            if (i == log->len) {
                if (strbuf_addf(message, "%s:%d: %s not found after event #%zu", c->path, ck->line, ck->source,
                                cursor) < 0 ||
                    add_bindings(&b, details) < 0 || add_near_misses(ck, log, cursor, &b, details) < 0 ||
                    add_context(log, cursor, details) < 0)
                    rc = -1;
                else
                    rc = 1;
                break;
            }
            rc = check_nots(c, nots, nnots, log, region_start, i, &b, message, details);
            if (rc != 0)
                break;
            nnots = 0;
            if (pattern_bind(&ck->pattern, &log->v[i], &b) < 0) {
                rc = -1;
                break;
            }
            cursor = i + 1;
            region_start = i + 1;
            break;
        }
    }
    if (rc == 0)
        rc = check_nots(c, nots, nnots, log, region_start, log->len, &b, message, details);
    free(nots);
    bindings_release(&b);
    return rc;
}
