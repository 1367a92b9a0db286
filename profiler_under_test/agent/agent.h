/*
 * agent.h - the reference profiler's own agent (ref_agent.c), which the
 * agent-neutral cases run behind the proxy when no vendor's agent is
 * given.  It shares the library, not the profiler's state: it uses only
 * the quiet callback table below it.
 */
#ifndef PROFCHECK_AGENT_H
#define PROFCHECK_AGENT_H

#include "abi/cp_unknown.h"

/* PROFCHECK_AGENT_CLSID_TEXT as a GUID. */
extern const struct cp_guid profcheck_agent_clsid;

/* The class factory's CreateInstance for the agent's CLSID (dllmain.c). */
cp_hr ref_agent_create(const struct cp_guid *iid, void **out);

#endif
