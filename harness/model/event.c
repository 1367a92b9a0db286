#include "event.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "abi/cp_hresults.h"

void event_release(struct event *ev)
{
    if (ev->block) {
        free(ev->block);
    } else {
        for (size_t i = 0; i < ev->nfields; i++) {
            free(ev->fields[i].key);
            free(ev->fields[i].s);
        }
        free(ev->fields);
    }
    ev->block = NULL;
    ev->fields = NULL;
    ev->nfields = 0;
}

/* A packed event (block) made into one of separate allocations, so that it
 * can grow; 0 or -1. */
static int event_unpack(struct event *ev)
{
    struct field *v;

    if (!ev->block)
        return 0;
    v = calloc(ev->nfields ? ev->nfields : 1, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < ev->nfields; i++) {
        v[i] = ev->fields[i];
        v[i].key = strdup(ev->fields[i].key);
        v[i].s = ev->fields[i].s ? strdup(ev->fields[i].s) : NULL;
        if (!v[i].key || (ev->fields[i].s && !v[i].s)) {
            for (size_t j = 0; j <= i; j++) {
                free(v[j].key);
                free(v[j].s);
            }
            free(v);
            return -1;
        }
    }
    free(ev->block);
    ev->block = NULL;
    ev->fields = v;
    return 0;
}

const struct field *event_get(const struct event *ev, const char *key)
{
    for (size_t i = 0; i < ev->nfields; i++)
        if (strcmp(ev->fields[i].key, key) == 0)
            return &ev->fields[i];
    return NULL;
}

const char *event_name(const struct event *ev)
{
    const struct field *f = event_get(ev, "event");

    return f && f->type == VAL_STR ? f->s : "";
}

static struct field *field_append(struct event *ev, const char *key)
{
    struct field *v, *f;

    if (event_unpack(ev) < 0)
        return NULL;
    v = realloc(ev->fields, (ev->nfields + 1) * sizeof *v);
    if (!v)
        return NULL;
    ev->fields = v;
    f = &v[ev->nfields];
    memset(f, 0, sizeof *f);
    f->key = strdup(key);
    if (!f->key)
        return NULL;
    ev->nfields++;
    return f;
}

int event_add_u64(struct event *ev, const char *key, uint64_t v)
{
    struct field *f = field_append(ev, key);

    if (!f)
        return -1;
    f->type = VAL_U64;
    f->u = v;
    return 0;
}

int event_add_i64(struct event *ev, const char *key, int64_t v)
{
    struct field *f = field_append(ev, key);

    if (!f)
        return -1;
    f->type = VAL_I64;
    f->i = v;
    return 0;
}

int event_add_hr(struct event *ev, const char *key, int32_t hr)
{
    struct field *f = field_append(ev, key);

    if (!f)
        return -1;
    f->type = VAL_HR;
    f->hr = hr;
    return 0;
}

int event_add_str(struct event *ev, const char *key, const char *s, size_t len)
{
    char *copy = malloc(len + 1);
    struct field *f;

    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    f = field_append(ev, key);
    if (!f) {
        free(copy);
        return -1;
    }
    f->type = VAL_STR;
    f->s = copy;
    return 0;
}

/* Ids and masks read best in hex. */
static int key_is_hex(const char *key)
{
    size_t n = strlen(key);

    return (n >= 2 && strcmp(key + n - 2, "id") == 0) || strncmp(key, "mask", 4) == 0 || strcmp(key, "token") == 0;
}

int field_format(const struct field *f, struct strbuf *out)
{
    char buf[96];

    switch (f->type) {
    case VAL_U64:
        if (key_is_hex(f->key))
            return strbuf_addf(out, "0x%" PRIx64, f->u);
        return strbuf_addf(out, "%" PRIu64, f->u);
    case VAL_I64:
        return strbuf_addf(out, "%" PRId64, f->i);
    case VAL_HR:
        cp_hr_format(f->hr, buf, sizeof buf);
        return strbuf_adds(out, buf);
    default:
        return strbuf_adds(out, f->s ? f->s : "");
    }
}

int event_format(const struct event *ev, struct strbuf *out)
{
    if (strbuf_addf(out, "#%zu %s", event_number(ev), event_name(ev)) < 0)
        return -1;
    for (size_t i = 0; i < ev->nfields; i++) {
        const struct field *f = &ev->fields[i];

        if (strcmp(f->key, "event") == 0 || strcmp(f->key, "time") == 0 || strcmp(f->key, "seq") == 0)
            continue;
        if (strbuf_addf(out, " %s=", f->key) < 0)
            return -1;
        if (f->type == VAL_STR && (f->s[0] == '\0' || strchr(f->s, ' '))) {
            if (strbuf_addch(out, '"') < 0 || field_format(f, out) < 0 || strbuf_addch(out, '"') < 0)
                return -1;
        } else if (field_format(f, out) < 0) {
            return -1;
        }
    }
    return 0;
}

void event_log_init(struct event_log *log)
{
    log->v = NULL;
    log->len = 0;
    log->cap = 0;
}

void event_log_release(struct event_log *log)
{
    for (size_t i = 0; i < log->len; i++)
        event_release(&log->v[i]);
    free(log->v);
    event_log_init(log);
}

int event_log_push(struct event_log *log, struct event *ev)
{
    if (log->len == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 256;
        struct event *v = realloc(log->v, cap * sizeof *v);

        if (!v) {
            event_release(ev);
            return -1;
        }
        log->v = v;
        log->cap = cap;
    }
    ev->index = log->len;
    log->v[log->len++] = *ev;
    ev->fields = NULL;
    ev->nfields = 0;
    return 0;
}
