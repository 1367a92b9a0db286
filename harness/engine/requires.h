/*
 * requires.h - what a case needs of the machine, checked before launch.
 *
 * <requires runtime=">=8.0 <11" features="setsid !root"/>: the runtime the
 * fixture will run on must lie in the range, and every feature must be
 * present (or absent, with '!').  A case whose requirements are not met is
 * SKIPPED with a message saying what was missing; it is never started.
 */
#ifndef PROFCHECK_REQUIRES_H
#define PROFCHECK_REQUIRES_H

#include <stddef.h>

#include "../model/case.h"
#include "../util/err.h"

/* Facts about this machine, gathered once per run. */
struct host_facts {
    char **runtimes;   /* installed Microsoft.NETCore.App versions, e.g. "10.0.12" */
    size_t nruntimes;
    int probed;        /* runtimes were asked for */
    char arch[32];     /* "x64", "arm64", ... */
    int root;
    int have_setsid;
};

void host_facts_init(struct host_facts *f);
void host_facts_release(struct host_facts *f);
/* Fills the machine facts; with dotnet, also the installed runtimes
 * (`dotnet --list-runtimes`).  0, or -1 with the reason. */
int host_facts_probe(struct host_facts *f, const char *dotnet, struct err *e);

/* The features a case may name. NULL-terminated. */
extern const char *const requires_features[];

/* Numeric comparison of dotted versions ("10.0.12" > "10.0.9"); <0, 0, >0. */
int version_compare(const char *a, const char *b);

/* One condition on a version: op is ">=", ">", "<=", "<", "=" or "!=", v
 * a dotted version that names a line of versions: the version is compared
 * on as many components as v has, so "=10.0" and "<=10.0" hold for
 * 10.0.12, ">10.0" does not.  1 when it holds, 0 when not, -1 when op or
 * v is malformed. */
int version_condition(const char *op, const char *v, const char *version);

/* A range: space-separated ">=V", ">V", "<=V", "<V" or "=V"
 * (version_condition), all of which must hold.  Returns 1 when version is
 * in range, 0 when not, -1 when the range is malformed. */
int version_in_range(const char *range, const char *version);

/* The runtime version a fixture will run on: its runtimeconfig.json names a
 * framework version, and the highest installed runtime of the same major
 * version that is not older is chosen (the host's default roll-forward).
 * fixture is a name, found in the search path fixtures_dir (app_path.h),
 * or the path of an app's own dll.  0, or -1 with why (no runtimeconfig,
 * no matching runtime). */
int requires_runtime_for(const struct host_facts *f, const char *fixtures_dir, const char *fixture, char *version,
                         size_t size, char *why, size_t why_size);

/* 1 when the case may run, 0 with why when it may not, -1 with why when
 * the facts needed cannot be had.  The runtime is the case's
 * runtime_version when it has one, else found as requires_runtime_for
 * does.  A case loaded for one runtime of several (c->runtime) may not run
 * when its app is built for another runtime (docs/runtimes.md). */
int requires_check(const struct case_def *c, const struct host_facts *f, const char *fixtures_dir, char *why,
                   size_t why_size);

#endif
