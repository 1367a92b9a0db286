#include "opts.h"

#include <string.h>

void opts_init(struct opts *o, int argc, char **argv)
{
    o->argc = argc;
    o->argv = argv;
    o->next = 1;
    o->only_positional = 0;
}

int opts_next(struct opts *o, const struct opt_spec *specs, const char **value, struct err *e)
{
    const char *arg, *eq;
    const struct opt_spec *s;
    size_t len;

    *value = NULL;
    if (o->next >= o->argc)
        return -1;
    arg = o->argv[o->next++];
    if (o->only_positional || arg[0] != '-' || arg[1] == '\0') {
        *value = arg;
        return 0;
    }
    if (strcmp(arg, "--") == 0) {
        o->only_positional = 1;
        return opts_next(o, specs, value, e);
    }
    if (arg[1] == '-') {
        eq = strchr(arg + 2, '=');
        len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        for (s = specs; s->name; s++)
            if (strlen(s->name) == len && strncmp(s->name, arg + 2, len) == 0)
                break;
        if (!s->name)
            return err_set(e, "unknown option '%s'", arg), -2;
        if (!s->has_value) {
            if (eq)
                return err_set(e, "option '--%s' takes no value", s->name), -2;
            return s->id;
        }
        if (eq) {
            *value = eq + 1;
            return s->id;
        }
    } else {
        for (s = specs; s->name; s++)
            if (s->letter && s->letter == arg[1])
                break;
        if (!s->name || (arg[2] != '\0' && !s->has_value))
            return err_set(e, "unknown option '%s'", arg), -2;
        if (!s->has_value)
            return s->id;
        if (arg[2] != '\0') {
            /* "-j2": the value is attached. */
            *value = arg + 2;
            return s->id;
        }
    }
    if (o->next >= o->argc)
        return err_set(e, "option '%s' needs a value", arg), -2;
    *value = o->argv[o->next++];
    return s->id;
}
