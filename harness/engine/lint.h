/*
 * lint.h - the agent lints: named rules about how an agent uses the
 * profiling API, evaluated on the events the proxy recorded while the
 * agent ran (AgentCall, AgentCallReturned, ReJITError, CallbackHang; see
 * docs/vendor-guide.md, "Lints").
 */
#ifndef PROFCHECK_LINT_H
#define PROFCHECK_LINT_H

#include <stddef.h>

#include "../model/event.h"
#include "../util/strbuf.h"

struct lint_rule {
    const char *name;    /* "rejit-in-callback" */
    const char *summary; /* what is wrong, one sentence */
    const char *source;  /* the documentation the rule comes from */
};

/* Every rule, ending with a {NULL} entry.  "agent-preflight" is judged by
 * the runner from profcheck inspect-agent's verdict, the others here. */
extern const struct lint_rule lint_rules[];
const struct lint_rule *lint_rule(const char *name);

/* One finding, or several alike: the same rule about the same subject (a
 * method, a callback) is one finding with a count. */
struct lint_finding {
    const struct lint_rule *rule;
    char *subject; /* what it is about, e.g. the method; findings alike share it */
    char *text;    /* what happened the first time, one line */
    size_t event;  /* index of the event that shows it first */
    size_t last;   /* index of the last such event */
    size_t count;  /* how many times it happened */
};

struct lint_report {
    struct lint_finding *v;
    size_t len;
    size_t cap;
};

void lint_report_init(struct lint_report *rep);
void lint_report_release(struct lint_report *rep);
/* Adds a finding about subject, or counts it on the finding of the same
 * rule and subject; 0, or -1 when out of memory. */
int lint_report_add(struct lint_report *rep, const char *rule, size_t event, const char *subject, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));

/* Evaluates every rule on log; 0, or -1 when out of memory. */
int lint_run(const struct event_log *log, struct lint_report *rep);

/* "rule-a, rule-b": the distinct rules of rep in the order of lint_rules. */
int lint_report_rules(const struct lint_report *rep, struct strbuf *out);

#endif
