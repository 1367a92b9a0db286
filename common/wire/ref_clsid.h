/*
 * ref_clsid.h - the reference profiler's CLSID, which the harness passes as
 * CORECLR_PROFILER and the profiler's DllGetClassObject answers to.
 */
#ifndef PROFCHECK_REF_CLSID_H
#define PROFCHECK_REF_CLSID_H

#define PROFCHECK_REF_CLSID_TEXT "{D44BE2FE-5787-48B9-ADD7-ED2497A9A74A}"

/* The reference profiler's own agent (ref_agent.c), for proxy mode. */
#define PROFCHECK_AGENT_CLSID_TEXT "{6C1D3E42-0B7A-4F0E-9A51-3E7D21C45890}"

#endif
