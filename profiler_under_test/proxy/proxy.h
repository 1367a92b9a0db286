/*
 * proxy.h - proxy mode: the reference profiler stands between the runtime
 * and another profiler (a vendor's agent) and records what passes.
 *
 * With PROFCHECK_AGENT (a library path) and PROFCHECK_AGENT_CLSID in the
 * environment, the class factory hands the runtime the proxy's callback
 * object instead of the profiler's own.  The proxy loads the agent, answers
 * QueryInterface for exactly the callback versions the agent answers,
 * forwards every callback to it and returns its answers.  The agent gets a
 * wrapped ICorProfilerInfo (and, in GetReJITParameters, a wrapped
 * ICorProfilerFunctionControl) that records every call it makes as an
 * AgentCall event before handing the answer back.  The profiler's own
 * recorders still turn the callbacks the case asks for into events; the
 * event mask is the agent's alone.  docs/vendor-guide.md describes it.
 */
#ifndef PROFCHECK_PROXY_H
#define PROFCHECK_PROXY_H

#include <stdint.h>

#include "callback/callback.h"

/* 1 when the environment asks for proxy mode. */
int proxy_wanted(void);

/* The factory's CreateInstance in proxy mode: loads the agent (a failure is
 * reported later, from Initialize) and answers for the proxy object. */
cp_hr proxy_create(const struct cp_guid *iid, void **out);

/* proxy_watch.c: which callback of the agent's each thread is inside.
 * proxy_enter and proxy_leave go around every call into the agent. */
struct proxy_frame {
    const char *saved;
};

void proxy_enter(struct proxy_frame *f, const char *callback);
void proxy_leave(struct proxy_frame *f);
/* The callback the calling thread is inside, innermost, or NULL. */
const char *proxy_current_callback(void);
uint64_t proxy_now_ns(void);
/* Calls hung once for each thread inside a callback that began before
 * now - limit_ns (CLOCK_MONOTONIC, proxy_now_ns), with how long ago. */
void proxy_overdue(uint64_t now, uint64_t limit_ns, void (*hung)(const char *callback, long tid, uint64_t ms));

/* proxy_info.c: the wrapped ICorProfilerInfo the agent is given. */
struct cp_unknown *proxy_info_wrap(struct cp_info *real);
/* A wrapped ICorProfilerFunctionControl, valid until proxy_control_end. */
struct cp_function_control *proxy_control_begin(struct cp_function_control *real, cp_module_id module,
                                                cp_token method);
void proxy_control_end(struct cp_function_control *wrapped);

#endif
