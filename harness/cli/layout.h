/*
 * layout.h - where profcheck's own files are (docs/install.md).
 *
 * profcheck finds them from its own location, /proc/self/exe, in one of
 * two layouts:
 *
 *   build tree   BUILD/bin/profcheck, with BUILD/layout.txt naming the
 *                source tree (written by CMake): cases from SOURCE/cases,
 *                the profiler BUILD/lib/libprofcheck_ref.so, the agents
 *                BUILD/agents, the fixtures BUILD/fixtures, the private
 *                .NET root BUILD/dotnet with its runtimes.txt, reports
 *                into BUILD/reports.
 *   installed    PREFIX/bin/profcheck: the profiler and the agents in
 *                PREFIX/lib/profcheck, the data in PREFIX/share/profcheck
 *                (cases/, fixtures/<tfm>/, runtimes.txt, schemas/), the
 *                host `dotnet` on PATH, reports into ./profcheck-reports.
 *
 * PROFCHECK_DATA_DIR=DIR takes the data from DIR, laid out as
 * share/profcheck, and PROFCHECK_LIB_DIR=DIR the profiler and the agents
 * from DIR, in either layout.  A data directory (installed, or given) has
 * no .NET root of its own: its runtimes are matched against the host's
 * (cli/targets.h).
 */
#ifndef PROFCHECK_LAYOUT_H
#define PROFCHECK_LAYOUT_H

#include <limits.h>

enum cli_layout { LAYOUT_BUILD, LAYOUT_INSTALLED };

struct cli_paths {
    enum cli_layout layout;
    char exe[PATH_MAX];      /* this binary, from /proc/self/exe ("" when unknown) */
    char build[PATH_MAX];    /* the build tree, or the installation prefix */
    char source[PATH_MAX];   /* build tree: the source tree of BUILD/layout.txt */
    char data[PATH_MAX];     /* the data directory ("" in a build tree without PROFCHECK_DATA_DIR) */
    char lib[PATH_MAX];      /* where the profiler is */
    char cases[PATH_MAX];    /* the suite */
    char fixtures[PATH_MAX]; /* the fixtures: their <tfm>/ folders (and, in a build tree, <Name> links) */
    char runtimes[PATH_MAX]; /* the list of runtimes the fixtures are built for */
    char schemas[PATH_MAX];  /* the report schemas */
    char profiler[PATH_MAX]; /* the reference profiler */
    char agents[PATH_MAX];   /* the demonstration agents */
    char reports[PATH_MAX];  /* where reports go by default */
    char dotnet[PATH_MAX];   /* the build's private .NET host; "" when the host is taken from PATH */
    const char *data_from;   /* where the data comes from: "build tree", "installed", "PROFCHECK_DATA_DIR" */
    const char *lib_from;    /* the same for lib: "build tree", "installed", "PROFCHECK_LIB_DIR" */
    const char *hint;        /* what to do about a missing file: "run `make build`", ... */
};

/* The paths for a binary at exe (NULL or "": unknown), with data_dir and
 * lib_dir (NULL or "": not given) as PROFCHECK_DATA_DIR and
 * PROFCHECK_LIB_DIR.  A build tree is recognised by BUILD/layout.txt;
 * anything else is taken as an installation. */
void layout_detect(struct cli_paths *p, const char *exe, const char *data_dir, const char *lib_dir);

/* layout_detect for this process: /proc/self/exe and the environment. */
void cli_paths_default(struct cli_paths *p);

#endif
