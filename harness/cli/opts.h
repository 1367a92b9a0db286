/*
 * opts.h - command-line options: "--name value", "--name=value", "-x value",
 * "-xvalue", "-v", and "--" to end options.  No global state.
 */
#ifndef PROFCHECK_OPTS_H
#define PROFCHECK_OPTS_H

#include "../util/err.h"

struct opt_spec {
    const char *name; /* long name without "--" */
    char letter;      /* short name, or 0 */
    int has_value;
    int id;           /* > 0 */
};

struct opts {
    int argc;
    char **argv;
    int next;
    int only_positional;
};

void opts_init(struct opts *o, int argc, char **argv);

/* Returns the id of the next option (with *value set when it takes one),
 * 0 for a positional argument (in *value), -1 at the end, -2 on an error
 * (unknown option, missing value; the message is in e). */
int opts_next(struct opts *o, const struct opt_spec *specs, const char **value, struct err *e);

#endif
