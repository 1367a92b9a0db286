#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/requires.h"
#include "cli.h"
#include "help.h"
#include "opts.h"
#include "targets.h"

enum { OPT_FILTER = 1, OPT_TAG, OPT_SHARD, OPT_ALLOW_EMPTY, OPT_DOTNET, OPT_RUNTIME, OPT_FIXTURES, OPT_HELP };

static const struct opt_spec specs[] = {
    {"filter", 0, 1, OPT_FILTER},
    {"tag", 0, 1, OPT_TAG},
    {"shard", 0, 1, OPT_SHARD},
    {"allow-empty", 0, 0, OPT_ALLOW_EMPTY},
    {"dotnet", 0, 1, OPT_DOTNET},
    {"runtime", 0, 1, OPT_RUNTIME},
    {"fixtures", 0, 1, OPT_FIXTURES},
    {"help", 'h', 0, OPT_HELP},
    {NULL, 0, 0, 0},
};

/* The --help text: man/profcheck-list.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_list, f);
}

/*
 * One id per line; a case whose requirements are unmet gets the reason
 * `run` would skip it with.  Each case knows the runtime it runs on when
 * the targets could tell (targets.h); otherwise its runtime range is not
 * checked, and the line says why.
 */
static void print_cases(const struct loaded_cases *cases, const struct targets *t)
{
    for (size_t i = 0; i < cases->len; i++) {
        const struct case_def *c = &cases->v[i];
        char why[512];
        int ok = 1;

        if (c->requires.runtime && !c->runtime_version) {
            snprintf(why, sizeof why, "%s", t->problem[0] ? t->problem : "the runtime is not known");
            ok = -1;
        } else if (c->requires.runtime || c->requires.nfeatures || c->runtime) {
            ok = requires_check(c, &t->facts, c->fixtures_dir ? c->fixtures_dir : t->fixtures, why, sizeof why);
        }
        if (ok == 1) {
            cli_print_line(stdout, "", c->id);
        } else {
            struct strbuf line = STRBUF_INIT;
            strbuf_addf(&line, "%s  (%s: %s)", c->id, ok == 0 ? "skipped" : "requirements not checked", why);
            cli_print_line(stdout, "", strbuf_str(&line));
            strbuf_release(&line);
        }
    }
}

int cmd_list(int argc, char **argv)
{
    struct selection sel = {0};
    struct loaded_cases cases;
    struct cli_paths paths;
    char **positional = NULL;
    size_t npositional = 0;
    struct target_opts topts = {0};
    struct targets targets;
    const char *value;
    struct opts o;
    struct err e;
    size_t shard_index = 0, shard_total = 0;
    int id, bad, allow_empty = 0, rc = EXIT_PASSED;

    cli_paths_default(&paths);
    targets_init(&targets);
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
        case OPT_SHARD:
            ok = cli_parse_shard("list", value, &shard_index, &shard_total);
            break;
        case OPT_ALLOW_EMPTY:
            allow_empty = 1;
            break;
        case OPT_DOTNET:
            topts.dotnet = value;
            break;
        case OPT_RUNTIME:
            ok = targets_runtime_ok("list", value) ? strv_push(&topts.runtimes, &topts.nruntimes, value) : -1;
            break;
        case OPT_FIXTURES:
            ok = strv_push(&topts.fixtures, &topts.nfixtures, value);
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
    if (cli_shard_from_env("list", &shard_index, &shard_total) < 0) {
        rc = EXIT_USAGE;
        goto out;
    }
    rc = targets_resolve("list", &topts, &paths, &targets);
    if (rc != 0)
        goto out;
    if (targets.by_line && targets.problem[0])
        fprintf(stderr, "profcheck list: %s: every runtime of %s is listed, and `run` would stop\n", targets.problem,
                targets.listing);
    bad = cli_load_cases(positional, npositional, &paths, &sel, &targets.set, 0, &cases, stderr);
    if (bad != 0) {
        rc = EXIT_USAGE;
        if (bad > 0)
            loaded_cases_release(&cases);
        goto out;
    }
    if (cases.len == 0 && !allow_empty) {
        fprintf(stderr, "profcheck list: no case matches the selection (--allow-empty accepts that)\n");
        loaded_cases_release(&cases);
        rc = EXIT_USAGE;
        goto out;
    }
    if (cli_apply_shard(&cases, shard_index, shard_total) < 0) {
        loaded_cases_release(&cases);
        rc = EXIT_USAGE;
        goto out;
    }
    print_cases(&cases, &targets);
    loaded_cases_release(&cases);
out:
    targets_release(&targets);
    strv_clear(&topts.runtimes, &topts.nruntimes);
    strv_clear(&topts.fixtures, &topts.nfixtures);
    strv_clear(&positional, &npositional);
    strv_clear(&sel.filters, &sel.nfilters);
    strv_clear(&sel.tags, &sel.ntags);
    return rc;
}
