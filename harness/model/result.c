#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void result_init(struct result *r)
{
    memset(r, 0, sizeof *r);
}

void result_release(struct result *r)
{
    free(r->id);
    free(r->area);
    free(r->message);
    free(r->details);
    free(r->stdout_text);
    free(r->stderr_text);
    free(r->replies_text);
    free(r->runtime_version);
    free(r->runtime);
    for (size_t i = 0; i < r->nprops; i++) {
        free(r->props[i].name);
        free(r->props[i].value);
    }
    free(r->props);
    for (size_t i = 0; i < r->nattempts; i++) {
        free(r->attempts[i].message);
        free(r->attempts[i].details);
    }
    free(r->attempts);
    event_log_release(&r->events);
    result_init(r);
}

int result_add_prop(struct result *r, const char *name, const char *fmt, ...)
{
    struct result_prop *v = realloc(r->props, (r->nprops + 1) * sizeof *v);
    va_list ap;
    int n;

    if (!v)
        return -1;
    r->props = v;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    v[r->nprops].name = strdup(name);
    v[r->nprops].value = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!v[r->nprops].name || !v[r->nprops].value) {
        free(v[r->nprops].name);
        free(v[r->nprops].value);
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(v[r->nprops].value, (size_t)n + 1, fmt, ap);
    va_end(ap);
    r->nprops++;
    return 0;
}

static const char *const verdict_names[] = {"PASS", "FAIL", "ERROR", "TIMEOUT", "SKIP", "XFAIL", "XPASS"};
static const char *const verdict_words[] = {"pass", "fail", "error", "timeout", "skip", "xfail", "xpass"};

const char *verdict_name(enum verdict v)
{
    return (unsigned)v < sizeof verdict_names / sizeof *verdict_names ? verdict_names[v] : "?";
}

int verdict_parse(const char *text, enum verdict *out)
{
    for (size_t i = 0; i < sizeof verdict_words / sizeof *verdict_words; i++) {
        if (strcmp(text, verdict_words[i]) == 0) {
            *out = (enum verdict)i;
            return 0;
        }
    }
    return -1;
}

void tally_add(struct tally *t, enum verdict v)
{
    switch (v) {
    case VERDICT_PASS:
    case VERDICT_XFAIL:
        t->passed++;
        break;
    case VERDICT_SKIP:
        t->skipped++;
        break;
    default:
        t->failed++;
        break;
    }
}

int result_runtime_versions(const struct result *v, size_t n, struct strbuf *out)
{
    int count = 0;

    for (size_t i = 0; i < n; i++) {
        size_t j;

        if (!v[i].runtime_version || !v[i].runtime_version[0])
            continue;
        for (j = 0; j < i; j++)
            if (v[j].runtime_version && strcmp(v[j].runtime_version, v[i].runtime_version) == 0)
                break;
        if (j < i)
            continue;
        if ((count && strbuf_addch(out, ' ') < 0) || strbuf_adds(out, v[i].runtime_version) < 0)
            return -1;
        count++;
    }
    return count;
}
