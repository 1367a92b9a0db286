/*
 * cli.h - the profcheck subcommands and what they share.
 *
 * Exit codes: 0 all passed; 1 a case failed; 2 usage or case-file error;
 * 3 environment error (no dotnet, profiler or fixtures missing).
 */
#ifndef PROFCHECK_CLI_H
#define PROFCHECK_CLI_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "../caseload/caseload.h"
#include "../engine/suite.h"
#include "../model/case.h"
#include "../model/runtime.h"
#include "../util/version.h"
#include "layout.h"

#define EXIT_PASSED 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_ENVIRONMENT 3

/* Cases to work on: collected from paths (the default suite when none),
 * filtered by id, loaded, filtered by tags.  Every broken case file is
 * reported on errf as "file:line: message"; returns the number of them, or
 * -1 when the arguments themselves are wrong (message printed).
 * With runtimes (NULL: none known), each file is loaded for each runtime
 * and every variant runs on each (a case with runtimes="once" on the
 * newest only), in the order case, variant, runtime; --filter sees the id
 * without the runtime's label (docs/runtimes.md). */
struct loaded_cases {
    struct case_def *v;
    size_t len;
};

/* vendor_agent: run --agent was given (when="agent=reference" holds for no case). */
int cli_load_cases(char **paths, size_t npaths, const struct cli_paths *defaults, const struct selection *sel,
                   const struct runtime_set *runtimes, int vendor_agent, struct loaded_cases *out, FILE *errf);
void loaded_cases_release(struct loaded_cases *l);

/* A whole number in [min, max]; 0, or -1 with a message naming the option. */
int cli_parse_count(const char *command, const char *what, const char *value, long min, long max, long *out);
/* "I/N" with 1 <= I <= N; 0, or -1 with a message. */
int cli_parse_shard(const char *command, const char *value, size_t *index, size_t *total);
/* --shard I/N from PROFCHECK_SHARD_INDEX and PROFCHECK_TOTAL_SHARDS when the
 * option did not give one (total 0); 0, or -1 with a message printed. */
int cli_shard_from_env(const char *command, size_t *index, size_t *total);
/* Keeps shard index of total (no change when total is 0); 0 or -1. */
int cli_apply_shard(struct loaded_cases *l, size_t index, size_t total);

/* Prints prefix and text on one line, text escaped for a terminal (case ids
 * and file names may hold control characters and newlines). */
void cli_print_line(FILE *f, const char *prefix, const char *text);

/* Appends to a NULL-terminated, malloc'd vector; 0 or -1. */
int strv_push(char ***v, size_t *n, const char *s);
void strv_clear(char ***v, size_t *n);

/* Starts one app under the proxy with run --agent's agent (like's app):
 * 0 when the agent loads and its Initialize succeeds, 1 with why (the
 * cause, in a sentence or two) when not, -1 when out of memory. */
struct run_env;
struct strbuf;
int agent_probe(const struct run_env *env, const struct case_def *like, struct strbuf *why);

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_paths(int argc, char **argv);

#endif
