/*
 * agent_run.h - what the runner does besides the usual for a load="agent"
 * case: which agent runs behind the proxy, the preflight of its library
 * (profcheck inspect-agent's verdict, as the agent-preflight lint), and the
 * lints on the recorded events (lint.h).
 */
#ifndef PROFCHECK_AGENT_RUN_H
#define PROFCHECK_AGENT_RUN_H

#include <limits.h>

#include "../model/case.h"
#include "../model/result.h"
#include "../util/strbuf.h"
#include "runner.h"

struct agent_setup {
    char path[PATH_MAX];
    char clsid[64];
};

/* The agent of case c: its demo-agent or path, else run --agent, else the
 * reference profiler's own agent. */
void agent_run_resolve(const struct run_env *env, const struct case_def *c, struct agent_setup *a);

/* Inspects the agent's library and records its facts as properties of res
 * (agent.path, agent.clsid, agent.build-id, agent.exports).  0 when it can
 * be loaded; 1 when not, with message and details filled; -1 out of memory. */
int agent_run_preflight(const struct agent_setup *a, struct result *res, struct strbuf *message,
                        struct strbuf *details);

/* The lints on log: 0 when clean; 1 with message ("agent lints failed:
 * RULES: first finding") and details (every finding, with its rule's
 * explanation) filled; -1 out of memory. */
int agent_run_lints(const struct event_log *log, struct strbuf *message, struct strbuf *details);

#endif
