/*
 * load_outcome.c - <outcome>: the exit code or signal, and the checks on
 * stdout and stderr (caseload_internal.h).
 */
#include "caseload_internal.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static int parse_signal(const char *s, int *out)
{
    static const struct {
        const char *name;
        int sig;
    } sigs[] = {
        {"SIGHUP", SIGHUP},   {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL},
        {"SIGTRAP", SIGTRAP}, {"SIGABRT", SIGABRT}, {"SIGBUS", SIGBUS},   {"SIGFPE", SIGFPE},
        {"SIGKILL", SIGKILL}, {"SIGSEGV", SIGSEGV}, {"SIGPIPE", SIGPIPE}, {"SIGTERM", SIGTERM},
    };
    char *end;
    long n;

    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        if (strcmp(s, sigs[i].name) == 0) {
            *out = sigs[i].sig;
            return 0;
        }
    }
    n = strtol(s, &end, 10);
    if (end == s || *end || n <= 0 || n >= 65)
        return -1;
    *out = (int)n;
    return 0;
}

/* <property name="n" stdout-re="ERE"/> (or stderr-re). */
static int load_property(struct loader *ld, xmlNodePtr n)
{
    struct outcome *o = &ld->c->outcome;
    struct prop_capture *grown, *p;
    int out = has_attr(n, "stdout-re"), err = has_attr(n, "stderr-re"), rc;
    char *text;

    switch (load_applies(ld, n)) {
    case -1:
        return -1;
    case 0:
        return 0;
    default:
        break;
    }
    if (out == err)
        return fail_at(ld, n, "<property> takes stdout-re or stderr-re, one of them");
    grown = realloc(o->props, (o->nprops + 1) * sizeof *grown);
    if (!grown)
        return load_oom(ld);
    o->props = grown;
    p = &o->props[o->nprops++];
    memset(p, 0, sizeof *p);
    p->stream = out ? STREAM_STDOUT : STREAM_STDERR;
    p->line = (int)xmlGetLineNo(n);
    if (attr_to(ld, n, "name", &p->name) < 0)
        return -1;
    for (size_t i = 0; i + 1 < o->nprops; i++)
        if (strcmp(o->props[i].name, p->name) == 0)
            return fail_at(ld, n, "property '%s' is captured twice", p->name);
    text = load_attr(n, out ? "stdout-re" : "stderr-re");
    rc = compile_line_capture(ld, n, text ? text : "", &p->match);
    xmlFree(text);
    return rc;
}

int load_outcome(struct loader *ld, xmlNodePtr node)
{
    struct outcome *o = &ld->c->outcome;
    char *v;

    o->line = (int)xmlGetLineNo(node);
    v = load_attr(node, "exit");
    if (v) {
        o->has_exit = 1;
        o->exit_code = atoi(v);
    }
    xmlFree(v);
    v = load_attr(node, "signal");
    if (v) {
        if (parse_signal(v, &o->signal) < 0) {
            fail_at(ld, node, "unknown signal '%s' (use a name such as SIGSEGV or a number)", v);
            xmlFree(v);
            return -1;
        }
        o->has_signal = 1;
    }
    xmlFree(v);
    if (o->has_exit && o->has_signal)
        return fail_at(ld, node, "<outcome> takes exit or signal, not both");

    for (xmlNodePtr n = first_elem(node->children); n; n = next_elem(n)) {
        static const char *const ops[] = {"contains", "not-contains", "matches", "empty"};
        struct stream_check *sv, *sc;
        int which = -1, count = 0;
        char *text;
        int rc;

        if (is_elem(n, "property")) {
            if (load_property(ld, n) < 0)
                return -1;
            continue;
        }
        if (!is_elem(n, "stdout") && !is_elem(n, "stderr"))
            continue;
        switch (load_applies(ld, n)) {
        case -1:
            return -1;
        case 0:
            continue;
        default:
            break;
        }
        for (int i = 0; i < 4; i++) {
            if (has_attr(n, ops[i])) {
                which = i;
                count++;
            }
        }
        if (count != 1)
            return fail_at(ld, n, "<%s> takes exactly one of contains, not-contains, matches, empty",
                           (const char *)n->name);
        sv = realloc(o->streams, (o->nstreams + 1) * sizeof *sv);
        if (!sv)
            return load_oom(ld);
        o->streams = sv;
        sc = &o->streams[o->nstreams++];
        memset(sc, 0, sizeof *sc);
        sc->stream = is_elem(n, "stdout") ? STREAM_STDOUT : STREAM_STDERR;
        sc->line = (int)xmlGetLineNo(n);
        if (node_source(n, &sc->source) < 0)
            return load_oom(ld);
        text = load_attr(n, ops[which]);
        switch (which) {
        case 0:
            sc->op = STREAM_CONTAINS;
            break;
        case 1:
            sc->op = STREAM_NOT_CONTAINS;
            break;
        case 2:
            sc->op = STREAM_MATCHES;
            break;
        default:
            sc->op = STREAM_EMPTY;
            if (!parse_bool(text)) {
                xmlFree(text);
                return fail_at(ld, n, "empty=\"false\" checks nothing: leave it out");
            }
            break;
        }
        rc = compile_line_match(ld, n, text ? text : "", which == 2, &sc->match);
        xmlFree(text);
        if (rc < 0)
            return rc;
    }
    return 0;
}
