/*
 * cmd_merge.c - `profcheck merge OUT.xml IN.xml...`: joins JUnit reports
 * (shards of a run, unit tests and the suite) into one and prints the
 * closing line "N passed, N failed, N skipped" over all of them.
 */
#include <stdio.h>
#include <string.h>

#include "../../reports/console.h"
#include "../../reports/junit_merge.h"
#include "cli.h"
#include "opts.h"

enum { OPT_HELP = 1 };

static const struct opt_spec specs[] = {
    {"help", 'h', 0, OPT_HELP},
    {NULL, 0, 0, 0},
};

static void usage(FILE *f)
{
    fputs("usage: profcheck merge OUT.xml IN.xml...\n"
          "\n"
          "Joins JUnit files into OUT.xml, counting the totals again from the test\n"
          "cases, and prints \"N passed, N failed, N skipped\".  Exit code: 0 when\n"
          "nothing failed, 1 when something did, 2 on bad arguments or input.\n",
          f);
}

int cmd_merge(int argc, char **argv)
{
    char **positional = NULL;
    size_t npositional = 0;
    struct tally t = {0, 0, 0};
    const char *value;
    struct opts o;
    struct err e;
    int id, rc;

    opts_init(&o, argc, argv);
    err_init(&e);
    while ((id = opts_next(&o, specs, &value, &e)) != -1) {
        if (id == -2) {
            fprintf(stderr, "profcheck merge: %s\n", e.msg);
            usage(stderr);
            strv_clear(&positional, &npositional);
            return EXIT_USAGE;
        }
        if (id == OPT_HELP) {
            usage(stdout);
            strv_clear(&positional, &npositional);
            return EXIT_PASSED;
        }
        if (strv_push(&positional, &npositional, value) < 0) {
            fprintf(stderr, "profcheck merge: out of memory\n");
            strv_clear(&positional, &npositional);
            return EXIT_USAGE;
        }
    }
    if (npositional < 2) {
        fprintf(stderr, "profcheck merge: name the output file and at least one input\n");
        usage(stderr);
        strv_clear(&positional, &npositional);
        return EXIT_USAGE;
    }
    rc = junit_merge(positional + 1, npositional - 1, positional[0], &t, &e);
    strv_clear(&positional, &npositional);
    if (rc < 0) {
        fprintf(stderr, "profcheck merge: %s\n", e.msg);
        return EXIT_USAGE;
    }
    console_summary(stdout, &t);
    return t.failed ? EXIT_FAILED : EXIT_PASSED;
}
