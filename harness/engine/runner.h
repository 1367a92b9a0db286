/*
 * runner.h - runs one case: starts the fixture (under the profiler), drives
 * its steps live over stdin/stdout and the channel, enforces the deadlines,
 * kills the whole process tree, and turns what was recorded into a result.
 */
#ifndef PROFCHECK_RUNNER_H
#define PROFCHECK_RUNNER_H

#include <signal.h>
#include <stdio.h>

#include "../model/case.h"
#include "../model/result.h"

struct run_env {
    const char *dotnet;        /* path of the dotnet host */
    const char *fixtures_dir;  /* where <Fixture>/<Fixture>.dll are: directories separated by ':' (app_path.h) */
    const char *profiler_path; /* the profiler library */
    const char *clsid;         /* its CLSID, "{...}" */
    const char *tmp_root;      /* where each case's private directory is made (rundir.h) */
    double timeout_scale;      /* multiplies every timeout */
    FILE *trace;               /* -v: steps and events as they happen, or NULL */
    int attempt;               /* 1 for the first run of a case, 2 for its first retry, ... */
    const volatile sig_atomic_t *stop; /* becomes nonzero on SIGINT/SIGTERM */
    const char *const *child_env; /* "NAME=VALUE" added to every app's environment (--child-env) */
    size_t nchild_env;
    const char *agent_path;    /* run --agent: the agent of the agent-neutral cases, or NULL */
    const char *agent_clsid;   /* its CLSID */
    const char *agents_dir;    /* where the demonstration agents are built (build/agents) */
};

/* Fills out (which the caller releases).  Returns 0, or -1 when memory runs
 * out; everything else is a verdict in out. */
int runner_run(const struct run_env *env, const struct case_def *c, struct result *out);

#endif
