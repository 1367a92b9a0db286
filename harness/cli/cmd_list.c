#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "opts.h"

enum { OPT_FILTER = 1, OPT_TAG, OPT_HELP };

static const struct opt_spec specs[] = {
    {"filter", 0, 1, OPT_FILTER},
    {"tag", 0, 1, OPT_TAG},
    {"help", 'h', 0, OPT_HELP},
    {NULL, 0, 0, 0},
};

static void usage(FILE *f)
{
    fputs("usage: profcheck list [--filter GLOB]... [--tag TAG]... [CASE|DIR]...\n"
          "\n"
          "Prints the id of every selected case, one per line, sorted.\n"
          "  --filter GLOB  keep cases whose id matches GLOB ('*', '?'); '!GLOB' drops them\n"
          "  --tag TAG      keep cases that have TAG (repeat to require several)\n"
          "Without CASE or DIR the whole suite is listed.\n",
          f);
}

int cmd_list(int argc, char **argv)
{
    struct selection sel = {0};
    struct loaded_cases cases;
    struct cli_paths paths;
    char **positional = NULL;
    size_t npositional = 0;
    const char *value;
    struct opts o;
    struct err e;
    int id, bad, rc = EXIT_PASSED;

    cli_paths_default(&paths);
    opts_init(&o, argc, argv);
    err_init(&e);
    while ((id = opts_next(&o, specs, &value, &e)) != -1) {
        int ok = 0;
        switch (id) {
        case -2:
            fprintf(stderr, "profcheck list: %s\n", e.msg);
            usage(stderr);
            rc = EXIT_USAGE;
            goto out;
        case 0:
            ok = strv_push(&positional, &npositional, value);
            break;
        case OPT_FILTER:
            ok = strv_push(&sel.filters, &sel.nfilters, value);
            break;
        case OPT_TAG:
            ok = strv_push(&sel.tags, &sel.ntags, value);
            break;
        case OPT_HELP:
            usage(stdout);
            goto out;
        }
        if (ok < 0) {
            fprintf(stderr, "profcheck list: out of memory\n");
            rc = EXIT_USAGE;
            goto out;
        }
    }
    bad = cli_load_cases(positional, npositional, &paths, &sel, &cases, stderr);
    if (bad != 0) {
        rc = EXIT_USAGE;
        if (bad > 0)
            loaded_cases_release(&cases);
        goto out;
    }
    for (size_t i = 0; i < cases.len; i++)
        printf("%s\n", cases.v[i].id);
    loaded_cases_release(&cases);
out:
    strv_clear(&positional, &npositional);
    strv_clear(&sel.filters, &sel.nfilters);
    strv_clear(&sel.tags, &sel.ntags);
    return rc;
}
