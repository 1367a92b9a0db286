/*
 * cmd_paths.c - `profcheck paths`: where profcheck takes each of its files
 * from, and the host and runtimes a run would use (cli/layout.h,
 * cli/targets.h, docs/install.md).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "help.h"
#include "opts.h"
#include "targets.h"

enum { OPT_HELP = 1, OPT_DOTNET, OPT_RUNTIME, OPT_FIXTURES, OPT_PROFILER };

static const struct opt_spec specs[] = {
    {"help", 'h', 0, OPT_HELP},
    {"dotnet", 0, 1, OPT_DOTNET},
    {"runtime", 0, 1, OPT_RUNTIME},
    {"fixtures", 0, 1, OPT_FIXTURES},
    {"profiler", 0, 1, OPT_PROFILER},
    {NULL, 0, 0, 0},
};

/* The --help text: man/profcheck-paths.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_paths, f);
}

/* One line: name, path, where it comes from, and [missing] when it does not exist. */
static void show(const char *name, const char *path, const char *from)
{
    int there = path[0] && access(path, F_OK) == 0;

    printf("%-10s %s (%s)%s\n", name, path[0] ? path : "-", from, there ? "" : " [missing]");
}

static void show_targets(const struct targets *t, const struct target_opts *o, const struct cli_paths *paths)
{
    const char *from = o->dotnet ? "--dotnet" : paths->dotnet[0] && t->set.labelled ? "the build's .NET root" : "PATH";

    show("dotnet", t->dotnet, from);
    if (t->problem[0])
        printf("%-10s %s\n", "problem", t->problem);
    if (!t->set.labelled) {
        printf("%-10s one, %s, with the fixtures of %s\n", "runtime",
               t->set.n && t->set.v[0].version ? t->set.v[0].version : "version unknown", t->fixtures);
        return;
    }
    for (size_t i = 0; i < t->set.n; i++)
        printf("%-10s %s on %s%s\n", "runtime", t->set.v[i].tfm, t->set.v[i].version ? t->set.v[i].version : "?",
               t->by_line ? " (the host's)" : "");
    if (t->skipped[0])
        printf("%-10s %s\n", "left out", t->skipped);
}

int cmd_paths(int argc, char **argv)
{
    struct target_opts topts = {0};
    struct cli_paths paths;
    struct targets targets;
    const char *value, *profiler = NULL;
    struct opts o;
    struct err e;
    int id, rc = EXIT_PASSED;

    cli_paths_default(&paths);
    targets_init(&targets);
    opts_init(&o, argc, argv);
    err_init(&e);
    while ((id = opts_next(&o, specs, &value, &e)) != -1) {
        int ok = 0;

        switch (id) {
        case -2:
            fprintf(stderr, "profcheck paths: %s\n", e.msg);
            usage(stderr);
            rc = EXIT_USAGE;
            goto out;
        case 0:
            fprintf(stderr, "profcheck paths: takes no arguments, not '%s'\n", value);
            rc = EXIT_USAGE;
            goto out;
        case OPT_DOTNET:
            topts.dotnet = value;
            break;
        case OPT_RUNTIME:
            ok = targets_runtime_ok("paths", value) ? strv_push(&topts.runtimes, &topts.nruntimes, value) : -1;
            break;
        case OPT_FIXTURES:
            ok = strv_push(&topts.fixtures, &topts.nfixtures, value);
            break;
        case OPT_PROFILER:
            profiler = value;
            break;
        case OPT_HELP:
            usage(stdout);
            goto out;
        }
        if (ok < 0) {
            rc = EXIT_USAGE;
            goto out;
        }
    }
    printf("profcheck %s%s%s%s\n", PROFCHECK_VERSION, profcheck_revision[0] ? " (" : "", profcheck_revision,
           profcheck_revision[0] ? ")" : "");
    show("binary", paths.exe, "/proc/self/exe");
    if (paths.layout == LAYOUT_BUILD)
        printf("%-10s build tree %s, sources %s\n", "layout", paths.build, paths.source);
    else
        printf("%-10s installed under %s\n", "layout", paths.build);
    show("cases", paths.cases, paths.data_from);
    for (size_t i = 0; i < topts.nfixtures; i++)
        show("fixtures", topts.fixtures[i], "--fixtures, searched first");
    show("fixtures", paths.fixtures, paths.data_from);
    show("runtimes", paths.runtimes, paths.data_from);
    show("schemas", paths.schemas, paths.data_from);
    show("profiler", profiler ? profiler : paths.profiler, profiler ? "--profiler" : paths.lib_from);
    show("agents", paths.agents, paths.lib_from);
    printf("%-10s %s (%s)\n", "reports", paths.reports,
           paths.layout == LAYOUT_BUILD ? "build tree" : "in the current directory");
    /* What run would do with these options; its messages go to stderr. */
    topts.quiet = 1;
    rc = targets_resolve("paths", &topts, &paths, &targets);
    if (rc == 0) {
        show_targets(&targets, &topts, &paths);
        if (targets_check("paths", &targets) != 0)
            rc = EXIT_ENVIRONMENT;
    }
out:
    targets_release(&targets);
    strv_clear(&topts.runtimes, &topts.nruntimes);
    strv_clear(&topts.fixtures, &topts.nfixtures);
    return rc;
}
