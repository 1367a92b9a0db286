/*
 * matcher.h - event predicates and the <events> checks over a whole run.
 *
 * Semantics (docs/cases.md, "Event checks"): a cursor moves forward over the
 * event log.  <check> matches the first event at or after the cursor and
 * moves the cursor past it; <not> must match no event between the
 * neighbouring <check> matches (or the start / end of the log); <count>
 * counts matching events over the whole log.  A value "$v" captures the
 * field on the <check> that first uses it; later uses must be equal.
 */
#ifndef PROFCHECK_MATCHER_H
#define PROFCHECK_MATCHER_H

#include <stddef.h>

#include "../model/case.h"
#include "../model/event.h"
#include "../util/strbuf.h"

struct bindings {
    char **names;
    char **values;
    size_t n;
};

void bindings_init(struct bindings *b);
void bindings_release(struct bindings *b);
const char *bindings_get(const struct bindings *b, const char *name);

/* 1 when the event satisfies every predicate (unbound captures match any
 * present field), 0 otherwise. */
int pattern_match(const struct pattern *p, const struct event *ev, const struct bindings *b);

/* Binds the pattern's unbound captures from ev.  0 or -1 (out of memory). */
int pattern_bind(const struct pattern *p, const struct event *ev, struct bindings *b);

/*
 * Evaluates the case's <events> over log.  Returns 0 when every check holds,
 * 1 when one does not (message gets one line, details the unmet check and the
 * events around the place it failed), -1 when memory runs out.
 */
int matcher_run(const struct case_def *c, const struct event_log *log, struct strbuf *message,
                struct strbuf *details);

/* Appends events [from, to) of log, one per line, to out. */
int matcher_dump_events(const struct event_log *log, size_t from, size_t to, struct strbuf *out);

#endif
