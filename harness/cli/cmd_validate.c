#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include "../engine/runtimes.h"
#include "cli.h"
#include "help.h"
#include "opts.h"

enum { OPT_HELP = 1, OPT_QUIET };

static const struct opt_spec specs[] = {
    {"help", 'h', 0, OPT_HELP},
    {"quiet", 'q', 0, OPT_QUIET},
    {NULL, 0, 0, 0},
};

/* The --help text: man/profcheck-validate.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_validate, f);
}

/* The runtimes of the build, if it has any: each case is loaded for each,
 * so that what applies to one runtime only is checked too. */
static void runtimes_for_validation(const struct cli_paths *paths, struct runtime_set *out)
{
    struct err e;

    err_init(&e);
    if (access(paths->runtimes, F_OK) == 0 && runtimes_read(paths->runtimes, paths->fixtures, out, &e) < 0)
        fprintf(stderr, "profcheck validate: %s; cases are checked for no runtime\n", e.msg);
}

static size_t distinct_files(const struct loaded_cases *cases)
{
    size_t n = 0;

    for (size_t i = 0; i < cases->len; i++)
        n += i == 0 || strcmp(cases->v[i].path, cases->v[i - 1].path) != 0;
    return n;
}

int cmd_validate(int argc, char **argv)
{
    struct loaded_cases cases;
    struct cli_paths paths;
    struct runtime_set runtimes;
    char **positional = NULL;
    size_t npositional = 0;
    const char *value;
    struct opts o;
    struct err e;
    int id, bad, quiet = 0, rc = EXIT_PASSED;

    cli_paths_default(&paths);
    runtime_set_init(&runtimes);
    opts_init(&o, argc, argv);
    err_init(&e);
    while ((id = opts_next(&o, specs, &value, &e)) != -1) {
        if (id == -2) {
            fprintf(stderr, "profcheck validate: %s\n", e.msg);
            usage(stderr);
            rc = EXIT_USAGE;
            goto out;
        }
        if (id == OPT_HELP) {
            usage(stdout);
            goto out;
        }
        if (id == OPT_QUIET) {
            quiet = 1;
            continue;
        }
        if (strv_push(&positional, &npositional, value) < 0) {
            fprintf(stderr, "profcheck validate: out of memory\n");
            rc = EXIT_USAGE;
            goto out;
        }
    }
    if (npositional == 0) {
        fprintf(stderr, "profcheck validate: name at least one case file or directory\n");
        usage(stderr);
        rc = EXIT_USAGE;
        goto out;
    }
    runtimes_for_validation(&paths, &runtimes);
    bad = cli_load_cases(positional, npositional, &paths, NULL, &runtimes, 0, &cases, stderr);
    if (bad < 0) {
        rc = EXIT_USAGE;
        goto out;
    }
    if (bad > 0) {
        fprintf(stderr, "%d of %zu case files are invalid\n", bad, distinct_files(&cases) + (size_t)bad);
        rc = EXIT_USAGE;
    } else if (!quiet) {
        size_t files = distinct_files(&cases);
        printf("%zu case file%s valid\n", files, files == 1 ? " is" : "s are");
    }
    loaded_cases_release(&cases);
out:
    runtime_set_release(&runtimes);
    strv_clear(&positional, &npositional);
    return rc;
}
