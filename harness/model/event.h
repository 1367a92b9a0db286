/*
 * event.h - one recorded profiler callback, as the harness sees it.
 *
 * An event is a list of named, typed fields.  Every event has "event" (the
 * callback name), "seq" (the profiler's sequence number), "tid" (the OS
 * thread id) and "time" (monotonic nanoseconds); the rest depend on the
 * callback (docs/protocol.md lists them).
 */
#ifndef PROFCHECK_EVENT_H
#define PROFCHECK_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/strbuf.h"

enum value_type {
    VAL_U64,
    VAL_I64,
    VAL_HR,
    VAL_STR
};

struct field {
    char *key;
    enum value_type type;
    uint64_t u;
    int64_t i;
    int32_t hr;
    char *s;
};

struct event {
    size_t index; /* position in the run's event stream, from 0 */
    struct field *fields;
    size_t nfields;
    void *block;  /* when set, fields and every key and string live in this one allocation */
};

struct event_log {
    struct event *v;
    size_t len;
    size_t cap;
};

void event_release(struct event *ev);

/* The field called key, or NULL. */
const struct field *event_get(const struct event *ev, const char *key);
/* The callback name ("" when the event has none). */
const char *event_name(const struct event *ev);

/* Appends a field; the strings are copied.  0 or -1 (out of memory). */
int event_add_u64(struct event *ev, const char *key, uint64_t v);
int event_add_i64(struct event *ev, const char *key, int64_t v);
int event_add_hr(struct event *ev, const char *key, int32_t hr);
int event_add_str(struct event *ev, const char *key, const char *s, size_t len);

/* The canonical text of a value: ids ("*id" keys), masks and tokens in
 * hex, other numbers in decimal, HRESULTs by name when known, strings as
 * they are. */
int field_format(const struct field *f, struct strbuf *out);
/* The number every report shows for an event: its position from 1, which
 * is the seq the profiler gave it (docs/protocol.md). */
static inline size_t event_number(const struct event *ev)
{
    return ev->index + 1;
}

/* One line: "#12 JITCompilationStarted tid=0x1a2b method=A!B::C ...". */
int event_format(const struct event *ev, struct strbuf *out);

void event_log_init(struct event_log *log);
void event_log_release(struct event_log *log);
/* Takes ownership of *ev (on success and failure) and sets its index. */
int event_log_push(struct event_log *log, struct event *ev);

#endif
