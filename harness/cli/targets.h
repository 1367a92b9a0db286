/*
 * targets.h - the runtimes a `run` or `list` works on (docs/runtimes.md).
 *
 * --runtime R (repeatable, or a comma list; "all") picks runtimes of the
 * build's private .NET root, BUILD/dotnet/runtimes.txt: every selected case
 * then runs once per runtime, with BUILD/dotnet/dotnet (or --dotnet).
 * Without --runtime, --dotnet or --fixtures given keep a run on one
 * runtime: that host (default: dotnet on PATH), ids without a label.  With
 * none of the three, a build that has runtimes.txt runs on all of them,
 * one without it on one runtime as above.  PROFCHECK_RUNTIME=R stands for
 * --runtime R when no --runtime is given.
 *
 * Fixtures are looked for along a search path (engine/app_path.h): each
 * --fixtures DIR in the order given (every one must exist), then the
 * build's.  On one runtime that is DIR..., then BUILD/fixtures; on several,
 * for the runtime of target framework T, DIR/T/ (when there is one) and
 * DIR/ for each DIR, then BUILD/fixtures/T/.
 *
 * An installed profcheck (or one given PROFCHECK_DATA_DIR, cli/layout.h)
 * has no .NET root of its own: DATA/runtimes.txt lists the runtimes its
 * fixtures (DATA/fixtures/T/, in place of BUILD/fixtures/T/) are built
 * for, and each runs on the host's newest runtime of the same line (8.0 on
 * 8.0.x), the host being --dotnet or dotnet on PATH.  Only --fixtures
 * without --runtime keeps such a run on one runtime.  A listed runtime the
 * host lacks is left out and said so (targets.skipped); one named by
 * --runtime is an environment error.
 */
#ifndef PROFCHECK_TARGETS_H
#define PROFCHECK_TARGETS_H

#include <limits.h>
#include <stddef.h>

#include "../engine/requires.h"
#include "../model/runtime.h"
#include "cli.h"

struct target_opts {
    char **runtimes; /* --runtime values */
    size_t nruntimes;
    const char *dotnet;   /* --dotnet, or NULL */
    char **fixtures;      /* --fixtures values, in order */
    size_t nfixtures;
    int quiet;            /* say nothing about runtimes left out */
};

struct targets {
    char dotnet[PATH_MAX];   /* the host, absolute ("" when none was found) */
    char fixtures[4 * PATH_MAX]; /* one runtime: the fixtures search path; several: the build's fixtures */
    char build_fixtures[PATH_MAX]; /* BUILD/fixtures, absolute (several: the directory of their <tfm>/ folders) */
    char version_dir[PATH_MAX];    /* one runtime: the directory whose fixtures gave the version */
    char listing[PATH_MAX];  /* several: the runtimes.txt they come from */
    struct runtime_set set;  /* one unlabelled target, or the labelled selection */
    struct host_facts facts; /* the host's runtimes once asked (targets_check), the machine's features */
    char *const *given;      /* the --fixtures directories (the options' own), checked by targets_check */
    size_t ngiven;
    char problem[1024];      /* one runtime, or by line: why the version is not known, or "" */
    int host_broken;         /* the problem is the host's (it cannot list runtimes) */
    int by_line;             /* several: versions are the host's, matched by MAJOR.MINOR (a data directory) */
    char skipped[1024];      /* by line: the runtimes left out and why, or "" */
    const char *hint;        /* what to do about a missing file (cli_paths.hint) */
};

void targets_init(struct targets *t);
void targets_release(struct targets *t);

/* 1 when each comma-separated word of value names a runtime (a message
 * printed for `command` when not). */
int targets_runtime_ok(const char *command, const char *value);

/* Decides the runtimes before any case is loaded (their versions decide
 * `when`).  0, or EXIT_ENVIRONMENT with a message: a runtime that is not
 * built, a broken runtimes.txt (EXIT_USAGE: PROFCHECK_RUNTIME names none). */
int targets_resolve(const char *command, const struct target_opts *o, const struct cli_paths *paths,
                    struct targets *t);

/* Before cases run: the host exists and has every runtime (for one
 * runtime: one of the fixtures' major version), the fixtures exist.  0,
 * or EXIT_ENVIRONMENT with one message. */
int targets_check(const char *command, struct targets *t);

#endif
