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

struct lint_finding {
    const struct lint_rule *rule;
    char *text;    /* what happened, one line */
    size_t event;  /* index of the event that shows it */
};

struct lint_report {
    struct lint_finding *v;
    size_t len;
    size_t cap;
};

void lint_report_init(struct lint_report *rep);
void lint_report_release(struct lint_report *rep);
/* Adds a finding; 0, or -1 when out of memory. */
int lint_report_add(struct lint_report *rep, const char *rule, size_t event, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Evaluates every rule on log; 0, or -1 when out of memory. */
int lint_run(const struct event_log *log, struct lint_report *rep);

/* "rule-a, rule-b": the distinct rules of rep in the order of lint_rules. */
int lint_report_rules(const struct lint_report *rep, struct strbuf *out);

#endif
