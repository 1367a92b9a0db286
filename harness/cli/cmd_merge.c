/*
 * cmd_merge.c - `profcheck merge [--html FILE] OUT.xml IN.xml...`: joins
 * JUnit reports (shards of a run, unit tests and the suite) into one,
 * optionally makes the HTML page of the merged report, and prints the
 * closing line "N passed, N failed, N skipped" over all of them.
 *
 * The page is made from the merged file as written (junit_read.h): what a
 * JUnit report carries is what the page of a run shows, so the page of
 * merged shards looks like the page of one run over all of them.
 */
#include <stdio.h>
#include <string.h>

#include "../../reports/console.h"
#include "../../reports/html.h"
#include "../../reports/junit_read.h"
#include "../../reports/junit_merge.h"
#include "cli.h"
#include "help.h"
#include "opts.h"

enum { OPT_HELP = 1, OPT_HTML };

static const struct opt_spec specs[] = {
    {"help", 'h', 0, OPT_HELP},
    {"html", 0, 1, OPT_HTML},
    {NULL, 0, 0, 0},
};

/* The --help text: man/profcheck-merge.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_merge, f);
}

/* The page of the merged report; 0, or -1 with a message printed. */
static int write_page(const char *merged, const char *page)
{
    struct junit_doc d;
    struct html_meta meta;
    struct err e;
    int rc;

    err_init(&e);
    if (junit_read(merged, &d, &e) < 0) {
        fprintf(stderr, "profcheck merge: %s\n", e.msg);
        return -1;
    }
    meta.title = "profcheck";
    meta.timestamp = d.timestamp;
    meta.runtime = NULL;
    for (size_t i = 0; i < d.nprops; i++)
        if (strcmp(d.props[i].name, JUNIT_PROP_RUNTIME) == 0)
            meta.runtime = d.props[i].value;
    meta.props = d.prop_view;
    meta.nprops = d.nprops;
    rc = html_write(page, d.results, d.n, &meta, &e);
    if (rc < 0)
        fprintf(stderr, "profcheck merge: %s\n", e.msg);
    junit_doc_release(&d);
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    char **positional = NULL;
    size_t npositional = 0;
    struct tally t = {0, 0, 0};
    const char *value, *page = NULL;
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
        if (id == OPT_HTML) {
            page = value;
            continue;
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
    if (rc < 0) {
        fprintf(stderr, "profcheck merge: %s\n", e.msg);
        strv_clear(&positional, &npositional);
        return EXIT_USAGE;
    }
    if (page && write_page(positional[0], page) < 0) {
        strv_clear(&positional, &npositional);
        return EXIT_ENVIRONMENT;
    }
    strv_clear(&positional, &npositional);
    console_summary(stdout, &t);
    return t.failed ? EXIT_FAILED : EXIT_PASSED;
}
