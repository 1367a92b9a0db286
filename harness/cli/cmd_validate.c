#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "opts.h"

enum { OPT_HELP = 1, OPT_QUIET };

static const struct opt_spec specs[] = {
    {"help", 'h', 0, OPT_HELP},
    {"quiet", 'q', 0, OPT_QUIET},
    {NULL, 0, 0, 0},
};

static void usage(FILE *f)
{
    fputs("usage: profcheck validate [-q] FILE|DIR...\n"
          "\n"
          "Checks case files against the case schema and for what the schema cannot\n"
          "express (event and field names, HRESULTs, regexes, captures).  Every error\n"
          "is printed as FILE:LINE: MESSAGE; the exit code is 2 when there is one.\n"
          "  -q, --quiet  print nothing when all files are valid\n",
          f);
}

int cmd_validate(int argc, char **argv)
{
    struct loaded_cases cases;
    struct cli_paths paths;
    char **positional = NULL;
    size_t npositional = 0;
    const char *value;
    struct opts o;
    struct err e;
    int id, bad, quiet = 0, rc = EXIT_PASSED;

    cli_paths_default(&paths);
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
    bad = cli_load_cases(positional, npositional, &paths, NULL, &cases, stderr);
    if (bad < 0) {
        rc = EXIT_USAGE;
        goto out;
    }
    if (bad > 0) {
        fprintf(stderr, "%d of %zu case files are invalid\n", bad, cases.len + (size_t)bad);
        rc = EXIT_USAGE;
    } else if (!quiet) {
        printf("%zu case file%s valid\n", cases.len, cases.len == 1 ? " is" : "s are");
    }
    loaded_cases_release(&cases);
out:
    strv_clear(&positional, &npositional);
    return rc;
}
